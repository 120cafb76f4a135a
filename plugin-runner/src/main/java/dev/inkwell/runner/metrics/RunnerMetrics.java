package dev.inkwell.runner.metrics;

import com.sun.net.httpserver.HttpServer;
import dev.inkwell.runner.ratelimit.TenantCounters;
import dev.inkwell.runner.ratelimit.Tenants;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/** The runner's Prometheus metrics, and the loopback endpoint that serves them. */
public final class RunnerMetrics {

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter decisions;
  private final Counter authFailures;
  private final Counter protocolErrors;
  private final Histogram rpc;
  private final DistributionDataPoint rpcPrepare;
  private final DistributionDataPoint rpcCall;
  private final DistributionDataPoint rpcRespCall;
  private final AtomicInteger connections = new AtomicInteger();

  public RunnerMetrics(LongSupplier confCacheSize, Tenants tenants) {
    decisions = Counter.builder().name("inkwell_runner_ratelimit_decisions_total")
        .help("tenant-rate-limit decisions by tenant: allowed, rejected, or dry_run_rejected (would have been rejected)")
        .labelNames("appid", "outcome").register(registry);
    authFailures = Counter.builder().name("inkwell_runner_auth_failures_total")
        .help("requests tenant-auth turned away, by tenant and reason")
        .labelNames("appid", "reason").register(registry);
    protocolErrors = Counter.builder().name("inkwell_runner_protocol_errors_total")
        .help("frames that could not be served: malformed, too_long, unknown_type, unexpected, token_not_found, "
            + "conf_invalid, filter_error")
        .labelNames("kind").register(registry);
    rpc = Histogram.builder().name("inkwell_runner_rpc_seconds")
        .help("time from a frame's arrival to the runner's answer being written, by frame type")
        .labelNames("type")
        .classicOnly()
        .classicUpperBounds(5e-6, 1e-5, 2e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 5e-3, 0.025, 0.1, 1)
        .register(registry);
    rpcPrepare = rpc.labelValues("prepare_conf");
    rpcCall = rpc.labelValues("http_req_call");
    rpcRespCall = rpc.labelValues("http_resp_call");
    GaugeWithCallback.builder().name("inkwell_runner_conf_cache_size")
        .help("prepared confs held (each answers the conf token APISIX got for it)")
        .callback(cb -> cb.call(confCacheSize.getAsLong())).register(registry);
    GaugeWithCallback.builder().name("inkwell_runner_tenants")
        .help("tenants with rate-limit state")
        .callback(cb -> cb.call(tenants.size())).register(registry);
    GaugeWithCallback.builder().name("inkwell_runner_connections")
        .help("open connections from APISIX workers")
        .callback(cb -> cb.call(connections.get())).register(registry);
  }

  public TenantCounters counters(Tenants.Tenant t) {
    TenantCounters c = t.counters;
    if (c == null) {
      c = new TenantCounters(decisions, t.appid());
      t.counters = c;
    }
    return c;
  }

  public void authFailure(String appid, String reason) {
    authFailures.labelValues(appid, reason).inc();
  }

  public void protocolError(String kind) {
    protocolErrors.labelValues(kind).inc();
  }

  public void rpcNanos(byte frameType, long nanos) {
    DistributionDataPoint h = switch (frameType) {
      case 1 -> rpcPrepare;
      case 4 -> rpcRespCall;
      default -> rpcCall;
    };
    h.observe(nanos / 1e9);
  }

  public AtomicInteger connections() {
    return connections;
  }

  public String scrape() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
    try {
      PrometheusTextFormatWriter.create().write(out, registry.scrape());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Serves {@code GET /metrics} on {@code address} (meant for loopback); returns the server to stop it. */
  public HttpServer serve(InetSocketAddress address) throws IOException {
    HttpServer server = HttpServer.create(address, 16);
    server.createContext("/metrics", exchange -> {
      byte[] body = scrape().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", PrometheusTextFormatWriter.CONTENT_TYPE);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream os = exchange.getResponseBody()) {
        os.write(body);
      }
    });
    server.start();
    return server;
  }
}
