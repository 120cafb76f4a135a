package dev.inkwell.benchmarks;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.inkwell.controller.ControllerConfig;
import dev.inkwell.controller.RouteController;
import dev.inkwell.controller.desired.DesiredRoutes;
import dev.inkwell.controller.desired.Settings;
import dev.inkwell.controller.election.Leadership;
import dev.inkwell.controller.etcd.EtcdRouteStore;
import dev.inkwell.controller.metrics.ControllerMetrics;
import dev.inkwell.controller.reconcile.Outcome;
import dev.inkwell.controller.reconcile.Reconciler;
import dev.inkwell.controller.source.RecordSource;
import dev.inkwell.records.App;
import dev.inkwell.records.Bucket;
import dev.inkwell.records.SystemDatabase;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bson.Document;

/**
 * Route controller benchmark: {@code ControllerBench <mongo-uri> <etcd-endpoint> <apps> <changes>}. Against an empty
 * etcd and an empty system database (the MongoDB stand-in in its own process): initial sync of {@code apps} apps and as
 * many public buckets, a resync of the unchanged records (must write nothing), the heap of a running controller
 * replica holding them, then record-to-etcd propagation over {@code changes} sequential limit changes, observed with an
 * etcd watch. Prints one Markdown table row per figure.
 */
public final class ControllerBench {

  private static final Pattern RATE = Pattern.compile("\\\\\"rate\\\\\":([0-9]+)\\.0");

  private ControllerBench() {
  }

