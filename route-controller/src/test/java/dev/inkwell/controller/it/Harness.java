package dev.inkwell.controller.it;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.inkwell.controller.ControllerConfig;
import dev.inkwell.controller.RouteController;
import dev.inkwell.records.App;
import dev.inkwell.records.Bucket;
import dev.inkwell.records.SystemDatabase;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.bson.Document;

/**
 * Test fixtures: etcd is real (Debian's etcd-server, started by {@link EtcdServer}); MongoDB is the in-process
 * mongo-java-server stand-in (oplog on, so collection change streams work), reached with the real driver.
 */
final class Harness implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();
  /** Held so that the levels stick (java.util.logging keeps loggers weakly). */
  static final List<java.util.logging.Logger> QUIET = java.util.stream.Stream.of("de.bwaldvogel", "org.mongodb.driver",
      "io.grpc", "io.netty", "io.vertx").map(java.util.logging.Logger::getLogger).toList();

  static {
    QUIET.forEach(l -> l.setLevel(java.util.logging.Level.WARNING));
  }

  final EtcdServer etcd;
  final MongoServer mongoServer;
  final String mongoUri;
  final MongoClient mongo;
  final Client etcdClient;

  Harness() throws IOException, InterruptedException {
    etcd = EtcdServer.start();
    mongoServer = new MongoServer(new MemoryBackend());
    mongoServer.enableOplog();
    mongoServer.bind("127.0.0.1", 0);
    mongoUri = "mongodb://127.0.0.1:" + mongoServer.getLocalAddress().getPort();
    mongo = MongoClients.create(mongoUri);
    etcdClient = Client.builder().endpoints(etcd.endpoint()).build();
  }

  /** The test settings; {@code extra} flags ({@code --name value}...) override them. */
  ControllerConfig config(int resyncSeconds, int leaseTtlSeconds, String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of("--mongo-uri", mongoUri, "--etcd-endpoints", etcd.endpoint(),
        "--domain", "apps.test", "--oss-domain", "oss.test", "--oss-upstream", "minio.test:9000",
        "--resync-seconds", String.valueOf(resyncSeconds), "--lease-ttl-seconds", String.valueOf(leaseTtlSeconds),
        "--metrics-port", "-1", "--etcd-timeout-ms", "2000"));
    args.addAll(List.of(extra));
    return ControllerConfig.parse(args.toArray(String[]::new), Map.of());
  }

  RouteController controller(int resyncSeconds, int leaseTtlSeconds, String... extra) throws IOException {
    return RouteController.start(config(resyncSeconds, leaseTtlSeconds, extra), Clock.systemUTC());
  }

  MongoCollection<Document> apps() {
    return mongo.getDatabase(SystemDatabase.DEFAULT_NAME).getCollection(SystemDatabase.APPS);
  }

  MongoCollection<Document> buckets() {
    return mongo.getDatabase(SystemDatabase.DEFAULT_NAME).getCollection(SystemDatabase.BUCKETS);
  }

  void putApp(App app) {
    apps().replaceOne(Filters.eq("_id", app.appid()), app.toDocument(), new ReplaceOptions().upsert(true));
  }

  void putBucket(Bucket b) {
    buckets().replaceOne(Filters.eq("_id", b.id()), b.toDocument(), new ReplaceOptions().upsert(true));
  }

  static App app(String appid) {
    return new App(appid, appid, App.RUNNING, null, null, null, null, null);
  }

  /** The stored route value, or null. */
  JsonNode route(String id) {
    KeyValue kv = raw(id);
    try {
      return kv == null ? null : JSON.readTree(kv.getValue().getBytes());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  KeyValue raw(String id) {
    try {
      List<KeyValue> kvs = etcdClient.getKVClient().get(key(id)).get(5, TimeUnit.SECONDS).getKvs();
      return kvs.isEmpty() ? null : kvs.getFirst();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  void putRaw(String id, String value) throws Exception {
    etcdClient.getKVClient().put(key(id), ByteSequence.from(value, StandardCharsets.UTF_8)).get(5, TimeUnit.SECONDS);
  }

  void deleteRaw(String id) throws Exception {
    etcdClient.getKVClient().delete(key(id)).get(5, TimeUnit.SECONDS);
  }

  long countRoutes() throws Exception {
    return etcdClient.getKVClient().get(key(""), GetOption.builder().isPrefix(true).withCountOnly(true).build())
        .get(5, TimeUnit.SECONDS).getCount();
  }

  static ByteSequence key(String id) {
    return ByteSequence.from("/apisix/routes/" + id, StandardCharsets.UTF_8);
  }

  /** Waits until the route satisfies the condition (null: absent). */
  JsonNode awaitRoute(String id, Predicate<JsonNode> condition, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      last = route(id);
      if (condition.test(last)) {
        return last;
      }
      Thread.sleep(10);
    }
    fail("route " + id + " did not reach the expected state within " + within.toMillis() + " ms; last: " + last);
    return null;
  }

  static void await(java.util.function.BooleanSupplier condition, Duration within, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return;
      }
      Thread.sleep(10);
    }
    fail(what + " did not happen within " + within.toMillis() + " ms");
  }

  @Override
  public void close() throws Exception {
    etcdClient.close();
    mongo.close();
    mongoServer.shutdownNow();
    etcd.close();
  }
}
