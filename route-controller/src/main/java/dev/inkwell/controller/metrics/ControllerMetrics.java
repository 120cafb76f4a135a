package dev.inkwell.controller.metrics;

import dev.inkwell.controller.reconcile.Outcome;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.util.function.IntSupplier;

/** The route controller's Prometheus metrics (prometheus-metrics 1.x), served by {@link #serve}. */
public final class ControllerMetrics {

  private final PrometheusRegistry registry = new PrometheusRegistry();

  private final Counter reconciles = Counter.builder().name("inkwell_controller_reconciles")
      .help("Reconcile passes, by scope (full resync or keys) and result (done, retry, unavailable, not_leader)")
      .labelNames("scope", "result").register(registry);
  private final Histogram duration = Histogram.builder().name("inkwell_controller_reconcile_duration_seconds")
      .help("Duration of a reconcile pass: read records, diff, write").classicOnly()
      .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
      .labelNames("scope").register(registry);
  private final Counter written = Counter.builder().name("inkwell_controller_routes_written")
      .help("Routes created or replaced in the store").register(registry);
  private final Counter deleted = Counter.builder().name("inkwell_controller_routes_deleted")
      .help("Routes of ours deleted because no record wants them").register(registry);
  private final Counter drift = Counter.builder().name("inkwell_controller_drift_repairs")
      .help("Routes this replica wrote that were found edited or deleted by someone else, and rewritten")
      .register(registry);
  private final Counter conflicts = Counter.builder().name("inkwell_controller_write_conflicts")
      .help("Writes refused because the key changed after it was read (revision check); retried from a fresh read")
      .register(registry);
  private final Counter foreign = Counter.builder().name("inkwell_controller_foreign_routes")
      .help("Wanted route ids held by a route that is not ours (left alone)").register(registry);
  private final Gauge leader = Gauge.builder().name("inkwell_controller_leader")
      .help("1 while this replica is the leader (the only writer)").register(registry);

  public void reconciled(String scope, Outcome o, long nanos) {
    String result = switch (o) {
      case Outcome.Done d -> "done";
      case Outcome.Retry r -> "retry";
      case Outcome.Unavailable u -> "unavailable";
      case Outcome.NotLeader n -> "not_leader";
    };
    reconciles.labelValues(scope, result).inc();
    if (!(o instanceof Outcome.NotLeader)) {
      duration.labelValues(scope).observe(nanos / 1e9);
    }
  }

  public void written(int routes, int removed) {
    written.inc(routes);
    deleted.inc(removed);
  }

  public void driftRepaired() {
    drift.inc();
  }

  public void conflict() {
    conflicts.inc();
  }

  public void foreign() {
    foreign.inc();
  }

  public void leader(boolean value) {
    leader.set(value ? 1 : 0);
  }

  public void invalidRecords(IntSupplier count) {
    GaugeWithCallback.builder().name("inkwell_controller_invalid_records")
        .help("Records that cannot produce a valid route (reported on the record and skipped)")
        .callback(cb -> cb.call(count.getAsInt())).register(registry);
  }

  public void queueDepth(IntSupplier count) {
    GaugeWithCallback.builder().name("inkwell_controller_queue_depth").help("Record keys waiting to be reconciled")
        .callback(cb -> cb.call(count.getAsInt())).register(registry);
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  /** Serves {@code /metrics} on {@code host:port} (port 0: any free port). */
  public HTTPServer serve(String host, int port) throws IOException {
    return HTTPServer.builder().hostname(host).port(port).registry(registry).buildAndStart();
  }
}
