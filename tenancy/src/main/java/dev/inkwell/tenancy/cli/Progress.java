package dev.inkwell.tenancy.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * "uploaded 12/40 files, 1.2 MB" on stderr: redrawn in place on a terminal, otherwise one line per tenth of the files
 * (logs of CI jobs stay short).
 */
final class Progress {

  private final PrintWriter err;
  private final boolean terminal;
  private final int total;
  private int done;
  private long bytes;
  private int tenthsShown;

  Progress(PrintWriter err, boolean terminal, int total) {
    this.err = err;
    this.terminal = terminal;
    this.total = total;
  }

  void add(long size) {
    done++;
    bytes += size;
    if (terminal) {
      err.print("\r" + line() + "\u001b[K");
      if (done == total) {
        err.println();
      }
    } else {
      int tenths = done * 10 / total;
      if (tenths > tenthsShown) {
        tenthsShown = tenths;
        err.println(line());
      }
    }
    err.flush();
  }

  /** Ends an in-place line early (an upload failed) so the error starts on its own line. */
  void interrupt() {
    if (terminal && done > 0 && done < total) {
      err.println();
    }
  }

  int done() {
    return done;
  }

  long bytes() {
    return bytes;
  }

  private String line() {
    return "uploaded " + done + "/" + total + " files, " + size(bytes);
  }

  /** Decimal units, one decimal above a kilobyte: "512 B", "12.3 kB", "1.2 MB". */
  static String size(long bytes) {
    if (bytes < 1000) {
      return bytes + " B";
    }
    String[] units = {"kB", "MB", "GB", "TB"};
    double v = bytes;
    int u = -1;
    while (v >= 1000 && u < units.length - 1) {
      v /= 1000;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
