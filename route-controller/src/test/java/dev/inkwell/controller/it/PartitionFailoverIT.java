package dev.inkwell.controller.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.inkwell.controller.RouteController;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * The leader loses etcd without a goodbye (a partition: its connection goes through a proxy that is cut), so its lease
 * is not revoked: the other replica must wait the lease out and take over within the TTL (plus a second of slack), and
 * the cut-off replica must stop counting itself as leader. etcd is real (Debian's etcd-server); MongoDB is the stand-in.
 */
class PartitionFailoverIT {

  static final int TTL_SECONDS = 3;

  @Test
  void aPartitionedLeaderIsReplacedWithinTheLeaseTtl() throws Exception {
    try (Harness h = new Harness(); TcpProxy proxy = new TcpProxy(URI.create(h.etcd.endpoint()).getPort())) {
      RouteController cutOff = h.controller(60, TTL_SECONDS, "--etcd-endpoints", proxy.endpoint());
      RouteController other = null;
      try {
        Harness.await(cutOff::leading, Duration.ofSeconds(10), "the first replica leading");
        other = h.controller(60, TTL_SECONDS);
        RouteController follower = other;
        Thread.sleep(500);
        assertFalse(follower.leading(), "one leader at a time");

        long t0 = System.nanoTime();
        proxy.cut();
        Harness.await(follower::leading, Duration.ofSeconds(TTL_SECONDS + 2), "the other replica taking over");
        long tookMs = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(tookMs <= TTL_SECONDS * 1000L + 1000, "took over in " + tookMs + " ms");
        Harness.await(() -> !cutOff.leading(), Duration.ofSeconds(TTL_SECONDS), "the cut-off replica stepping down");

        h.putApp(Harness.app("afterpartition"));
        h.awaitRoute("inkwell-app-afterpartition", Objects::nonNull, Duration.ofSeconds(5));
      } finally {
        cutOff.close();
        if (other != null) {
          other.close();
        }
      }
    }
  }
}
