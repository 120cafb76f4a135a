package dev.inkwell.controller.desired;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inkwell.records.App;
import dev.inkwell.records.Bucket;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bson.Document;
import org.junit.jupiter.api.Test;

class DesiredRoutesTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final Settings SETTINGS = new Settings("apps.example.com", "oss.example.com", "minio.inkwell:9000",
      "{appid}.apps.svc.cluster.local:8000", null);
  final DesiredRoutes routes = new DesiredRoutes(SETTINGS);

  static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
  static final String X = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";

  @Test
  void appRouteCarriesThePluginRunnerContract() throws Exception {
    App app = new App("a1b2c3", "demo", App.RUNNING, new App.Limits(100, 200, "remote_addr", false),
        new App.Auth(List.of("/public/*", "/health"), List.of(new App.Jwk("OKP", "Ed25519", "k1", X, null)),
            List.of(new App.ApiKey("key1", SHA))), null, null, null);
    Desired.Route r = assertInstanceOf(Desired.Route.class, routes.of(RecordKey.app("a1b2c3"), app.toDocument()));
    JsonNode b = r.body();
    assertEquals("inkwell-app-a1b2c3", b.get("id").asText());
    assertEquals("a1b2c3.apps.example.com", b.get("host").asText());
    assertEquals("/*", b.get("uri").asText());
    assertTrue(b.get("enable_websocket").asBoolean());
    assertEquals(600, b.at("/timeout/read").asInt());
    assertEquals("inkwell", b.at("/labels/managed-by").asText());
    assertEquals("a1b2c3.apps.svc.cluster.local", b.at("/upstream/nodes/0/host").asText());
    assertEquals(8000, b.at("/upstream/nodes/0/port").asInt());
    JsonNode conf = b.at("/plugins/ext-plugin-pre-req/conf");
    assertEquals("tenant-auth", conf.get(0).get("name").asText());
    assertEquals("{\"appid\":\"a1b2c3\",\"public_paths\":[\"/public/*\",\"/health\"],\"jwks\":[{\"kty\":\"OKP\","
        + "\"crv\":\"Ed25519\",\"kid\":\"k1\",\"x\":\"" + X + "\"}],\"api_keys\":[{\"id\":\"key1\",\"sha256\":\"" + SHA
        + "\"}]}", conf.get(0).get("value").asText());
    assertEquals("tenant-rate-limit", conf.get(1).get("name").asText());
    assertEquals("{\"appid\":\"a1b2c3\",\"rate\":100.0,\"burst\":200,\"key\":\"remote_addr\",\"rejected_code\":429,"
        + "\"dry_run\":false}", conf.get(1).get("value").asText());
    assertTrue(b.at("/plugins/ext-plugin-pre-req/allow_degradation").isMissingNode());
  }

  @Test
  void everythingPublicStillEmitsTenantAuthAndNoRateLimitWithoutLimits() {
    Desired.Route r = (Desired.Route) routes.of(RecordKey.app("open"), Harness.doc("open"));
    JsonNode conf = r.body().at("/plugins/ext-plugin-pre-req/conf");
    assertEquals(1, conf.size());
    assertEquals("{\"appid\":\"open\",\"public_paths\":[\"/*\"]}", conf.get(0).get("value").asText());
  }

  @Test
  void platformDefaultLimitsApplyToAppsWithoutTheirOwn() {
    DesiredRoutes withDefault = new DesiredRoutes(new Settings("apps.example.com", "oss.example.com",
        "minio.inkwell:9000", "{appid}.x:8000", new App.Limits(10, 20, null, false)));
    Desired.Route r = (Desired.Route) withDefault.of(RecordKey.app("open"), Harness.doc("open"));
    assertEquals("{\"appid\":\"open\",\"rate\":10.0,\"burst\":20,\"rejected_code\":429,\"dry_run\":false}",
        r.body().at("/plugins/ext-plugin-pre-req/conf/1/value").asText());
  }

  @Test
  void stoppedAndMissingAppsHaveNoRoute() {
    assertInstanceOf(Desired.Absent.class, routes.of(RecordKey.app("s"), Harness.doc("s").append("state", "stopped")));
    assertInstanceOf(Desired.Absent.class, routes.of(RecordKey.app("s"), Harness.doc("s").append("state", "deleting")));
    assertInstanceOf(Desired.Absent.class, routes.of(RecordKey.app("s"), null));
  }

  @Test
  void aRecordWithAnInvalidHostnameIsInvalidNotThrown() {
    Desired d = routes.of(RecordKey.app("Bad_Host"), new Document("_id", "Bad_Host").append("state", "running"));
    Desired.Invalid i = assertInstanceOf(Desired.Invalid.class, d);
    assertTrue(i.message().startsWith("_id: Bad_Host (expected:"), i.message());
  }

  @Test
  void aBucketWhoseHostLabelIsTooLongIsInvalid() {
    String appid = "a".repeat(32);
    Bucket b = Bucket.of(appid, "b".repeat(32), Bucket.Policy.READONLY, null);
    Desired d = routes.of(RecordKey.bucket(b.id()), b.toDocument());
    assertTrue(assertInstanceOf(Desired.Invalid.class, d).message().contains("63"));
    assertTrue(RecordKey.bucket(b.id()).routeId().length() <= 64);
  }

  @Test
  void privateBucketsHaveNoRoute() {
    Bucket b = Bucket.of("app1", "secret", Bucket.Policy.PRIVATE, null);
    assertInstanceOf(Desired.Absent.class, routes.of(RecordKey.bucket(b.id()), b.toDocument()));
  }

  @Test
  void bucketSiteRewritesPathsAsDocumented() {
    Bucket b = Bucket.of("app1", "site", Bucket.Policy.READONLY, Bucket.Website.SPA);
    Desired.Route r = (Desired.Route) routes.of(RecordKey.bucket(b.id()), b.toDocument());
    assertEquals("app1-site.oss.example.com", r.body().get("host").asText());
    assertEquals("node", r.body().at("/upstream/pass_host").asText());
    JsonNode rx = r.body().at("/plugins/proxy-rewrite/regex_uri");
    assertEquals("/app1-site/index.html", rewrite(rx, "/"));
    assertEquals("/app1-site/docs/index.html", rewrite(rx, "/docs/"));
    assertEquals("/app1-site/css/site.css", rewrite(rx, "/css/site.css"));
    assertEquals("/app1-site/index.html", rewrite(rx, "/users/42"), "SPA: no extension -> index.html");

    Bucket plain = Bucket.of("app1", "files", Bucket.Policy.READWRITE, null);
    JsonNode rx2 = ((Desired.Route) routes.of(RecordKey.bucket(plain.id()), plain.toDocument())).body()
        .at("/plugins/proxy-rewrite/regex_uri");
    assertEquals("/app1-files/users/42", rewrite(rx2, "/users/42"));
    assertEquals("/app1-files/index.html", rewrite(rx2, "/"));
  }

  /** Applies regex_uri as APISIX does: pairs in order, the first matching regex rewrites. */
  static String rewrite(JsonNode pairs, String uri) {
    for (int i = 0; i < pairs.size(); i += 2) {
      Matcher m = Pattern.compile(pairs.get(i).asText()).matcher(uri);
      if (m.find()) {
        return m.replaceFirst(pairs.get(i + 1).asText());
      }
    }
    return uri;
  }

  /** Bare app documents. */
  static final class Harness {
    static Document doc(String appid) {
      return new Document("_id", appid).append("state", "running");
    }
  }
}
