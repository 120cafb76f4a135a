package dev.inkwell.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

class RecordsTest {

  static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
  static final String X = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";

  @Test
  void anAppSurvivesTheRoundTripThroughItsStoredForm() {
    App app = new App("a1b2c3", "demo", App.RUNNING, new App.Limits(2.5, 10, "http_x-api-key", true),
        new App.Auth(List.of("/public/*"), List.of(new App.Jwk("EC", "P-256", "k1", X, X)),
            List.of(new App.ApiKey("k1", SHA))), "10.0.0.5:8000", Instant.ofEpochMilli(1000), Instant.ofEpochMilli(2000));
    assertEquals(app, App.fromDocument(app.toDocument()));
  }

  @Test
  void anAppWithoutAuthIsPublicEverywhereAsInLaf() {
    App app = App.fromDocument(new Document("_id", "open").append("state", "running"));
    assertEquals(List.of("/*"), app.auth().publicPaths());
    assertTrue(app.running());
    assertFalse(App.fromDocument(new Document("_id", "open").append("state", "deleting")).running());
  }

  @Test
  void refusesWhatCannotBeASubdomain() {
    for (String bad : List.of("Upper", "under_score", "-dash", "dash-", "a".repeat(33), "")) {
      InvalidRecordException e = assertThrows(InvalidRecordException.class,
          () -> App.fromDocument(new Document("_id", bad).append("state", "running")));
      assertTrue(e.getMessage().startsWith("_id: " + bad + " (expected:"), e.getMessage());
    }
  }

  @Test
  void refusesAPrivateKeyInTheJwks() {
    Document jwk = new Document("kty", "OKP").append("crv", "Ed25519").append("kid", "k").append("x", X).append("d", X);
    InvalidRecordException e = assertThrows(InvalidRecordException.class, () -> App.fromDocument(new Document("_id", "a")
        .append("state", "running").append("auth", new Document("jwks", List.of(jwk)))));
    assertFalse(e.getMessage().contains(X), "the message never echoes key material");
  }

  @Test
  void refusesBadLimitsAndKeyHashes() {
    assertThrows(InvalidRecordException.class, () -> new App.Limits(0, 1, null, false));
    assertThrows(InvalidRecordException.class, () -> new App.Limits(1, 0, null, false));
    assertThrows(InvalidRecordException.class, () -> new App.Limits(1, 1, "cookie_x", false));
    InvalidRecordException e = assertThrows(InvalidRecordException.class, () -> new App.ApiKey("k", "NOT-HEX"));
    assertFalse(e.getMessage().contains("NOT-HEX"));
  }

  @Test
  void aBucketSurvivesTheRoundTripAndChecksItsId() {
    Bucket b = Bucket.of("a1b2c3", "site", Bucket.Policy.READONLY, Bucket.Website.SPA);
    assertEquals(b, Bucket.fromDocument(b.toDocument()));
    assertThrows(InvalidRecordException.class, () -> new Bucket("x-y", "a1b2c3", "site", Bucket.Policy.PRIVATE, null));
    assertThrows(InvalidRecordException.class, () -> Bucket.of("a1", "ab", Bucket.Policy.PRIVATE, null));
    assertThrows(InvalidRecordException.class, () -> Bucket.fromDocument(new Document("_id", "a1-site")
        .append("appid", "a1").append("name", "site").append("policy", "public")));
  }
}
