package dev.inkwell.runtime.app;

import dev.inkwell.runtime.cloud.MongoGateway;
import dev.inkwell.runtime.cloud.SharedStore;
import dev.inkwell.runtime.cloud.StorageGateway;
import dev.inkwell.runtime.cloud.TokenService;
import dev.inkwell.runtime.engine.FunctionLogs;
import dev.inkwell.runtime.engine.AppBindings;
import dev.inkwell.runtime.engine.Invocation;
import dev.inkwell.runtime.engine.Json;
import dev.inkwell.runtime.engine.SocketRegistry;
import dev.inkwell.runtime.engine.WorkerPool;
import dev.inkwell.runtime.functions.FunctionRegistry;
import dev.inkwell.runtime.functions.FunctionSet;
import dev.inkwell.runtime.functions.FunctionWatcher;
import dev.inkwell.runtime.functions.LoadedFunction;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Everything the runtime holds for one app: its Contexts, its functions (kept current by a watcher), its shared cache
 * and token keys. Nothing here is shared with another app.
 */
public final class AppRuntime implements AutoCloseable {

  public static final String INTERCEPTOR = "__interceptor__";
  public static final String INIT = "__init__";
  public static final String DEFAULT = "__default__";
  public static final String WEBSOCKET = "__websocket__";

  private static final AtomicLong INIT_IDS = new AtomicLong();

  private final String appid;
  private final RuntimeServices services;
  private final FunctionRegistry registry;
  private final WorkerPool pool;
  private final FunctionWatcher watcher;
  private final AppBindings bindings;
  private volatile boolean closed;
  private final String debugToken;

  public AppRuntime(AppSpec spec, RuntimeServices services) {
    this.appid = spec.appid();
    this.services = services;
    this.bindings = new AppBindings(appid, envJson(spec.env()), new SharedStore(),
        new TokenService(spec.serverSecret(), spec.edgeKey(), services.clock()), new MongoGateway(spec.database()), services.fetcher(),
        services.blocking(), new SocketRegistry(),
        spec.storage() == null ? null : new StorageGateway(spec.appid(), spec.storage()),
        new FunctionLogs(appid, spec.database().getCollection("__function_logs__")));
    this.debugToken = debugToken(spec.serverSecret());
    this.pool = new WorkerPool(appid, services.contextsPerApp(), services.engine(), bindings, services.reaper(),
        services.metrics());
    this.registry = new FunctionRegistry(appid, services.loader(), new FunctionRegistry.Listener() {
      @Override
      public void changed(FunctionSet previous, FunctionSet next, Collection<String> changed) {
        services.metrics().published(appid, changed.size());
        LoadedFunction init = next.get(INIT);
        if (init != null && init.error() == null && changed.contains(INIT)) {
          runInit(next, init);
        }
        if (changed.contains(WEBSOCKET) && bindings.sockets().size() > 0) {
          // Sockets opened under the old version close cleanly; clients reconnect to the new one.
          bindings.sockets().closeAll(1012, "new version published");
        }
      }

      @Override
      public void loadFailed(String function, String error) {
        services.metrics().loadError(appid);
      }
    });
    this.watcher = new FunctionWatcher(appid, spec.database().getCollection("__functions__"), registry,
        services.resync(), services.changePoll());
    watcher.start();
  }

  public String appid() {
    return appid;
  }

  /** Completes when the functions have been loaded once. */
  public CompletableFuture<Void> loaded() {
    return watcher.loaded();
  }

  public TokenService tokens() {
    return bindings.tokens();
  }

  public FunctionSet functions() {
    return registry.current();
  }

  public Map<String, String> problems() {
    return registry.problems();
  }

  /** Runs {@code inv} on one of this app's Contexts, under the call timeout. */
  public void submit(Invocation inv, FunctionSet set, LoadedFunction fn) {
    LoadedFunction interceptor = set.get(INTERCEPTOR);
    io.netty.util.Timeout deadline = services.deadlines().newTimeout(t -> inv.timeout(),
        services.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
    inv.onClosed(deadline::cancel);
    pool.submit(inv, set, fn, interceptor);
  }

  /** The app's open WebSockets. */
  public SocketRegistry sockets() {
    return bindings.sockets();
  }

  /** Runs {@code __websocket__} for one socket event, on the socket's own Context, under the call timeout. */
  public void submitSocketEvent(long socketId, Invocation event) {
    FunctionSet set = registry.current();
    LoadedFunction fn = set.get(WEBSOCKET);
    if (fn == null || closed) {
      event.done();
      return;
    }
    io.netty.util.Timeout deadline = services.deadlines().newTimeout(t -> event.timeout(),
        services.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
    event.onClosed(deadline::cancel);
    pool.submitSocketEvent(socketId, event, set, fn);
  }

  private void runInit(FunctionSet set, LoadedFunction init) {
    InitInvocation inv = new InitInvocation(appid, "init-" + INIT_IDS.incrementAndGet());
    io.netty.util.Timeout deadline = services.deadlines().newTimeout(t -> inv.timeout(),
        services.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
    inv.onClosed(deadline::cancel);
    pool.submitInit(inv, set, init);
  }

  /** Watchdog pass, see {@link WorkerPool#cancelOrphans}. */
  public void watchdog() {
    pool.cancelOrphans(services.callTimeout().toNanos() + TimeUnit.SECONDS.toNanos(1));
  }

  public WorkerPool pool() {
    return pool;
  }

  private static String envJson(Map<String, String> env) {
    StringBuilder sb = new StringBuilder("{");
    for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
      if (sb.length() > 1) {
        sb.append(',');
      }
      Json.quote(sb, e.getKey());
      sb.append(':');
      Json.quote(sb, e.getValue());
    }
    return sb.append('}').toString();
  }

  @Override
  public void close() {
    closed = true; // close events of the sockets closed now reach no function: the Contexts are going away
    bindings.sockets().closeAll(1001, "server shutting down");
    watcher.close();
    pool.close();
    bindings.logs().close();
  }

  /** The {@code X-Inkwell-Debug} value of an app: derived from its server secret, so only its control plane knows it. */
  public static String debugToken(String serverSecret) {
    return AppDirectory.deriveSecret(serverSecret, "inkwell-debug");
  }

  /**
   * Whether a request's {@code X-Inkwell-Debug} value asks for the logs of its call: the control plane derives it from
   * the app's server secret; the edge strips client copies of every {@code X-Inkwell-*} header.
   */
  public boolean debugRequested(String value) {
    return value != null && java.security.MessageDigest.isEqual(value.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        debugToken.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
