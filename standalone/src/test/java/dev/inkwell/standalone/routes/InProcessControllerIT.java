package dev.inkwell.standalone.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.inkwell.controller.desired.Settings;
import dev.inkwell.records.App;
import dev.inkwell.records.Bucket;
import dev.inkwell.records.SystemDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The controller's reconciler writing into the in-process store, fed by mongo-java-server (the MongoDB stand-in). */
class InProcessControllerIT {

  @Test
  void followsAppAndBucketRecords() throws Exception {
    MongoServer server = new MongoServer(new MemoryBackend());
    server.enableOplog();
    server.bind("127.0.0.1", 0);
    InProcessRouteStore store = new InProcessRouteStore();
    try (MongoClient mongo = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort());
        InProcessController c = InProcessController.start(mongo.getDatabase(SystemDatabase.DEFAULT_NAME),
            new Settings("localhost", "oss.localhost", "127.0.0.1:9000", "127.0.0.1:8000", null), store,
            Duration.ofSeconds(60), Clock.systemUTC())) {
      MongoDatabase db = mongo.getDatabase(SystemDatabase.DEFAULT_NAME);
      db.getCollection(SystemDatabase.APPS).insertOne(
          new App("app1", "app1", App.RUNNING, null, null, null, Instant.EPOCH, Instant.EPOCH).toDocument());
      db.getCollection(SystemDatabase.BUCKETS).insertOne(
          Bucket.of("app1", "site", Bucket.Policy.READONLY, null).toDocument());
      await(() -> store.snapshot().routes().size() == 2);
      assertEquals("app1.localhost", store.snapshot().routes().get("inkwell-app-app1").value().path("host").asText());
      assertTrue(store.snapshot().routes().containsKey("inkwell-bucket-app1-site"));

      db.getCollection(SystemDatabase.APPS).deleteOne(new org.bson.Document("_id", "app1"));
      await(() -> !store.snapshot().routes().containsKey("inkwell-app-app1"));
    } finally {
      server.shutdownNow();
    }
  }

  static void await(BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + 10_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not reached within 10 s");
      }
      Thread.sleep(20);
    }
  }
}
