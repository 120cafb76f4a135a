package dev.inkwell.runtime.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runaway functions against a real runtime with ONE Context and a 4 s call timeout, so that calls interleave on the
 * same Context and the effect of replacing it is visible (and the memory guard has time to act before the timeout).
 * MongoDB is the in-process stand-in (see RuntimeHarness).
 */
class RunawayIT {

  static RuntimeHarness h;

  @BeforeAll
  static void start() throws InterruptedException {
    h = RuntimeHarness.single(1, Duration.ofMillis(4000));
    h.publish("hello", "export default async function () { return 'still here' }");
    h.publish("spin", "export default async function () { while (true) {} }");
    h.publish("waiter", "export default async function () { await new Promise(r => setTimeout(r, 1000)); return 'waited' }");
    h.publish("hog", """
        export default async function () {
          const keep = []
          while (true) keep.push(new Float64Array(1 << 20))
        }
        """);
    h.await("/hello", x -> x.statusCode() == 200);
    h.await("/_/functions", x -> x.body().contains("\"hog\""));
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  @Test
  void awaitingCallDoesNotHoldTheContext() {
    CompletableFuture<HttpResponse<String>> slow = CompletableFuture.supplyAsync(() -> h.get("/waiter"));
    long start = System.nanoTime();
    HttpResponse<String> fast = h.get("/hello");
    long fastMillis = (System.nanoTime() - start) / 1_000_000;
    assertEquals("still here", fast.body());
    assertTrue(fastMillis < 900, "fast call waited " + fastMillis + " ms behind an awaiting call on the same Context");
    assertEquals("waited", slow.join().body());
  }

  @Test
  void runawayLoopGets504AndTheRuntimeKeepsServing() {
    long start = System.nanoTime();
    CompletableFuture<HttpResponse<String>> spin = CompletableFuture.supplyAsync(() -> h.get("/spin"));
    sleep(300);
    // Queued behind the runaway on the same (only) Context: answered 503 when that Context is replaced.
    HttpResponse<String> bystander = h.get("/hello");
    HttpResponse<String> r = spin.join();
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(504, r.statusCode(), r.body());
    assertEquals("function timed out", FunctionsIT.errorOf(r));
    assertTrue(millis >= 3900 && millis < 8000, "504 after " + millis + " ms");
    assertEquals(503, bystander.statusCode(), bystander.body());
    assertEquals("function runtime restarted, retry", FunctionsIT.errorOf(bystander));
    assertEquals("still here", h.await("/hello", x -> x.statusCode() == 200).body());
  }

  @Test
  void memoryRunawayIsStoppedAndTheRuntimeSurvives() {
    long start = System.nanoTime();
    HttpResponse<String> r = h.get("/hog");
    long millis = (System.nanoTime() - start) / 1_000_000;
    // Stopped by the memory guard (503) well before the call timeout would have answered 504.
    assertEquals(503, r.statusCode(), r.body() + " after " + millis + " ms");
    assertEquals("still here", h.await("/hello", x -> x.statusCode() == 200).body());
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
