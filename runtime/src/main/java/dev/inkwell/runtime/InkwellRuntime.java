package dev.inkwell.runtime;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.inkwell.runtime.app.AppDirectory;
import dev.inkwell.runtime.app.AppRuntime;
import dev.inkwell.runtime.app.AppSpec;
import dev.inkwell.runtime.app.Apps;
import dev.inkwell.runtime.app.RuntimeServices;
import dev.inkwell.runtime.cloud.Fetcher;
import dev.inkwell.runtime.compile.FunctionCompiler;
import dev.inkwell.runtime.engine.JsEngine;
import dev.inkwell.runtime.functions.FunctionLoader;
import dev.inkwell.runtime.http.RuntimeServer;
import dev.inkwell.runtime.metrics.RuntimeMetrics;
import io.netty.util.HashedWheelTimer;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/** The runtime, wired: engine, apps, HTTP server, watchdogs. {@link Main} starts it from the environment. */
public final class InkwellRuntime implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(InkwellRuntime.class.getName());

  private final MongoClient mongo;
  private final JsEngine engine;
  private final FunctionCompiler compiler;
  private final HashedWheelTimer deadlines;
  private final ExecutorService reaper;
  private final ExecutorService blocking;
  private final ScheduledExecutorService watchdog;
  private final Apps apps;
  private final RuntimeServer server;
  private final MemoryGuard memoryGuard;

  private InkwellRuntime(RuntimeConfig config, java.util.function.Function<MongoClient, AppDirectory> directoryOf)
      throws InterruptedException {
    long start = System.nanoTime();
    LOG.info(() -> "starting " + config);
    // The engine takes the longest to create: start it first, and do the rest meanwhile.
    CompletableFuture<JsEngine> engineReady = CompletableFuture.supplyAsync(JsEngine::create, Thread::startVirtualThread);
    RuntimeMetrics metrics = new RuntimeMetrics();
    mongo = MongoClients.create(config.dbUri());
    engine = engineReady.join();
    metrics.engineOptimized(engine.optimized());
    compiler = FunctionCompiler.shared();
    deadlines = new HashedWheelTimer(new DefaultThreadFactory("deadlines", true), 10, TimeUnit.MILLISECONDS);
    reaper = Executors.newSingleThreadExecutor(new DefaultThreadFactory("js-reaper", true));
    blocking = Executors.newVirtualThreadPerTaskExecutor();
    RuntimeServices services = new RuntimeServices(engine, new FunctionLoader(engine, compiler), metrics, deadlines,
        reaper, blocking, Clock.systemUTC(), config.contexts(), config.callTimeout(), config.resync(),
        config.changePoll(), new Fetcher(config.fetch()));
    AppDirectory directory;
    if (directoryOf != null) {
      directory = directoryOf.apply(mongo);
    } else if (config.multiApp()) {
      directory = AppDirectory.databasePerApp(mongo, config.serverSecret());
    } else {
      String dbName = new ConnectionString(config.dbUri()).getDatabase();
      if (dbName == null) {
        throw new IllegalArgumentException("DB_URI: " + RuntimeConfig.redact(config.dbUri())
            + " (expected: a connection string naming the app's database, e.g. mongodb://host:27017/" + config.appid()
            + ")");
      }
      directory = AppDirectory.single(new AppSpec(config.appid(), mongo.getDatabase(dbName), config.serverSecret(),
          config.appEnv(), config.storage(), config.edgeKey()));
    }
    apps = new Apps(directory, services);
    if (!config.multiApp()) {
      apps.get(config.appid()); // load at once, not on the first request
    }
    server = RuntimeServer.start(config.host(), config.port(), apps, config.multiApp() ? null : config.appid(),
        config.domain(), metrics, config.maxBodyBytes(), config.ioThreads(), config.websocket());
    watchdog = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("watchdog", true));
    watchdog.scheduleWithFixedDelay(() -> apps.loaded().forEach(AppRuntime::watchdog), 500, 500, TimeUnit.MILLISECONDS);
    memoryGuard = MemoryGuard.install(apps, 0.85, watchdog);
    LOG.info(() -> "runtime up in " + (System.nanoTime() - start) / 1_000_000 + " ms on port " + server.port());
  }

  public static InkwellRuntime start(RuntimeConfig config) throws InterruptedException {
    return new InkwellRuntime(config, null);
  }

  /**
   * Multi-app mode with apps found by {@code directoryOf} (given the runtime's client of {@code DB_URI}): the standalone
   * platform serves the apps of its control plane this way, each with its own secrets, env and storage credentials.
   */
  public static InkwellRuntime start(RuntimeConfig config,
      java.util.function.Function<MongoClient, AppDirectory> directoryOf) throws InterruptedException {
    return new InkwellRuntime(config, directoryOf);
  }

  public int port() {
    return server.port();
  }

  public Apps apps() {
    return apps;
  }

  @Override
  public void close() {
    memoryGuard.close();
    // WebSockets get a clean close (1001) while the network threads still run; then the server stops.
    apps.loaded().forEach(app -> app.sockets().closeAll(1001, "server shutting down"));
    server.close();
    watchdog.shutdownNow();
    apps.close();
    deadlines.stop();
    reaper.shutdownNow();
    blocking.shutdownNow();
    engine.close();
    mongo.close();
  }
}
