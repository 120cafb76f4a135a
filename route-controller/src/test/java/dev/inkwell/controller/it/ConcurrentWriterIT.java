package dev.inkwell.controller.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.controller.election.Leadership;
import dev.inkwell.controller.etcd.EtcdRouteStore;
import dev.inkwell.controller.reconcile.Change;
import dev.inkwell.controller.reconcile.StoredRoute;
import dev.inkwell.controller.reconcile.WriteResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The revision check against a real etcd (Debian's etcd-server): a write between our read and our write wins. */
class ConcurrentWriterIT {

  static Harness h;
  static EtcdRouteStore store;

  @BeforeAll
  static void start() throws Exception {
    h = new Harness();
    store = new EtcdRouteStore(h.etcdClient, "/apisix", Duration.ofSeconds(5));
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  static ObjectNode value(String host) {
    ObjectNode v = Harness.JSON.createObjectNode().put("uri", "/*").put("host", host);
    v.putObject("labels").put("managed-by", "inkwell");
    return v;
  }

  @Test
  void refusesAnUpdateWhenSomeoneWroteSinceTheRead() throws Exception {
    h.putRaw("inkwell-app-c1", value("c1.apps.test").toString());
    StoredRoute read = store.get(List.of("inkwell-app-c1")).get("inkwell-app-c1");
    h.putRaw("inkwell-app-c1", value("someone-else.test").toString());

    List<WriteResult> r = store.apply(List.of(new Change.Put("inkwell-app-c1", value("mine.test"),
        read.modRevision())), Leadership.Guard.NONE);

    assertInstanceOf(WriteResult.Conflict.class, r.getFirst());
    assertEquals("someone-else.test", h.route("inkwell-app-c1").get("host").asText(), "their write stands");
  }

  @Test
  void refusesACreateWhenTheKeyAppearedSinceTheRead() throws Exception {
    h.putRaw("inkwell-app-c2", value("theirs.test").toString());
    List<WriteResult> r = store.apply(List.of(new Change.Put("inkwell-app-c2", value("mine.test"), 0)),
        Leadership.Guard.NONE);
    assertInstanceOf(WriteResult.Conflict.class, r.getFirst());
    assertEquals("theirs.test", h.route("inkwell-app-c2").get("host").asText());
  }

  @Test
  void aConflictInABatchFailsOnlyThatKeyAndListingPagesThroughEverything() throws Exception {
    List<Change> changes = new ArrayList<>();
    for (int i = 0; i < 2100; i++) {
      changes.add(new Change.Put("inkwell-app-b" + i, value("b" + i + ".test"), 0));
    }
    h.putRaw("inkwell-app-b7", value("theirs.test").toString());
    List<WriteResult> r = store.apply(changes, Leadership.Guard.NONE);
    assertEquals(2100, r.size());
    for (int i = 0; i < 2100; i++) {
      assertEquals("inkwell-app-b" + i, r.get(i).id());
      assertEquals(i == 7 ? WriteResult.Conflict.class : WriteResult.Written.class, r.get(i).getClass());
    }
    // more than two pages of listing (etcd answers are paged to stay under gRPC's 4 MiB)
    Map<String, StoredRoute> all = store.listCandidates();
    for (int i = 0; i < 2100; i++) {
      assertTrue(all.containsKey("inkwell-app-b" + i), "b" + i);
    }
  }

  @Test
  void aStaleLeaderGuardFailsTheWrite() throws Exception {
    Leadership.Guard stale = new Leadership.Guard("/apisix/no-such-leader-key", 12345);
    List<WriteResult> r = store.apply(List.of(new Change.Put("inkwell-app-c3", value("c3.test"), 0)), stale);
    assertInstanceOf(WriteResult.NotLeader.class, r.getFirst());
    assertEquals(null, h.route("inkwell-app-c3"));
  }
}
