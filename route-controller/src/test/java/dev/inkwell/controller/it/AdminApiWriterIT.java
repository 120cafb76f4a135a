package dev.inkwell.controller.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.model.Filters;
import dev.inkwell.controller.RouteController;
import dev.inkwell.controller.admin.AdminApiRouteStore;
import dev.inkwell.controller.election.Leadership;
import dev.inkwell.controller.reconcile.Change;
import dev.inkwell.controller.reconcile.WriteResult;
import dev.inkwell.records.App;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * The Admin API writer: the same desired routes, written through APISIX's Admin API (a stand-in over the real etcd:
 * {@link AdminApiStandIn}; MongoDB is the mongo-java-server stand-in).
 */
class AdminApiWriterIT {

  static final Duration SOON = Duration.ofSeconds(10);

  @Test
  void routesGoThroughTheAdminApiWithElectionInEtcd() throws Exception {
    try (Harness h = new Harness(); AdminApiStandIn admin = new AdminApiStandIn(h.etcdClient, "admin-secret")) {
      h.putRaw("inkwell-app-foreign", "{\"uri\":\"/*\",\"labels\":{\"owner\":\"ops\"}}");
      try (RouteController c = h.controller(2, 3, "--admin-api-url", admin.url().toString(),
          "--admin-key", "admin-secret")) {
        h.putApp(Harness.app("viaadmin"));
        JsonNode r = h.awaitRoute("inkwell-app-viaadmin", Objects::nonNull, SOON);
        assertEquals("viaadmin.apps.test", r.get("host").asText());
        long created = r.get("create_time").asLong(); // set by "APISIX", not sent by us
        assertTrue(created > 0);

        h.putApp(new App("viaadmin", "viaadmin", App.RUNNING, new App.Limits(3, 4, null, false), null, null, null,
            null));
        r = h.awaitRoute("inkwell-app-viaadmin", x -> x != null && x.toString().contains("tenant-rate-limit"), SOON);
        assertEquals(created, r.get("create_time").asLong());

        Thread.sleep(2500); // let events still in flight and one resync settle, then count over two more resyncs
        int before = admin.writes.get();
        String settled = h.route("inkwell-app-viaadmin").toString();
        Thread.sleep(4500);
        assertEquals(before, admin.writes.get(), "a resync of unchanged records writes nothing; before: " + settled
            + ", after: " + h.route("inkwell-app-viaadmin"));

        h.apps().deleteOne(Filters.eq("_id", "viaadmin"));
        h.awaitRoute("inkwell-app-viaadmin", Objects::isNull, SOON);
        assertEquals("ops", h.route("inkwell-app-foreign").at("/labels/owner").asText(), "a foreign route is untouched");
      }
    }
  }

  @Test
  void withoutEtcdOneReplicaWritesThroughTheAdminApi() throws Exception {
    try (Harness h = new Harness(); AdminApiStandIn admin = new AdminApiStandIn(h.etcdClient, "k")) {
      try (RouteController c = h.controller(60, 3, "--admin-api-url", admin.url().toString(), "--admin-key", "k",
          "--etcd-endpoints", "none")) {
        assertTrue(c.leading());
        h.putApp(Harness.app("noetcd"));
        h.awaitRoute("inkwell-app-noetcd", Objects::nonNull, SOON);
      }
    }
  }

  @Test
  void aWrongKeyWritesNothingAndAStaleRevisionIsAConflict() throws Exception {
    try (Harness h = new Harness(); AdminApiStandIn admin = new AdminApiStandIn(h.etcdClient, "right")) {
      ObjectNode value = (ObjectNode) Harness.JSON.readTree(
          "{\"uri\":\"/*\",\"host\":\"x.apps.test\",\"labels\":{\"managed-by\":\"inkwell\"},\"create_time\":1,"
              + "\"update_time\":1,\"upstream\":{\"type\":\"roundrobin\",\"nodes\":[{\"host\":\"x\",\"port\":80,"
              + "\"weight\":1}]}}");
      try (AdminApiRouteStore wrong = new AdminApiRouteStore(admin.url(), "wrong", Duration.ofSeconds(2))) {
        try {
          wrong.apply(List.of(new Change.Put("inkwell-app-x", value, 0)), Leadership.Guard.NONE);
          throw new AssertionError("a wrong admin key must not write");
        } catch (dev.inkwell.controller.reconcile.StoreUnavailableException expected) {
          assertTrue(expected.getMessage().contains("401"));
        }
        assertNull(h.route("inkwell-app-x"));
      }
      try (AdminApiRouteStore store = new AdminApiRouteStore(admin.url(), "right", Duration.ofSeconds(2))) {
        WriteResult first = store.apply(List.of(new Change.Put("inkwell-app-x", value, 0)), Leadership.Guard.NONE)
            .getFirst();
        assertInstanceOf(WriteResult.Written.class, first);
        // someone else writes the key; our next write still expects the revision we wrote
        h.putRaw("inkwell-app-x", h.route("inkwell-app-x").toString());
        WriteResult second = store.apply(List.of(new Change.Put("inkwell-app-x", value,
            ((WriteResult.Written) first).revision())), Leadership.Guard.NONE).getFirst();
        assertInstanceOf(WriteResult.Conflict.class, second);
        assertEquals(1, store.listCandidates().size());
      }
    }
  }
}
