package dev.inkwell.controller.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.controller.desired.Desired;
import dev.inkwell.controller.desired.RecordKey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DiffTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final long NOW = 1_800_000_000L;

  static ObjectNode body(String host) {
    ObjectNode b = JSON.createObjectNode().put("uri", "/*").put("host", host);
    b.putObject("labels").put("managed-by", "inkwell");
    return b;
  }

  static StoredRoute stored(String id, ObjectNode value, long created, long rev) {
    return new StoredRoute(id, value.deepCopy().put("create_time", created).put("update_time", created), rev);
  }

  static Desired.Route want(String appid, String host) {
    return new Desired.Route(RecordKey.app(appid), body(host));
  }

  @Test
  void createsMissingRoutesWithBothTimesNow() {
    Diff.Plan p = Diff.plan(List.of(want("a", "a.x")), Map.of(), NOW);
    Change.Put put = assertInstanceOf(Change.Put.class, p.changes().getFirst());
    assertEquals(0, put.expectedModRevision());
    assertEquals(NOW, put.value().get("create_time").asLong());
    assertEquals(NOW, put.value().get("update_time").asLong());
  }

  @Test
  void writesNothingWhenOnlyTheTimesDiffer() {
    Diff.Plan p = Diff.plan(List.of(want("a", "a.x")), Map.of("inkwell-app-a", stored("inkwell-app-a", body("a.x"), 5, 9)),
        NOW);
    assertEquals(List.of(), p.changes());
  }

  @Test
  void keepsCreateTimeAndExpectsTheReadRevisionOnUpdate() {
    Diff.Plan p = Diff.plan(List.of(want("a", "new.x")),
        Map.of("inkwell-app-a", stored("inkwell-app-a", body("old.x"), 5, 9)), NOW);
    Change.Put put = assertInstanceOf(Change.Put.class, p.changes().getFirst());
    assertEquals(9, put.expectedModRevision());
    assertEquals(5, put.value().get("create_time").asLong());
    assertEquals(NOW, put.value().get("update_time").asLong());
  }

  @Test
  void deletesOwnedRoutesNobodyWantsAndNeverForeignOnes() {
    ObjectNode foreign = JSON.createObjectNode().put("uri", "/*");
    Diff.Plan p = Diff.plan(List.of(), Map.of(
        "inkwell-app-gone", stored("inkwell-app-gone", body("g.x"), 1, 3),
        "inkwell-app-theirs", stored("inkwell-app-theirs", foreign, 1, 4),
        "other", stored("other", body("o.x"), 1, 5)), NOW);
    assertEquals(List.of(new Change.Delete("inkwell-app-gone", 3)), p.changes());
  }

  @Test
  void neverOverwritesARouteWithoutOurLabelAndReportsIt() {
    ObjectNode foreign = JSON.createObjectNode().put("uri", "/*");
    Diff.Plan p = Diff.plan(List.of(want("a", "a.x")),
        Map.of("inkwell-app-a", stored("inkwell-app-a", foreign, 1, 3)), NOW);
    assertEquals(List.of(), p.changes());
    assertEquals(List.of("inkwell-app-a"), p.foreign());
  }

  @Test
  void absentDeletesAndInvalidKeepsTheLastValidRoute() {
    Map<String, StoredRoute> s = Map.of(
        "inkwell-app-stopped", stored("inkwell-app-stopped", body("s.x"), 1, 3),
        "inkwell-app-broken", stored("inkwell-app-broken", body("b.x"), 1, 4));
    Diff.Plan p = Diff.plan(List.of(new Desired.Absent(RecordKey.app("stopped"), "stopped"),
        new Desired.Invalid(RecordKey.app("broken"), "limits.rate: -1")), s, NOW);
    assertEquals(List.of(new Change.Delete("inkwell-app-stopped", 3)), p.changes());
  }
}
