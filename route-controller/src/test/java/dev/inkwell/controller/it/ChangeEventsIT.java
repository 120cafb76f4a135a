package dev.inkwell.controller.it;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.inkwell.controller.RouteController;
import java.time.Duration;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * Changes arrive through the change stream alone (resync set to an hour), against a real etcd (Debian's etcd-server)
 * and the MongoDB stand-in. Pins a bug the benchmark found: the stand-in puts the update specification where an
 * update event's document key belongs, and updates were silently ignored until the next resync.
 */
class ChangeEventsIT {

  @Test
  void anUpdateReachesEtcdWithoutWaitingForAResync() throws Exception {
    try (Harness h = new Harness(); RouteController c = h.controller(3600, 3)) {
      Harness.await(c::leading, Duration.ofSeconds(10), "leading");
      h.putApp(Harness.app("ev"));
      h.awaitRoute("inkwell-app-ev", Objects::nonNull, Duration.ofSeconds(10));
      h.apps().updateOne(Filters.eq("_id", "ev"), Updates.set("limits", new org.bson.Document("rate", 7)
          .append("burst", 9)));
      h.awaitRoute("inkwell-app-ev", r -> r != null && r.toString().contains("\\\"burst\\\":9"), Duration.ofSeconds(10));
      h.apps().updateOne(Filters.eq("_id", "ev"), Updates.set("state", "stopped"));
      h.awaitRoute("inkwell-app-ev", Objects::isNull, Duration.ofSeconds(10));
    }
  }
}
