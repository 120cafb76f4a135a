package dev.inkwell.runtime.cloud;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.inkwell.runtime.engine.HostResult;
import java.util.Date;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;
import org.bson.Document;
import org.bson.codecs.DocumentCodec;
import org.bson.types.Binary;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

/** The Java half of the BSON <-> JS mapping (the JS half, sdk.js, is exercised by MongoSdkIT). */
class MongoGatewayTest {

  @Test
  void writesDatesAsMillisAndKeepsObjectIdLongAndBinaryTagged() {
    ObjectId id = new ObjectId("65a1b2c3d4e5f60718293a4b");
    Document d = new Document("_id", id).append("at", new Date(1_700_000_000_123L)).append("n", 5_000_000_000L)
        .append("i", 3).append("x", 1.5).append("b", new Binary(new byte[] {1, 2})).append("nested", java.util.List.of(
            new Document("at", new Date(0))));
    String json = MongoGateway.one(new RawBsonDocument(d, new DocumentCodec()));
    assertEquals("{\"_id\": {\"$oid\": \"65a1b2c3d4e5f60718293a4b\"}, \"at\": {\"$date\": 1700000000123}, "
        + "\"n\": 5000000000, \"i\": 3, \"x\": 1.5, \"b\": {\"$binary\": {\"base64\": \"AQI=\", \"subType\": \"00\"}}, "
        + "\"nested\": [{\"at\": {\"$date\": 0}}]}", json);
  }

  @Test
  void readsTheGluesExtendedJsonIntoBsonTypes() {
    BsonDocument a = BsonDocument.parse("{\"a\":[{\"_id\":{\"$oid\":\"65a1b2c3d4e5f60718293a4b\"},"
        + "\"at\":{\"$date\":{\"$numberLong\":\"1700000000123\"}},\"big\":{\"$numberLong\":\"9007199254740993\"},"
        + "\"filter\":{\"$gte\":1,\"$type\":\"string\"}}]}");
    BsonDocument doc = a.getArray("a").get(0).asDocument();
    assertEquals(new ObjectId("65a1b2c3d4e5f60718293a4b"), doc.getObjectId("_id").getValue());
    assertEquals(1_700_000_000_123L, doc.getDateTime("at").getValue());
    assertEquals(9_007_199_254_740_993L, doc.getInt64("big").getValue());
    // Query operators that look like Extended JSON keys stay operators.
    assertEquals("string", doc.getDocument("filter").getString("$type").getValue());
  }

  @Test
  void refusesCollectionNamesThatAreNotPlainCollections() {
    for (String bad : new String[] {"", "a$b", "system.users", "a\0b"}) {
      assertThrows(IllegalArgumentException.class, () -> MongoGateway.checkCollectionName(bad), bad);
    }
    assertDoesNotThrow(() -> MongoGateway.checkCollectionName("todos.archive"));
  }

  @Test
  void describesFailuresAsJsonForTheGlue() {
    assertEquals("{\"name\":\"MongoServerError\",\"message\":\"E11000 \\\"dup\\\"\",\"code\":11000,"
        + "\"codeName\":\"DuplicateKey\"}",
        new HostResult.Failed("MongoServerError", "E11000 \"dup\"", 11000, "DuplicateKey").toJson());
  }
}
