package dev.inkwell.runtime.log;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * One line per log record: {@code time level logger key=value... message}. Records from function code
 * ({@code inkwell.function}) carry app, function and request id as key/value parameters.
 */
public final class LineFormatter extends Formatter {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_INSTANT.withZone(ZoneOffset.UTC);

  @Override
  public String format(LogRecord r) {
    StringBuilder sb = new StringBuilder(160);
    TIME.formatTo(Instant.ofEpochMilli(r.getMillis()), sb);
    sb.append(' ').append(level(r.getLevel())).append(' ').append(shortName(r.getLoggerName())).append(' ');
    Object[] params = r.getParameters();
    String message = r.getMessage();
    if (params != null && params.length % 2 == 0 && params.length > 0 && params[0] instanceof String key
        && !message.contains("{0}") && key.chars().allMatch(Character::isLetter)) {
      for (int i = 0; i < params.length; i += 2) {
        sb.append(params[i]).append('=').append(params[i + 1]).append(' ');
      }
    } else if (params != null && params.length > 0) {
      message = formatMessage(r);
    }
    sb.append(message == null ? "" : message.replace("\n", "\n    "));
    if (r.getThrown() != null) {
      StringWriter sw = new StringWriter();
      r.getThrown().printStackTrace(new PrintWriter(sw));
      sb.append("\n    ").append(sw.toString().trim().replace("\n", "\n    "));
    }
    return sb.append('\n').toString();
  }

  private static String level(Level l) {
    if (l.intValue() >= Level.SEVERE.intValue()) {
      return "ERROR";
    }
    if (l.intValue() >= Level.WARNING.intValue()) {
      return "WARN ";
    }
    if (l.intValue() >= Level.INFO.intValue()) {
      return "INFO ";
    }
    return "DEBUG";
  }

  private static String shortName(String name) {
    if (name == null) {
      return "-";
    }
    int dot = name.lastIndexOf('.');
    return name.startsWith("inkwell.") ? name : dot >= 0 ? name.substring(dot + 1) : name;
  }

  /** Routes java.util.logging (ours, Netty's, the MongoDB driver's) to stderr in this format. */
  public static void install(Level level) {
    LogManager.getLogManager().reset();
    Logger root = Logger.getLogger("");
    Handler h = new ConsoleHandler();
    h.setFormatter(new LineFormatter());
    h.setLevel(Level.ALL);
    root.addHandler(h);
    root.setLevel(level);
    // The driver, Netty and the embedded MongoDB stand-in are chatty at INFO about connections; warnings still show.
    Logger.getLogger("org.mongodb.driver").setLevel(Level.WARNING);
    Logger.getLogger("io.netty").setLevel(Level.WARNING);
    Logger.getLogger("de.bwaldvogel").setLevel(Level.WARNING);
  }
}
