package dev.inkwell.runner.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.inkwell.runner.Calls;
import dev.inkwell.runner.filter.Verdict;
import dev.inkwell.runner.harness.ApisixSide.Request;
import dev.inkwell.runner.metrics.RunnerMetrics;
import dev.inkwell.runner.ratelimit.Tenants;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TenantAuthTest {

  private static final long NOW = 1_800_000_000L;
  private Tokens tokens;
  private TenantAuth filter;
  private RunnerMetrics metrics;
  private TenantAuth.Config conf;

  @BeforeEach
  void setUp() throws Exception {
    tokens = new Tokens();
    metrics = new RunnerMetrics(() -> 0, new Tenants(System::nanoTime));
    filter = new TenantAuth(new JwtVerifier(1000), Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC), metrics);
    String keyHash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest("sk_live_secret".getBytes(StandardCharsets.UTF_8)));
    conf = filter.parse("{\"appid\":\"a1\",\"public_paths\":[\"/login\",\"/public/*\"],\"jwks\":["
        + tokens.edJwk("ed1") + "," + tokens.ecJwk("ec1") + "],\"api_keys\":[{\"id\":\"k1\",\"sha256\":\""
        + keyHash + "\"}]}");
  }

  private Verdict run(Request r) {
    Verdict v = new Verdict();
    filter.filter(conf, Calls.of(r), v);
    return v;
  }

  private Verdict bearer(String token) {
    return run(Request.get(1, "/private").header("authorization", "Bearer " + token));
  }

  private static String claims(long exp) {
    return "{\"sub\":\"user-42\",\"exp\":" + exp + "}";
  }

  @Test
  void acceptsEd25519AndEs256TokensAndPassesTheVerifiedIdentity() throws Exception {
    Verdict v = bearer(tokens.ed("{\"alg\":\"EdDSA\",\"kid\":\"ed1\"}", claims(NOW + 60)));
    assertFalse(v.stopped());
    assertEquals("user-42", v.upstreamHeader("X-Inkwell-User"));
    assertEquals("jwt", v.upstreamHeader("X-Inkwell-Auth"));
    assertEquals(Tokens.b64(claims(NOW + 60)), v.upstreamHeader("X-Inkwell-Claims"));
    assertFalse(bearer(tokens.es("{\"alg\":\"ES256\"}", claims(NOW + 60))).stopped()); // no kid: tried by alg
  }

  @Test
  void theRuntimesInternalEndpointsDoNotExistThroughTheEdge() throws Exception {
    String key = "sk_live_secret";
    for (String path : new String[] {"/_/functions", "/_/metrics", "/_/healthz"}) {
      Verdict v = run(Request.get(1, path).header("x-api-key", key));
      assertTrue(v.stopped(), path);
      assertEquals(404, v.status(), path);
    }
    assertFalse(run(Request.get(1, "/public/_/x")).stopped()); // only the runtime's own prefix
  }

  @Test
  void rejectsExpiredAndNotYetValidTokens() throws Exception {
    assertRejected(bearer(tokens.ed("{\"alg\":\"EdDSA\"}", claims(NOW))), "expired");
    assertRejected(bearer(tokens.ed("{\"alg\":\"EdDSA\"}", "{\"sub\":\"u\",\"nbf\":" + (NOW + 5) + "}")),
        "not_yet_valid");
    assertRejected(bearer(tokens.ed("{\"alg\":\"EdDSA\"}", "{\"sub\":\"u\",\"exp\":\"soon\"}")), "expired");
  }

  @Test
  void rejectsAlgNoneAndAlgorithmConfusion() throws Exception {
    assertRejected(bearer(Tokens.unsigned("{\"alg\":\"none\"}", claims(NOW + 60), new byte[0])), "alg_rejected");
    // HS256 "signed" with the public key as the HMAC secret: the classic confusion attack
    String input = Tokens.b64("{\"alg\":\"HS256\",\"kid\":\"ed1\"}") + "." + Tokens.b64(claims(NOW + 60));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(tokens.ed.getPublic().getEncoded(), "HmacSHA256"));
    String forged = input + "." + java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    assertRejected(bearer(forged), "alg_rejected");
    // an EdDSA signature presented under the EC key's kid: the header's alg must be the key's
    assertRejected(bearer(tokens.ed("{\"alg\":\"EdDSA\",\"kid\":\"ec1\"}", claims(NOW + 60))), "unknown_key");
  }

  @Test
  void rejectsTamperedTokensAndUnknownKeys() throws Exception {
    String good = tokens.ed("{\"alg\":\"EdDSA\",\"kid\":\"ed1\"}", claims(NOW + 60));
    String[] parts = good.split("\\.");
    String tampered = parts[0] + "." + Tokens.b64("{\"sub\":\"admin\",\"exp\":" + (NOW + 60) + "}") + "." + parts[2];
    assertRejected(bearer(tampered), "bad_signature");
    assertRejected(bearer(tokens.ed("{\"alg\":\"EdDSA\",\"kid\":\"nope\"}", claims(NOW + 60))), "unknown_key");
    assertRejected(bearer("a.b.c"), "malformed_token");
    assertFalse(bearer(good).stopped()); // the tampered copy did not poison the cache for the real one
  }

  @Test
  void stripsClientSentIdentityHeadersEvenOnPublicPaths() {
    Verdict v = run(Request.get(1, "/login").header("x-inkwell-user", "admin").header("X-Inkwell-Auth", "jwt"));
    assertFalse(v.stopped());
    assertTrue(v.upstreamHeaders().contains("x-inkwell-user"));
    assertTrue(v.upstreamHeaders().contains("X-Inkwell-Auth"));
    assertNull(v.upstreamHeader("x-inkwell-user")); // null value = removed
  }

  @Test
  void acceptsApiKeysByHashAndRejectsOthers() {
    Verdict v = run(Request.get(1, "/private").header("x-api-key", "sk_live_secret"));
    assertFalse(v.stopped());
    assertEquals("k1", v.upstreamHeader("X-Inkwell-Key-Id"));
    assertFalse(run(Request.get(1, "/private").header("authorization", "Bearer sk_live_secret")).stopped());
    assertRejected(run(Request.get(1, "/private").header("x-api-key", "sk_live_guess")), "bad_api_key");
  }

  @Test
  void publicPathsPassWithoutCredentialsOthersGet401WithAChallenge() {
    assertFalse(run(Request.get(1, "/login")).stopped());
    assertFalse(run(Request.get(1, "/public")).stopped());
    assertFalse(run(Request.get(1, "/public/a/b.css")).stopped());
    Verdict v = run(Request.get(1, "/publicity"));
    assertEquals(401, v.status());
    assertEquals("Bearer realm=\"a1\"", v.responseHeader("WWW-Authenticate"));
    assertEquals("Bearer realm=\"a1\", error=\"invalid_token\"",
        run(Request.get(1, "/x").header("x-api-key", "bad")).responseHeader("WWW-Authenticate"));
    assertTrue(metrics.scrape().contains("inkwell_runner_auth_failures_total{appid=\"a1\",reason=\"missing_credentials\"}"));
  }

  @Test
  void refusesSecretsAndBadMaterialInTheConf() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> filter.parse(
        "{\"appid\":\"a\",\"jwks\":[{\"kty\":\"oct\",\"k\":\"c2VjcmV0\"}]}")).getMessage().contains("k"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> filter.parse(
        "{\"appid\":\"a\",\"jwks\":[{\"kty\":\"oct\"}]}")).getMessage().contains("symmetric keys are secrets"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> filter.parse(
        "{\"appid\":\"a\",\"api_keys\":[{\"id\":\"k\",\"sha256\":\"sk_live_plaintext\"}]}")).getMessage()
        .startsWith("api_keys[0].sha256"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> filter.parse(
        "{\"appid\":\"a\",\"public_paths\":[\"/a*b\"]}")).getMessage().startsWith("public_paths[0]"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> filter.parse(
        "{\"appid\":\"a\",\"jwks\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"AAAA\"}]}")).getMessage()
        .startsWith("jwks[0].x: 3 bytes"));
  }

  private void assertRejected(Verdict v, String reason) {
    assertEquals(401, v.status(), reason);
    assertTrue(metrics.scrape().contains("reason=\"" + reason + "\""), "metric for " + reason);
  }
}
