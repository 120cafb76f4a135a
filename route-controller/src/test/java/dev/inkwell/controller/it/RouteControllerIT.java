package dev.inkwell.controller.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.inkwell.controller.RouteController;
import dev.inkwell.records.App;
import dev.inkwell.records.Bucket;
import java.time.Duration;
import java.util.Objects;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One controller replica against a real etcd (Debian's etcd-server) and the MongoDB stand-in (mongo-java-server):
 * records in, routes out. Resync every 2 s so that drift repair is observable. Each test uses its own appids.
 */
class RouteControllerIT {

  static final Duration SOON = Duration.ofSeconds(10);
  static Harness h;
  static RouteController controller;

  @BeforeAll
  static void start() throws Exception {
    h = new Harness();
    controller = h.controller(2, 3);
    Harness.await(controller::leading, SOON, "a single replica becoming leader");
  }

  @AfterAll
  static void stop() throws Exception {
    controller.close();
    h.close();
  }

  @Test
  void createsUpdatesAndDeletesAnAppRoute() throws Exception {
    h.putApp(Harness.app("alpha"));
    JsonNode r = h.awaitRoute("inkwell-app-alpha", Objects::nonNull, SOON);
    assertEquals("alpha.apps.test", r.get("host").asText());
    assertEquals("inkwell-app-alpha.inkwell-apps.svc", r.at("/upstream/nodes/0/host").asText());
    long created = r.get("create_time").asLong();

    h.putApp(new App("alpha", "alpha", App.RUNNING, new App.Limits(5, 10, null, false), null, null, null, null));
    r = h.awaitRoute("inkwell-app-alpha", x -> x != null && x.at("/plugins/ext-plugin-pre-req/conf").size() == 2, SOON);
    assertEquals(created, r.get("create_time").asLong(), "create_time is kept on update");
    assertTrue(r.at("/plugins/ext-plugin-pre-req/conf/1/value").asText().contains("\"rate\":5.0"));

    h.apps().updateOne(Filters.eq("_id", "alpha"), Updates.set("state", "stopped"));
    h.awaitRoute("inkwell-app-alpha", Objects::isNull, SOON);

    h.putApp(Harness.app("alpha"));
    h.awaitRoute("inkwell-app-alpha", Objects::nonNull, SOON);
    h.apps().deleteOne(Filters.eq("_id", "alpha"));
    h.awaitRoute("inkwell-app-alpha", Objects::isNull, SOON);
  }

  @Test
  void publicBucketsGetASiteRouteAndPrivateOnesNone() throws Exception {
    h.putBucket(Bucket.of("beta", "site", Bucket.Policy.READONLY, Bucket.Website.SPA));
    JsonNode r = h.awaitRoute("inkwell-bucket-beta-site", Objects::nonNull, SOON);
    assertEquals("beta-site.oss.test", r.get("host").asText());
    assertEquals("/beta-site/index.html", r.at("/plugins/proxy-rewrite/regex_uri/1").asText());

    h.putBucket(Bucket.of("beta", "site", Bucket.Policy.PRIVATE, null));
    h.awaitRoute("inkwell-bucket-beta-site", Objects::isNull, SOON);

    h.putBucket(Bucket.of("beta", "site", Bucket.Policy.READWRITE, null));
    h.awaitRoute("inkwell-bucket-beta-site", Objects::nonNull, SOON);
    h.buckets().deleteOne(Filters.eq("_id", "beta-site"));
    h.awaitRoute("inkwell-bucket-beta-site", Objects::isNull, SOON);
  }

  @Test
  void leavesForeignRoutesUnderTheSamePrefixUntouched() throws Exception {
    String foreign = "{\"uri\":\"/*\",\"host\":\"gamma.apps.test\",\"upstream\":{\"type\":\"roundrobin\","
        + "\"nodes\":{\"10.0.0.1:80\":1}}}";
    h.putRaw("someone-elses-route", foreign);
    // Our id prefix, but no managed-by label: not ours either.
    h.putRaw("inkwell-app-gamma", foreign);
    long before = h.raw("inkwell-app-gamma").getModRevision();
    h.putApp(Harness.app("gamma"));
    h.putApp(Harness.app("gamma2"));
    h.awaitRoute("inkwell-app-gamma2", Objects::nonNull, SOON);
    Thread.sleep(2500); // past one full resync
    assertEquals(before, h.raw("inkwell-app-gamma").getModRevision(), "a route without our label is never written");
    assertEquals(foreign, h.raw("someone-elses-route").getValue().toString());
    h.apps().deleteOne(Filters.eq("_id", "gamma"));
    Thread.sleep(2500);
    assertNotNull(h.route("inkwell-app-gamma"), "a route without our label is never deleted");
    assertNotNull(h.route("someone-elses-route"));
  }

  @Test
  void repairsDriftAtTheNextResync() throws Exception {
    h.putApp(Harness.app("delta"));
    JsonNode good = h.awaitRoute("inkwell-app-delta", Objects::nonNull, SOON);
    String edited = good.toString().replace("delta.apps.test", "evil.example.com");
    h.putRaw("inkwell-app-delta", edited);
    h.awaitRoute("inkwell-app-delta", x -> x != null && x.get("host").asText().equals("delta.apps.test"),
        Duration.ofSeconds(6));
    h.deleteRaw("inkwell-app-delta");
    h.awaitRoute("inkwell-app-delta", Objects::nonNull, Duration.ofSeconds(6));
  }

  @Test
  void reportsAndSkipsARecordWithAnInvalidHostname() throws Exception {
    h.apps().insertOne(new Document("_id", "Bad_Host").append("state", "running"));
    h.putApp(Harness.app("epsilon"));
    h.awaitRoute("inkwell-app-epsilon", Objects::nonNull, SOON);
    Harness.await(() -> {
      Document d = h.apps().find(Filters.eq("_id", "Bad_Host")).first();
      return d != null && d.get("routeStatus") instanceof Document s && "invalid".equals(s.get("state"));
    }, SOON, "routeStatus invalid on the bad record");
    Document status = (Document) h.apps().find(Filters.eq("_id", "Bad_Host")).first().get("routeStatus");
    assertTrue(status.getString("message").startsWith("_id: Bad_Host"), status.toJson());
    assertNull(h.route("inkwell-app-Bad_Host"));
    assertTrue(h.mongo != null);

    // fixed records lose their status
    h.apps().insertOne(new Document("_id", "zeta").append("state", "running").append("limits",
        new Document("rate", -1).append("burst", 1)));
    Harness.await(() -> h.apps().find(Filters.eq("_id", "zeta")).first().get("routeStatus") != null, SOON,
        "zeta reported");
    h.apps().updateOne(Filters.eq("_id", "zeta"), Updates.set("limits.rate", 3));
    h.awaitRoute("inkwell-app-zeta", Objects::nonNull, SOON);
    Harness.await(() -> h.apps().find(Filters.eq("_id", "zeta")).first().get("routeStatus") == null, SOON,
        "zeta's status cleared");
  }
}
