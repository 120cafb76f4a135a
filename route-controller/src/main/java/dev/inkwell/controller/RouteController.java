package dev.inkwell.controller;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.inkwell.controller.desired.DesiredRoutes;
import dev.inkwell.controller.desired.RecordKey;
import dev.inkwell.controller.desired.Settings;
import dev.inkwell.controller.admin.AdminApiRouteStore;
import dev.inkwell.controller.election.EtcdLeaderElection;
import dev.inkwell.controller.election.Leadership;
import dev.inkwell.controller.etcd.EtcdRouteStore;
import dev.inkwell.controller.metrics.ControllerMetrics;
import dev.inkwell.controller.reconcile.KeyQueue;
import dev.inkwell.controller.reconcile.Reconciler;
import dev.inkwell.controller.reconcile.RouteStore;
import dev.inkwell.controller.reconcile.Worker;
import dev.inkwell.controller.source.ChangeWatcher;
import dev.inkwell.controller.source.RecordSource;
import io.etcd.jetcd.Client;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One controller replica, wired explicitly: change watchers and a resync timer enqueue record keys; one worker
 * reconciles them into etcd while this replica holds the election.
 */
public final class RouteController implements AutoCloseable {

  private final MongoClient mongo;
  private final Client etcd;           // null with --etcd-endpoints none
  private final RouteStore store;
  private final EtcdLeaderElection election;  // null with --etcd-endpoints none: one replica, always the writer
  private final Leadership leadership;
  private final List<ChangeWatcher> watchers;
  private final Worker worker;
  private final ScheduledExecutorService timer;
  private final HTTPServer metricsServer;
  private final ControllerMetrics metrics;

  private RouteController(ControllerConfig c, Clock clock) throws IOException {
    metrics = new ControllerMetrics();
    mongo = MongoClients.create(c.mongoUri());
    RecordSource records = new RecordSource(mongo.getDatabase(c.systemDb()));
    etcd = c.etcdEndpoints().isEmpty() ? null
        : Client.builder().endpoints(c.etcdEndpoints().toArray(String[]::new)).build();
    // Routes go to etcd directly, or through APISIX's Admin API where direct etcd writes are not allowed; either way
    // the election (when there is an etcd) picks the one writer.
    store = c.adminApiUrl() != null ? new AdminApiRouteStore(c.adminApiUrl(), c.adminKey(), c.etcdTimeout())
        : new EtcdRouteStore(etcd, c.etcdPrefix(), c.etcdTimeout());
    KeyQueue queue = new KeyQueue();
    metrics.queueDepth(queue::size);
    if (etcd != null) {
      election = new EtcdLeaderElection(etcd, c.electionName(), replicaId(), c.leaseTtl(), clock, leading -> {
        metrics.leader(leading);
        if (leading) {
          queue.requestFullResync();
        }
      });
      leadership = election;
    } else {
      election = null;
      leadership = Leadership.always();
      metrics.leader(true);
      queue.requestFullResync();
    }
    Reconciler reconciler = new Reconciler(records,
        new DesiredRoutes(new Settings(c.domain(), c.ossDomain(), c.ossUpstream(), c.runtimeUpstreamTemplate(),
            c.defaultLimits())), store, leadership, metrics, clock);
    worker = new Worker(queue, reconciler, 100, 5000);
    watchers = List.of(
        new ChangeWatcher(records, RecordKey.Kind.APP, c.changePoll(), queue::add, queue::requestFullResync),
        new ChangeWatcher(records, RecordKey.Kind.BUCKET, c.changePoll(), queue::add, queue::requestFullResync));
    timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("resync").unstarted(r));
    metricsServer = c.metricsPort() >= 0 ? metrics.serve(c.metricsHost(), c.metricsPort()) : null;
    worker.start();
    watchers.forEach(ChangeWatcher::start);
    if (election != null) {
      election.start();
    }
    long period = c.resync().toMillis();
    timer.scheduleAtFixedRate(queue::requestFullResync, period, period, TimeUnit.MILLISECONDS);
  }

  public static RouteController start(ControllerConfig config, Clock clock) throws IOException {
    return new RouteController(config, clock);
  }

  public boolean leading() {
    return leadership.current().isPresent();
  }

  public ControllerMetrics metrics() {
    return metrics;
  }

  /** The metrics server's port, or -1 without one. */
  public int metricsPort() {
    return metricsServer == null ? -1 : metricsServer.getPort();
  }

  private static String replicaId() {
    String host = System.getenv().getOrDefault("HOSTNAME", "replica");
    return host + "/" + ManagementFactory.getRuntimeMXBean().getPid() + "/" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Override
  public void close() {
    timer.shutdownNow();
    watchers.forEach(ChangeWatcher::close);
    worker.close();
    if (election != null) {
      election.close();
    }
    if (metricsServer != null) {
      metricsServer.close();
    }
    store.close();
    if (etcd != null) {
      etcd.close();
    }
    mongo.close();
  }
}
