package dev.inkwell.standalone.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.controller.election.Leadership;
import dev.inkwell.controller.reconcile.Change;
import dev.inkwell.controller.reconcile.StoredRoute;
import dev.inkwell.controller.reconcile.WriteResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InProcessRouteStoreTest {

  static final ObjectMapper JSON = new ObjectMapper();

  static ObjectNode route(String host) {
    return JSON.createObjectNode().put("uri", "/*").put("host", host);
  }

  static List<WriteResult> apply(InProcessRouteStore s, Change... changes) {
    return s.apply(List.of(changes), Leadership.Guard.NONE);
  }

  @Test
  void createsOnlyWhenTheKeyIsAbsent() {
    InProcessRouteStore s = new InProcessRouteStore();
    WriteResult first = apply(s, new Change.Put("inkwell-app-a", route("a.localhost"), 0)).getFirst();
    assertEquals(new WriteResult.Written("inkwell-app-a", 1), first);
    assertEquals(new WriteResult.Conflict("inkwell-app-a"),
        apply(s, new Change.Put("inkwell-app-a", route("b.localhost"), 0)).getFirst());
    assertEquals("a.localhost", s.get(List.of("inkwell-app-a")).get("inkwell-app-a").value().path("host").asText());
  }

  @Test
  void replacesAndDeletesOnlyAtTheExpectedRevision() {
    InProcessRouteStore s = new InProcessRouteStore();
    apply(s, new Change.Put("inkwell-app-a", route("a.localhost"), 0));
    apply(s, new Change.Put("inkwell-app-b", route("b.localhost"), 0));
    assertEquals(new WriteResult.Conflict("inkwell-app-a"),
        apply(s, new Change.Put("inkwell-app-a", route("a2.localhost"), 2)).getFirst());
    assertEquals(new WriteResult.Written("inkwell-app-a", 3),
        apply(s, new Change.Put("inkwell-app-a", route("a2.localhost"), 1)).getFirst());
    assertEquals(3, s.get(List.of("inkwell-app-a")).get("inkwell-app-a").modRevision());
    assertEquals(new WriteResult.Conflict("inkwell-app-b"), apply(s, new Change.Delete("inkwell-app-b", 1)).getFirst());
    assertEquals(new WriteResult.Written("inkwell-app-b", 4), apply(s, new Change.Delete("inkwell-app-b", 2)).getFirst());
    assertTrue(s.get(List.of("inkwell-app-b")).isEmpty());
  }

  @Test
  void appliesTheChangesThatStillHoldAtOneRevision() {
    InProcessRouteStore s = new InProcessRouteStore();
    apply(s, new Change.Put("inkwell-app-a", route("a.localhost"), 0));
    List<WriteResult> r = apply(s, new Change.Put("inkwell-app-a", route("a.localhost"), 0),
        new Change.Put("inkwell-app-b", route("b.localhost"), 0),
        new Change.Put("inkwell-app-c", route("c.localhost"), 0));
    assertEquals(List.of(new WriteResult.Conflict("inkwell-app-a"), new WriteResult.Written("inkwell-app-b", 2),
        new WriteResult.Written("inkwell-app-c", 2)), r);
    assertEquals(2, s.revision());
  }

  @Test
  void listsOnlyCandidateIdsAndHandsOutCopies() {
    InProcessRouteStore s = new InProcessRouteStore();
    s.put("someone-elses", route("x.localhost"));
    s.put("inkwell-app-a", route("a.localhost"));
    s.put("inkwell-bucket-a-site", route("a-site.oss.localhost"));
    s.put("zzz", route("z.localhost"));
    Map<String, StoredRoute> c = s.listCandidates();
    assertEquals(java.util.Set.of("inkwell-app-a", "inkwell-bucket-a-site"), c.keySet());
    ((ObjectNode) c.get("inkwell-app-a").value()).put("host", "changed.localhost");
    assertEquals("a.localhost", s.listCandidates().get("inkwell-app-a").value().path("host").asText());
  }

  @Test
  void refusesWritesUnderAnElectionGuardItCannotCheck() {
    InProcessRouteStore s = new InProcessRouteStore();
    List<WriteResult> r = s.apply(List.of(new Change.Put("inkwell-app-a", route("a.localhost"), 0)),
        new Leadership.Guard("/election/key", 7));
    assertInstanceOf(WriteResult.NotLeader.class, r.getFirst());
    assertEquals(0, s.revision());
  }

  @Test
  void tellsListenersTheTableNowAndAfterEveryWrite() {
    InProcessRouteStore s = new InProcessRouteStore();
    s.put("inkwell-app-a", route("a.localhost"));
    List<InProcessRouteStore.Snapshot> seen = new ArrayList<>();
    s.addListener(seen::add);
    apply(s, new Change.Put("inkwell-app-b", route("b.localhost"), 0));
    apply(s, new Change.Put("inkwell-app-b", route("b.localhost"), 0)); // conflict: nothing written, no news
    apply(s, new Change.Delete("inkwell-app-a", 1));
    assertEquals(List.of(1L, 2L, 3L), seen.stream().map(InProcessRouteStore.Snapshot::revision).toList());
    assertEquals(java.util.Set.of("inkwell-app-a"), seen.get(0).routes().keySet());
    assertEquals(java.util.Set.of("inkwell-app-a", "inkwell-app-b"), seen.get(1).routes().keySet());
    assertEquals(java.util.Set.of("inkwell-app-b"), seen.get(2).routes().keySet());
  }
}
