package dev.inkwell.runtime.engine;

import dev.inkwell.runtime.cloud.SharedStore;
import dev.inkwell.runtime.cloud.TokenService;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;

/**
 * The Java side of the glue, one per Context. Only the glue holds a reference to it; function code reaches these
 * methods only through the objects the glue builds ({@code console}, timers, {@code cloud}).
 */
public final class HostBridge {

  /** Function output: one structured line per call of console.*, tagged with app, function and request id. */
  static final Logger FUNCTION_LOG = Logger.getLogger("inkwell.function");

  private final ContextWorker worker;
  private final AppBindings app;

  HostBridge(ContextWorker worker, AppBindings app) {
    this.worker = worker;
    this.app = app;
  }

  @HostAccess.Export
  public void log(String level, String message) {
    Invocation current = worker.current();
    Level l = switch (level) {
      case "ERROR" -> Level.SEVERE;
      case "WARN" -> Level.WARNING;
      case "DEBUG" -> Level.FINE;
      default -> Level.INFO;
    };
    if (!FUNCTION_LOG.isLoggable(l)) {
      return;
    }
    LogRecord record = new LogRecord(l, message);
    record.setLoggerName(FUNCTION_LOG.getName());
    record.setParameters(new Object[] {
        "app", app.appid(),
        "fn", current == null ? "-" : current.functionName(),
        "requestId", current == null ? "-" : current.requestId()});
    FUNCTION_LOG.log(record);
  }

  @HostAccess.Export
  public int setTimer(Value callback, double delayMs, boolean repeat) {
    return worker.setTimer(callback, (long) Math.min(delayMs, Integer.MAX_VALUE), repeat);
  }

  @HostAccess.Export
  public void clearTimer(int id) {
    worker.clearTimer(id);
  }

  @HostAccess.Export
  public String appid() {
    return app.appid();
  }

  @HostAccess.Export
  public String envJson() {
    return app.envJson();
  }

  @HostAccess.Export
  public String sharedGet(String key) {
    return shared().get(key);
  }

  @HostAccess.Export
  public void sharedSet(String key, String json) {
    shared().set(key, json);
  }

  @HostAccess.Export
  public boolean sharedHas(String key) {
    return shared().has(key);
  }

  @HostAccess.Export
  public boolean sharedDelete(String key) {
    return shared().delete(key);
  }

  @HostAccess.Export
  public void sharedClear() {
    shared().clear();
  }

  @HostAccess.Export
  public int sharedSize() {
    return shared().size();
  }

  @HostAccess.Export
  public String sharedKeys() {
    StringBuilder sb = new StringBuilder("[");
    for (String k : shared().keys()) {
      if (sb.length() > 1) {
        sb.append(',');
      }
      Json.quote(sb, k);
    }
    return sb.append(']').toString();
  }

  @HostAccess.Export
  public String getToken(String payloadJson, double expiresInSeconds) {
    return tokens().sign(payloadJson, (long) expiresInSeconds);
  }

  @HostAccess.Export
  public String parseToken(String token) {
    return tokens().verify(token);
  }

  /** Built-in modules other than the app's own functions and '@lafjs/cloud'; none yet (null = not found). */
  @HostAccess.Export
  public Value builtin(String name) {
    return null;
  }

  private SharedStore shared() {
    return app.shared();
  }

  private TokenService tokens() {
    return app.tokens();
  }
}
