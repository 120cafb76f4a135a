package dev.inkwell.controller.it;

import static org.junit.jupiter.api.Assertions.assertNull;

import com.mongodb.client.model.Filters;
import dev.inkwell.controller.RouteController;
import java.time.Duration;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * etcd (real, Debian's etcd-server) is killed mid-stream and started again on the same data; MongoDB is the stand-in.
 * Changes made during the outage converge once etcd is back, and a record deleted during the outage does not come back.
 */
class EtcdOutageIT {

  @Test
  void convergesAfterEtcdComesBackWithoutResurrectingDeletedRecords() throws Exception {
    try (Harness h = new Harness(); RouteController c = h.controller(60, 3)) {
      Harness.await(c::leading, Duration.ofSeconds(10), "leading");
      h.putApp(Harness.app("keep"));
      h.putApp(Harness.app("gone"));
      h.awaitRoute("inkwell-app-gone", Objects::nonNull, Duration.ofSeconds(5));

      h.etcd.stopProcess();
      h.putApp(Harness.app("newcomer"));
      h.apps().deleteOne(Filters.eq("_id", "gone"));
      h.putApp(Harness.app("flicker"));
      h.apps().deleteOne(Filters.eq("_id", "flicker")); // created and deleted while etcd was away
      Thread.sleep(4000); // longer than the lease TTL: the replica loses leadership too

      h.etcd.startProcess();
      h.awaitRoute("inkwell-app-newcomer", Objects::nonNull, Duration.ofSeconds(30));
      h.awaitRoute("inkwell-app-gone", Objects::isNull, Duration.ofSeconds(10));
      h.awaitRoute("inkwell-app-keep", Objects::nonNull, Duration.ofSeconds(1));
      assertNull(h.route("inkwell-app-flicker"));
    }
  }
}
