package dev.inkwell.runtime.metrics;

import dev.inkwell.runtime.engine.EngineMetrics;
import dev.inkwell.runtime.engine.Invocation.Outcome;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runtime's Prometheus metrics, served at {@code /_/metrics}. Per-function series are labelled with the app and the
 * function name (only names of published functions, never raw paths, so cardinality stays bounded).
 */
public final class RuntimeMetrics implements EngineMetrics {

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

  private final Counter invocations = Counter.builder().name("inkwell_function_invocations")
      .help("Function calls, by app and function").labelNames("app", "function").register(registry);
  private final Counter errors = Counter.builder().name("inkwell_function_errors")
      .help("Function calls that threw or could not load (answered 500)").labelNames("app", "function").register(registry);
  private final Counter timeouts = Counter.builder().name("inkwell_function_timeouts")
      .help("Function calls stopped at the call timeout (answered 504)").labelNames("app", "function").register(registry);
  private final Counter unavailable = Counter.builder().name("inkwell_function_unavailable")
      .help("Calls answered 503 because their JS context was replaced").labelNames("app", "function").register(registry);
  private final Histogram duration = Histogram.builder().name("inkwell_function_duration_seconds")
      .help("Function call latency, from dispatch to the last byte handed to the network")
      .classicOnly()
      .classicUpperBounds(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
      .labelNames("app", "function").register(registry);
  private final Counter publishes = Counter.builder().name("inkwell_function_publishes")
      .help("Function versions swapped in (published, deleted, or renewed because an import changed)")
      .labelNames("app").register(registry);
  private final Counter loadErrors = Counter.builder().name("inkwell_function_load_errors")
      .help("Published versions refused (syntax error, import cycle); the previous version keeps serving")
      .labelNames("app").register(registry);
  private final Gauge optimized = Gauge.builder().name("inkwell_js_engine_optimized")
      .help("1 when GraalJS runs with the optimizing compiler, 0 in the interpreter (about 20x slower)").register(registry);
  private final Counter contextsCreated = Counter.builder().name("inkwell_js_contexts_created")
      .help("JS contexts created").register(registry);
  private final Counter contextsReplaced = Counter.builder().name("inkwell_js_contexts_replaced")
      .help("JS contexts discarded after a runaway call or memory pressure").register(registry);
  private final Gauge apps = Gauge.builder().name("inkwell_apps_loaded").help("Apps served by this runtime").register(registry);

  private final ConcurrentHashMap<String, FunctionSeries> series = new ConcurrentHashMap<>();

  /** The per-function data points, looked up once per (app, function) and then reused on the hot path. */
  public final class FunctionSeries {
    private final CounterDataPoint calls;
    private final CounterDataPoint failed;
    private final CounterDataPoint timedOut;
    private final CounterDataPoint restarted;
    private final DistributionDataPoint latency;

    private FunctionSeries(String app, String function) {
      calls = invocations.labelValues(app, function);
      failed = errors.labelValues(app, function);
      timedOut = timeouts.labelValues(app, function);
      restarted = unavailable.labelValues(app, function);
      latency = duration.labelValues(app, function);
    }

    public void record(Outcome outcome, long nanos) {
      calls.inc();
      switch (outcome) {
        case ERROR -> failed.inc();
        case TIMEOUT -> timedOut.inc();
        case UNAVAILABLE -> restarted.inc();
        default -> {
        }
      }
      latency.observe(nanos / 1e9);
    }
  }

  public FunctionSeries function(String app, String function) {
    return series.computeIfAbsent(app + '\u0000' + function, k -> new FunctionSeries(app, function));
  }

  public void engineOptimized(boolean value) {
    optimized.set(value ? 1 : 0);
  }

  public void published(String app, int count) {
    publishes.labelValues(app).inc(count);
  }

  public void loadError(String app) {
    loadErrors.labelValues(app).inc();
  }

  public void appsLoaded(int count) {
    apps.set(count);
  }

  @Override
  public void contextCreated(long nanos) {
    contextsCreated.inc();
  }

  @Override
  public void contextReplaced() {
    contextsReplaced.inc();
  }

  public String contentType() {
    return writer.getContentType();
  }

  public byte[] scrape() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    try {
      writer.write(out, registry.scrape(), EscapingScheme.ALLOW_UTF8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
