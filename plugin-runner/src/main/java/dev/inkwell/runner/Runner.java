package dev.inkwell.runner;

import com.github.benmanes.caffeine.cache.Ticker;
import com.sun.net.httpserver.HttpServer;
import dev.inkwell.runner.auth.JwtVerifier;
import dev.inkwell.runner.auth.TenantAuth;
import dev.inkwell.runner.conf.ConfCache;
import dev.inkwell.runner.conf.Filters;
import dev.inkwell.runner.filter.ConfJson;
import dev.inkwell.runner.metrics.RunnerMetrics;
import dev.inkwell.runner.ratelimit.TenantRateLimit;
import dev.inkwell.runner.ratelimit.Tenants;
import dev.inkwell.runner.sdk.OfficialFilters;
import dev.inkwell.runner.server.RunnerServer;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/** The runner wired together: filters, conf cache, metrics, server. {@link Main} starts one; tests start their own. */
public final class Runner implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(Runner.class.getName());

  private final RunnerServer server;
  private final HttpServer metricsServer;
  private final ExecutorService offLoop;
  private final ConfCache confs;
  private final Tenants tenants;
  private final RunnerMetrics metrics;

  private Runner(RunnerServer server, HttpServer metricsServer, ExecutorService offLoop, ConfCache confs,
      Tenants tenants, RunnerMetrics metrics) {
    this.server = server;
    this.metricsServer = metricsServer;
    this.offLoop = offLoop;
    this.confs = confs;
    this.tenants = tenants;
    this.metrics = metrics;
  }

  /**
   * @param clock wall time for token expiry
   * @param ticker monotonic nanoseconds for rate limits and conf expiry (a fake one in tests)
   */
  public static Runner start(RunnerConfig cfg, Clock clock, LongSupplier ticker, ClassLoader loader)
      throws IOException, InterruptedException {
    // Jackson's first parse loads a few hundred classes: do it while Netty binds, not in APISIX's first PrepareConf.
    Thread.ofVirtual().name("warm-up").start(ConfJson::warmUp);
    Tenants tenants = new Tenants(ticker);
    // The metrics gauge reads the conf cache, which needs the filters, which need the metrics: break the cycle here.
    ConfCache[] holder = new ConfCache[1];
    RunnerMetrics metrics = new RunnerMetrics(() -> holder[0] == null ? 0 : holder[0].size(), tenants);
    Filters filters = new Filters(List.of(
        new TenantAuth(new JwtVerifier(cfg.tokenCacheSize()), clock, metrics),
        new TenantRateLimit(tenants, metrics)))
        .loadOfficial(Filters.pluginLoader(cfg.pluginsDir(), loader), cfg.filters());
    Ticker caffeineTicker = ticker::getAsLong;
    HttpServer metricsServer = null;
    if (cfg.metrics() != null) {
      try {
        metricsServer = metrics.serve(cfg.metrics());
      } catch (java.net.BindException e) {
        throw new IllegalArgumentException("INKWELL_RUNNER_METRICS: " + cfg.metrics().getHostString() + ":"
            + cfg.metrics().getPort() + " is in use (expected: a free host:port, or off)");
      }
    }
    ExecutorService offLoop = Executors.newVirtualThreadPerTaskExecutor();
    ConfCache confs = new ConfCache(filters, cfg.confTtl(), cfg.maxConfs(), caffeineTicker, offLoop);
    holder[0] = confs;
    RunnerServer server;
    try {
      server = RunnerServer.start(cfg.socket(), cfg.socketMode(), cfg.ioThreads(), cfg.maxFrameBytes(), confs,
          new OfficialFilters(offLoop), metrics);
    } catch (IOException | RuntimeException | InterruptedException e) {
      if (metricsServer != null) {
        metricsServer.stop(0);
      }
      offLoop.shutdownNow();
      throw e;
    }
    server.every(30, () -> {
      int n = tenants.sweep();
      if (n > 0) {
        LOG.fine(() -> "dropped " + n + " refilled per-client buckets");
      }
    });
    HttpServer ms = metricsServer;
    LOG.info(() -> "filters: " + filters.names() + "; conf ttl " + cfg.confTtl().toSeconds() + " s, at most "
        + cfg.maxConfs() + " confs; metrics " + (ms == null ? "off"
        : "http://" + cfg.metrics().getHostString() + ":" + ms.getAddress().getPort() + "/metrics"));
    return new Runner(server, metricsServer, offLoop, confs, tenants, metrics);
  }

  public ConfCache confs() {
    return confs;
  }

  public Tenants tenants() {
    return tenants;
  }

  public RunnerMetrics metrics() {
    return metrics;
  }

  @Override
  public void close() {
    server.close();
    if (metricsServer != null) {
      metricsServer.stop(0);
    }
    offLoop.shutdownNow();
  }
}
