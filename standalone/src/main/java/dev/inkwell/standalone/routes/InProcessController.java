package dev.inkwell.standalone.routes;

import com.mongodb.client.MongoDatabase;
import dev.inkwell.controller.desired.DesiredRoutes;
import dev.inkwell.controller.desired.RecordKey;
import dev.inkwell.controller.desired.Settings;
import dev.inkwell.controller.election.Leadership;
import dev.inkwell.controller.metrics.ControllerMetrics;
import dev.inkwell.controller.reconcile.KeyQueue;
import dev.inkwell.controller.reconcile.Reconciler;
import dev.inkwell.controller.reconcile.Worker;
import dev.inkwell.controller.source.ChangeWatcher;
import dev.inkwell.controller.source.RecordSource;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The route controller of standalone mode: the controller's own watchers, reconciler and worker, wired as
 * {@code RouteController} wires them without etcd (one replica, {@link Leadership#always()}, no election), but
 * writing into an {@link InProcessRouteStore} instead of etcd or the Admin API.
 */
public final class InProcessController implements AutoCloseable {

  private final List<ChangeWatcher> watchers;
  private final Worker worker;
  private final ScheduledExecutorService timer;
  private final ControllerMetrics metrics;

  private InProcessController(List<ChangeWatcher> watchers, Worker worker, ScheduledExecutorService timer,
      ControllerMetrics metrics) {
    this.watchers = watchers;
    this.worker = worker;
    this.timer = timer;
    this.metrics = metrics;
  }

  /**
   * Starts reconciling the app and bucket records of {@code systemDb} into {@code store}, at once and on every change
   * (MongoDB change streams), plus a full resync every {@code resync}.
   *
   * @param settings domains and upstreams, e.g. {@code new Settings("localhost", "oss.localhost", "127.0.0.1:9000",
   *     "127.0.0.1:8000", null)} for one runtime serving every app
   */
  public static InProcessController start(MongoDatabase systemDb, Settings settings, InProcessRouteStore store,
      Duration resync, Clock clock) {
    if (resync.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("resync: " + resync + " (expected: at least 1 s)");
    }
    ControllerMetrics metrics = new ControllerMetrics();
    RecordSource records = new RecordSource(systemDb);
    KeyQueue queue = new KeyQueue();
    metrics.queueDepth(queue::size);
    metrics.leader(true);
    Reconciler reconciler = new Reconciler(records, new DesiredRoutes(settings), store, Leadership.always(), metrics,
        clock);
    Worker worker = new Worker(queue, reconciler, 100, 5000);
    List<ChangeWatcher> watchers = List.of(
        new ChangeWatcher(records, RecordKey.Kind.APP, Duration.ofMillis(5), queue::add, queue::requestFullResync),
        new ChangeWatcher(records, RecordKey.Kind.BUCKET, Duration.ofMillis(5), queue::add,
            queue::requestFullResync));
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
        r -> Thread.ofPlatform().daemon().name("route-resync").unstarted(r));
    queue.requestFullResync();
    worker.start();
    watchers.forEach(ChangeWatcher::start);
    long period = resync.toMillis();
    timer.scheduleAtFixedRate(queue::requestFullResync, period, period, TimeUnit.MILLISECONDS);
    return new InProcessController(watchers, worker, timer, metrics);
  }

  /** The controller's metrics (not served in standalone mode; for diagnostics). */
  public ControllerMetrics metrics() {
    return metrics;
  }

  @Override
  public void close() {
    timer.shutdownNow();
    watchers.forEach(ChangeWatcher::close);
    worker.close();
  }
}