  public static void main(String[] args) throws Exception {
    String mongoUri = args[0];
    String etcdEndpoint = args[1];
    int apps = Integer.parseInt(args[2]);
    int changes = Integer.parseInt(args[3]);
    java.util.logging.Logger.getLogger("org.mongodb.driver").setLevel(java.util.logging.Level.WARNING);
    java.util.logging.Logger.getLogger("io.grpc").setLevel(java.util.logging.Level.WARNING);

    try (MongoClient mongo = MongoClients.create(mongoUri);
        Client etcd = Client.builder().endpoints(etcdEndpoint).build()) {
      MongoDatabase db = mongo.getDatabase(SystemDatabase.DEFAULT_NAME);
      seed(db, apps);

      ControllerConfig config = ControllerConfig.parse(new String[] {"--mongo-uri", mongoUri, "--etcd-endpoints",
          etcdEndpoint, "--domain", "apps.bench", "--oss-domain", "oss.bench", "--metrics-port", "-1",
          "--resync-seconds", "3600", "--etcd-timeout-ms", "30000"}, Map.of());
      // The same reconcile pass the worker runs, called directly so that its time is measured alone.
      ControllerMetrics metrics = new ControllerMetrics();
      Reconciler reconciler = new Reconciler(new RecordSource(db), new DesiredRoutes(new Settings(config.domain(),
          config.ossDomain(), config.ossUpstream(), config.runtimeUpstreamTemplate(), null)),
          new EtcdRouteStore(etcd, config.etcdPrefix(), config.etcdTimeout()), Leadership.always(), metrics,
          Clock.systemUTC());

      long t0 = System.nanoTime();
      Outcome initial = reconciler.resyncAll();
      double initialMs = (System.nanoTime() - t0) / 1e6;
      row("initial sync, " + apps + " apps + " + apps + " buckets, empty etcd", fmt(initialMs) + " ms", initial);

      List<Double> resyncs = new ArrayList<>();
      Outcome last = null;
      for (int i = 0; i < 3; i++) {
        t0 = System.nanoTime();
        last = reconciler.resyncAll();
        resyncs.add((System.nanoTime() - t0) / 1e6);
      }
      row("resync of the unchanged " + (2 * apps) + " records (3 runs)", resyncs.stream().map(ControllerBench::fmt)
          .toList() + " ms", last);

      try (RouteController controller = RouteController.start(config, Clock.systemUTC())) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!controller.leading() && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        Thread.sleep(3000); // its own first full resync (nothing to write)
        for (int i = 0; i < 3; i++) {
          System.gc();
          Thread.sleep(200);
        }
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        row("heap used after GC, controller replica running with " + apps + " apps + " + apps + " buckets",
            heap / (1024 * 1024) + " MiB (whole benchmark JVM)", null);
        propagation(db.getCollection(SystemDatabase.APPS), etcd, config.etcdPrefix(), apps, changes);
        // the controller's own view, for the log: reconciles by scope and result, routes written
        io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter.create().write(System.err,
            controller.metrics().registry().scrape(), io.prometheus.metrics.config.EscapingScheme.ALLOW_UTF8);
      }
    }
    System.exit(0);
  }

  private static void seed(MongoDatabase db, int n) {
    List<Document> apps = new ArrayList<>(n);
    List<Document> buckets = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String appid = "app" + i;
      apps.add(new App(appid, appid, App.RUNNING, new App.Limits(100, 200, null, false), null, null, null, null)
          .toDocument());
      buckets.add(Bucket.of(appid, "site", i % 2 == 0 ? Bucket.Policy.READONLY : Bucket.Policy.READWRITE,
          i % 3 == 0 ? Bucket.Website.SPA : null).toDocument());
    }
    for (int i = 0; i < n; i += 1000) {
      db.getCollection(SystemDatabase.APPS).insertMany(apps.subList(i, Math.min(n, i + 1000)));
      db.getCollection(SystemDatabase.BUCKETS).insertMany(buckets.subList(i, Math.min(n, i + 1000)));
    }
  }

  /** Sequential limit changes; each is timed from the record write to the etcd watch event carrying the new rate. */
  private static void propagation(MongoCollection<Document> apps, Client etcd, String prefix, int n, int changes)
      throws InterruptedException {
    Map<Integer, Long> seen = new ConcurrentHashMap<>();
    ByteSequence routes = ByteSequence.from(prefix + "/routes/inkwell-app-", StandardCharsets.UTF_8);
    try (Watch.Watcher w = etcd.getWatchClient().watch(routes, WatchOption.builder().isPrefix(true).build(), r -> {
      long now = System.nanoTime();
      for (WatchEvent e : r.getEvents()) {
        Matcher m = RATE.matcher(e.getKeyValue().getValue().toString(StandardCharsets.UTF_8));
        if (m.find()) {
          seen.putIfAbsent(Integer.parseInt(m.group(1)), now);
        }
      }
    })) {
      Thread.sleep(500);
      double[] ms = new double[changes];
      int lost = 0;
      for (int i = 0; i < changes; i++) {
        int rate = 1000 + i;
        long t0 = System.nanoTime();
        apps.updateOne(Filters.eq("_id", "app" + (i % n)), Updates.set("limits.rate", rate));
        long deadline = t0 + Duration.ofSeconds(5).toNanos();
        while (!seen.containsKey(rate) && System.nanoTime() < deadline) {
          Thread.sleep(0, 200_000);
        }
        Long at = seen.get(rate);
        if (at == null) {
          lost++;
          ms[i] = 5000;
        } else {
          ms[i] = (at - t0) / 1e6;
        }
        Thread.sleep(5);
      }
      Arrays.sort(ms);
      row("propagation, record write -> route in etcd (" + changes + " sequential changes)",
          "p50 " + fmt(ms[changes / 2]) + " ms, p99 " + fmt(ms[(int) Math.ceil(changes * 0.99) - 1]) + " ms, max "
              + fmt(ms[changes - 1]) + " ms" + (lost > 0 ? ", " + lost + " not seen within 5 s" : ""), null);
    }
  }

  private static void row(String what, String value, Outcome o) {
    System.out.println("| " + what + " | " + value + " |" + (o == null ? "" : " " + o + " |"));
    System.out.flush();
  }

  private static String fmt(double v) {
    return String.format(java.util.Locale.ROOT, "%.1f", v);
  }
}
