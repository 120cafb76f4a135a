package dev.inkwell.runtime.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The snapshot algebra: what a publish renews, what it leaves alone, and how it refuses import cycles. */
class FunctionSetTest {

  private static LoadedFunction fn(String name, String... imports) {
    return LoadedFunction.ok(new FunctionDocument(name, name, "code of " + name, null, Set.of()), null, Set.of(imports));
  }

  private static FunctionSet setOf(LoadedFunction... fns) {
    Map<String, LoadedFunction> changes = new HashMap<>();
    for (LoadedFunction f : fns) {
      changes.put(f.name(), f);
    }
    return FunctionSet.empty().with(changes);
  }

  @Test
  void publishRenewsTransitiveImportersOnly() {
    FunctionSet before = setOf(fn("util"), fn("mid", "util"), fn("top", "mid"), fn("alone"));
    FunctionSet after = before.with(Map.of("util", fn("util")));
    assertNotEquals(before.get("util").id(), after.get("util").id());
    assertNotEquals(before.get("mid").id(), after.get("mid").id(), "direct importer re-evaluated");
    assertNotEquals(before.get("top").id(), after.get("top").id(), "transitive importer re-evaluated");
    assertSame(before.get("alone"), after.get("alone"), "unrelated function untouched");
    assertEquals(before.version() + 1, after.version());
  }

  @Test
  void renewedFunctionKeepsItsParsedSource() {
    FunctionSet before = setOf(fn("util"), fn("user", "util"));
    FunctionSet after = before.with(Map.of("util", fn("util")));
    assertSame(before.get("user").document(), after.get("user").document());
    assertSame(before.get("user").source(), after.get("user").source());
  }

  @Test
  void deleteRemovesAndRenewsImporters() {
    FunctionSet before = setOf(fn("util"), fn("user", "util"));
    Map<String, LoadedFunction> delete = new HashMap<>();
    delete.put("util", null);
    FunctionSet after = before.with(delete);
    assertNull(after.get("util"));
    assertNotEquals(before.get("user").id(), after.get("user").id());
  }

  @Test
  void newCycleMarksItsMembersFailed() {
    FunctionSet set = setOf(fn("a", "b"), fn("b", "a"));
    assertTrue(set.get("a").error().startsWith("import cycle: "), set.get("a").error());
    assertTrue(set.get("b").error().startsWith("import cycle: "), set.get("b").error());
  }

  @Test
  void publishThatWouldCloseACycleKeepsThePreviousVersion() {
    FunctionSet before = setOf(fn("a", "b"), fn("b"));
    FunctionSet after = before.with(Map.of("b", fn("b", "a")));
    assertSame(before.get("b"), after.get("b"), "the cycle-closing version is refused");
    assertNull(after.get("a").error());
  }

  @Test
  void findsNoCycleInADiamond() {
    FunctionSet set = setOf(fn("base"), fn("left", "base"), fn("right", "base"), fn("top", "left", "right"));
    for (LoadedFunction f : set.all()) {
      assertNull(f.error(), f.name());
    }
  }
}
