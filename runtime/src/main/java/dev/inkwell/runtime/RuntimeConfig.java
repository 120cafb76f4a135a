package dev.inkwell.runtime;

import dev.inkwell.runtime.cloud.Fetcher;
import dev.inkwell.runtime.cloud.EdgeKey;
import dev.inkwell.runtime.cloud.StorageSettings;
import dev.inkwell.runtime.http.WebSocketSettings;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Runtime settings, from the environment (as Laf's runtime reads {@code APPID}, {@code DB_URI}, {@code SERVER_SECRET})
 * plus {@code INKWELL_*} variables. Invalid values fail at start with {@code "NAME: value (expected: ...)"}.
 *
 * @param multiApp serve every app whose database exists, chosen by the Host header {@code <appid>.<domain>}
 * @param appid the app served in single-app mode
 * @param dbUri MongoDB connection string; in single-app mode its database is the app's
 * @param serverSecret HS256 key for {@code cloud.getToken} and {@code ctx.user} (multi-app: the master key that each
 *     app's key is derived from)
 * @param domain multi-app mode: the domain under which apps are subdomains
 * @param contexts JS contexts (event-loop threads) per app
 * @param ioThreads Netty event-loop threads (network I/O only; functions run on their Contexts' threads)
 * @param callTimeout how long one call may run before it is stopped with 504
 * @param maxBodyBytes largest request body accepted (413 beyond)
 * @param resync period of the full reload that heals missed change events
 * @param changePoll pause after an empty change-stream poll from a server that does not wait (see FunctionWatcher)
 * @param appEnv the env vars functions see as {@code cloud.env} (single-app mode)
 * @param fetch {@code fetch}'s default timeout and response-size limit
 * @param websocket WebSocket idle timeout and message-size limit
 * @param storage the app's object store and credentials ({@code OSS_*}); null when not configured
 * @param edgeKey the app's Ed25519 token key ({@code INKWELL_EDGE_SIGNING_KEY}, single-app mode); null: HS256 tokens
 */
public record RuntimeConfig(
    String host,
    int port,
    boolean multiApp,
    String appid,
    String dbUri,
    String serverSecret,
    String domain,
    int contexts,
    int ioThreads,
    Duration callTimeout,
    int maxBodyBytes,
    Duration resync,
    Duration changePoll,
    Map<String, String> appEnv,
    Fetcher.Settings fetch,
    WebSocketSettings websocket,
    StorageSettings storage,
    EdgeKey edgeKey) {

  private static final Pattern APPID = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

  public RuntimeConfig {
    if (port < 0 || port > 65535) {
      throw invalid("PORT", port, "0..65535");
    }
    if (!multiApp && (appid == null || !APPID.matcher(appid).matches())) {
      throw invalid("APPID", appid, "lowercase letters, digits and '-', as in a DNS label");
    }
    if (dbUri == null || !(dbUri.startsWith("mongodb://") || dbUri.startsWith("mongodb+srv://"))) {
      throw invalid("DB_URI", dbUri == null ? null : redact(dbUri), "a mongodb:// or mongodb+srv:// connection string");
    }
    if (serverSecret == null || serverSecret.isEmpty()) {
      throw invalid("SERVER_SECRET", "", "a non-empty secret");
    }
    if (multiApp && (domain == null || domain.isBlank() || domain.startsWith("."))) {
      throw invalid("INKWELL_DOMAIN", domain, "a domain such as localhost or apps.example.com");
    }
    if (contexts < 1 || contexts > 256) {
      throw invalid("INKWELL_CONTEXTS", contexts, "1..256");
    }
    if (ioThreads < 1 || ioThreads > 64) {
      throw invalid("INKWELL_IO_THREADS", ioThreads, "1..64");
    }
    if (callTimeout.isNegative() || callTimeout.isZero()) {
      throw invalid("INKWELL_CALL_TIMEOUT_MS", callTimeout.toMillis(), "a positive number of milliseconds");
    }
    if (maxBodyBytes < 1) {
      throw invalid("INKWELL_MAX_BODY_BYTES", maxBodyBytes, "a positive number of bytes");
    }
    if (resync.compareTo(Duration.ofSeconds(1)) < 0) {
      throw invalid("INKWELL_RESYNC_SECONDS", resync.toSeconds(), "at least 1");
    }
    if (changePoll.isNegative() || changePoll.compareTo(Duration.ofSeconds(1)) > 0) {
      throw invalid("INKWELL_CHANGE_POLL_MS", changePoll.toMillis(), "0..1000");
    }
    appEnv = Map.copyOf(appEnv);
    java.util.Objects.requireNonNull(fetch, "fetch");
    java.util.Objects.requireNonNull(websocket, "websocket");
    if (multiApp && edgeKey != null) {
      throw invalid("INKWELL_EDGE_SIGNING_KEY", "(set)", "unset in multi-app mode: one key belongs to one app");
    }
  }

  /** Reads the settings from environment variables (see the runtime README for the list and defaults). */
  public static RuntimeConfig fromEnvironment(Map<String, String> env) {
    String mode = env.getOrDefault("INKWELL_MODE", "single");
    if (!mode.equals("single") && !mode.equals("multi")) {
      throw invalid("INKWELL_MODE", mode, "single or multi");
    }
    return new RuntimeConfig(
        env.getOrDefault("INKWELL_BIND", "0.0.0.0"),
        integer(env, "PORT", 8000),
        mode.equals("multi"),
        env.get("APPID"),
        env.get("DB_URI"),
        env.get("SERVER_SECRET"),
        env.get("INKWELL_DOMAIN"),
        integer(env, "INKWELL_CONTEXTS", Math.max(2, Runtime.getRuntime().availableProcessors())),
        integer(env, "INKWELL_IO_THREADS", defaultIoThreads()),
        Duration.ofMillis(integer(env, "INKWELL_CALL_TIMEOUT_MS", 60_000)),
        integer(env, "INKWELL_MAX_BODY_BYTES", 10 * 1024 * 1024),
        Duration.ofSeconds(integer(env, "INKWELL_RESYNC_SECONDS", 60)),
        Duration.ofMillis(integer(env, "INKWELL_CHANGE_POLL_MS", 2)),
        functionEnv(env),
        new Fetcher.Settings(Duration.ofMillis(integer(env, "INKWELL_FETCH_TIMEOUT_MS", 30_000)),
            integer(env, "INKWELL_FETCH_MAX_BYTES", 10 * 1024 * 1024)),
        new WebSocketSettings(Duration.ofSeconds(integer(env, "INKWELL_WS_IDLE_SECONDS", 120)),
            integer(env, "INKWELL_WS_MAX_MESSAGE_BYTES", 1024 * 1024)),
        StorageSettings.fromEnvironment(env, integer(env, "INKWELL_STORAGE_MAX_READ_BYTES", 32 * 1024 * 1024)),
        env.get("INKWELL_EDGE_SIGNING_KEY") == null ? null : EdgeKey.fromJwk(env.get("INKWELL_EDGE_SIGNING_KEY")));
  }

  /**
   * Half the cores for network I/O, since the JS Contexts have threads of their own. On 2 cores, one I/O thread and
   * two measured the same throughput and tail (4 alternating runs, benchmarks/RESULTS.md); one is a thread fewer.
   */
  static int defaultIoThreads() {
    return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
  }

  /**
   * What functions see as {@code cloud.env}: the process environment, as in Laf, minus the runtime's own settings and
   * the JVM's variables, and the object store's secret key (the runtime uses it on the functions' behalf).
   */
  static Map<String, String> functionEnv(Map<String, String> env) {
    Map<String, String> out = new TreeMap<>();
    env.forEach((k, v) -> {
      if (!k.startsWith("INKWELL_") && !k.startsWith("JAVA_") && !k.startsWith("JDK_") && !k.equals("SERVER_SECRET")
          && !k.equals("OSS_ACCESS_SECRET")) {
        out.put(k, v);
      }
    });
    return out;
  }

  private static int integer(Map<String, String> env, String name, int fallback) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw invalid(name, v, "an integer");
    }
  }

  static IllegalArgumentException invalid(String name, Object value, String expected) {
    return new IllegalArgumentException(name + ": " + value + " (expected: " + expected + ")");
  }

  /** A connection string without its password, for messages. */
  static String redact(String uri) {
    return uri.replaceAll("//([^:/@]+):[^@/]*@", "//$1:***@");
  }

  @Override
  public String toString() {
    return "RuntimeConfig[" + (multiApp ? "multi-app domain=" + domain : "app=" + appid) + ", db=" + redact(dbUri)
        + ", listen=" + host + ":" + port + ", contexts=" + contexts + ", ioThreads=" + ioThreads
        + ", callTimeout=" + callTimeout.toMillis()
        + "ms, maxBody=" + maxBodyBytes + "]";
  }
}
