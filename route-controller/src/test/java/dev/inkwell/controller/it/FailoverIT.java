package dev.inkwell.controller.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.inkwell.controller.RouteController;
import java.time.Duration;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * Two replicas against a real etcd (Debian's etcd-server) and the MongoDB stand-in: exactly one leads; when it dies,
 * the other takes over within the lease TTL and carries on writing.
 */
class FailoverIT {

  static final int TTL_SECONDS = 2;

  @Test
  void theOtherReplicaTakesOverWithinTheLeaseTtl() throws Exception {
    try (Harness h = new Harness()) {
      RouteController a = h.controller(60, TTL_SECONDS);
      RouteController b = h.controller(60, TTL_SECONDS);
      try {
        Harness.await(() -> a.leading() || b.leading(), Duration.ofSeconds(10), "one replica leading");
        Thread.sleep(500);
        assertTrue(a.leading() ^ b.leading(), "exactly one leader");
        RouteController leader = a.leading() ? a : b;
        RouteController follower = leader == a ? b : a;

        h.putApp(Harness.app("before"));
        h.awaitRoute("inkwell-app-before", Objects::nonNull, Duration.ofSeconds(5));

        // The leader shuts down (it revokes its lease on the way out, so the hand-over need not wait for the TTL).
        long t0 = System.nanoTime();
        leader.close();
        Harness.await(follower::leading, Duration.ofSeconds(TTL_SECONDS + 2), "the follower taking over");
        long tookMs = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(tookMs <= TTL_SECONDS * 1000L + 1000, "took " + tookMs + " ms");

        h.putApp(Harness.app("after"));
        h.awaitRoute("inkwell-app-after", Objects::nonNull, Duration.ofSeconds(5));
        assertFalse(leader.leading());
      } finally {
        a.close();
        b.close();
      }
    }
  }
}
