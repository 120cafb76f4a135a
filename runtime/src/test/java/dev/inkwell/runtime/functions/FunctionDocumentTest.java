package dev.inkwell.runtime.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

class FunctionDocumentTest {

  @Test
  void readsLafsPublishedShape() {
    ObjectId id = new ObjectId();
    Document doc = new Document("_id", id).append("name", "hello")
        .append("source", new Document("code", "export default 1").append("compiled", "exports.default = 1"))
        .append("methods", List.of("get", "POST"));
    FunctionDocument f = FunctionDocument.fromBson(doc);
    assertEquals(id.toHexString(), f.id());
    assertEquals("hello", f.name());
    assertEquals("exports.default = 1", f.compiled());
    assertEquals(Set.of("GET", "POST"), f.methods());
  }

  @Test
  void blankCompiledMeansCompileAtLoad() {
    FunctionDocument f = FunctionDocument.fromBson(new Document("name", "x").append("source",
        new Document("code", "c").append("compiled", "  ")));
    assertNull(f.compiled());
  }

  @Test
  void documentWithoutNameIsIgnored() {
    assertNull(FunctionDocument.fromBson(new Document("source", new Document("code", "c"))));
    assertNull(FunctionDocument.fromBson(new Document("name", " ")));
  }

  @Test
  void contentComparisonIgnoresId() {
    FunctionDocument a = new FunctionDocument("1", "f", "code", null, Set.of("GET"));
    assertTrue(a.sameContent(new FunctionDocument("2", "f", "code", null, Set.of("GET"))));
    assertFalse(a.sameContent(new FunctionDocument("1", "f", "code2", null, Set.of("GET"))));
    assertFalse(a.sameContent(new FunctionDocument("1", "f", "code", null, Set.of())));
  }

  @Test
  void findsImportsOfOtherFunctions() {
    assertEquals(Set.of("util", "db/helpers"), FunctionLoader.importsOf(
        "const a = require(\"@/util\"); const b = __importDefault(require('@/db/helpers')); require('crypto');"));
  }
}
