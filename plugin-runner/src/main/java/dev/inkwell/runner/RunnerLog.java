package dev.inkwell.runner;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * Log lines for APISIX's error.log: APISIX copies the runner's stdout there, one warn-level entry per read, so each of
 * our records is one line ({@code inkwell-runner <time> <LEVEL> <logger>: message}); stack traces are indented.
 */
final class RunnerLog extends Formatter {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_INSTANT.withZone(ZoneOffset.UTC);

  @Override
  public String format(LogRecord r) {
    StringBuilder sb = new StringBuilder(128).append("inkwell-runner ");
    TIME.formatTo(Instant.ofEpochMilli(r.getMillis()), sb);
    String name = r.getLoggerName() == null ? "-" : r.getLoggerName();
    sb.append(' ').append(r.getLevel().intValue() >= Level.WARNING.intValue()
            ? (r.getLevel().intValue() >= Level.SEVERE.intValue() ? "ERROR" : "WARN") : r.getLevel() == Level.INFO
            ? "INFO" : "DEBUG")
        .append(' ').append(name.substring(name.lastIndexOf('.') + 1)).append(": ").append(formatMessage(r));
    if (r.getThrown() != null) {
      StringWriter sw = new StringWriter();
      r.getThrown().printStackTrace(new PrintWriter(sw));
      sb.append("\n    ").append(sw.toString().trim().replace("\n", "\n    "));
    }
    return sb.append('\n').toString();
  }

  static void install(Level level) {
    LogManager.getLogManager().reset();
    Logger root = Logger.getLogger("");
    Handler h = new StreamHandler(System.out, new RunnerLog()) {
      @Override
      public synchronized void publish(LogRecord record) {
        super.publish(record);
        flush();
      }
    };
    h.setLevel(Level.ALL);
    root.addHandler(h);
    root.setLevel(level);
    Logger.getLogger("io.netty").setLevel(Level.WARNING);
  }
}
