package dev.inkwell.runtime.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Many functions waiting on a slow database must not hold the JS Contexts: with 2 Contexts, 200 calls each awaiting a
 * 1.5 s query all run at once, and fast requests are answered meanwhile.
 *
 * <p>The slow database is the MongoDB stand-in (mongo-java-server) with a delay on finds in the collection {@code slow},
 * and enough server threads that the delays overlap, as on a real server.
 */
class SlowDatabaseIT {

  static final long DELAY_MS = 1_500;
  static final int SLOW_CALLS = 200;

  /** Delays every find on the collection {@code slow}: the stand-in for a slow query. */
  static final class SlowBackend extends MemoryBackend {
    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
      if ("find".equalsIgnoreCase(command) && "slow".equals(query.get("find"))) {
        try {
          Thread.sleep(DELAY_MS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return super.handleCommand(channel, database, command, query);
    }
  }

  @Test
  void twoHundredCallsAwaitingASlowQueryNeitherStarveFastRequestsNorEachOther() throws Exception {
    MongoServer server = new MongoServer(new SlowBackend());
    server.enableOplog();
    server.bind(new InetSocketAddress("127.0.0.1", 0), 1, 2 * SLOW_CALLS);
    String uri = "mongodb://127.0.0.1:" + server.getLocalAddress().getPort();
    try (RuntimeHarness h = new RuntimeHarness(false, 2, Duration.ofSeconds(30), 1024 * 1024, server::shutdownNow, uri,
        "?maxPoolSize=" + (SLOW_CALLS + 50), null)) {
      h.publish("slow", """
          export default async function (ctx) {
            const d = await cloud.mongo.db.collection('slow').findOne({ n: 1 })
            return { n: d === null ? null : d.n, i: ctx.query.i }
          }
          """);
      h.publish("fast", "export default async function () { return 'fast' }");
      h.client.getDatabase(RuntimeHarness.APP).getCollection("slow").insertOne(new org.bson.Document("n", 1));
      h.await("/fast", x -> x.statusCode() == 200);
      h.await("/slow?i=warm", x -> x.statusCode() == 200);

      long start = System.nanoTime();
      List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
      for (int i = 0; i < SLOW_CALLS; i++) {
        slow.add(h.http.sendAsync(h.request("/slow?i=" + i).GET().build(), HttpResponse.BodyHandlers.ofString()));
      }
      Thread.sleep(300); // the slow calls are in and waiting on the database now
      long worstFastMs = 0;
      int fastCalls = 0;
      while (System.nanoTime() - start < Duration.ofMillis(DELAY_MS).toNanos() && fastCalls < 20) {
        long t = System.nanoTime();
        HttpResponse<String> r = h.get("/fast");
        worstFastMs = Math.max(worstFastMs, (System.nanoTime() - t) / 1_000_000);
        assertEquals("fast", r.body());
        fastCalls++;
      }
      int ok = 0;
      for (int i = 0; i < SLOW_CALLS; i++) {
        HttpResponse<String> r = slow.get(i).join();
        if (r.statusCode() == 200 && r.body().equals("{\"n\":1,\"i\":\"" + i + "\"}")) {
          ok++;
        }
      }
      long allMs = (System.nanoTime() - start) / 1_000_000;
      System.out.printf("slow-database: %d/%d slow calls ok in %d ms; %d fast calls meanwhile, worst %d ms%n", ok,
          SLOW_CALLS, allMs, fastCalls, worstFastMs);
      assertEquals(SLOW_CALLS, ok);
      assertTrue(fastCalls >= 3, "fast calls answered while the slow ones waited: " + fastCalls);
      assertTrue(worstFastMs < DELAY_MS / 2, "a fast call waited " + worstFastMs + " ms");
      // Held Contexts would serialise the slow calls (2 at a time: 150 s); overlapping, they take about one delay.
      assertTrue(allMs < 6 * DELAY_MS, "200 slow calls took " + allMs + " ms");
    }
  }
}
