package dev.inkwell.runtime.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TokenServiceTest {

  private static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");

  private static TokenService at(Instant now, String secret) {
    return new TokenService(secret, Clock.fixed(now, ZoneOffset.UTC));
  }

  @Test
  void signedTokenVerifiesWithItsClaims() {
    TokenService tokens = at(NOW, "s3cret");
    String claims = tokens.verify(tokens.sign("{\"uid\":\"u1\",\"role\":\"admin\"}", 60));
    assertNotNull(claims);
    assertTrue(claims.contains("\"uid\":\"u1\""), claims);
    assertTrue(claims.contains("\"exp\":" + (NOW.getEpochSecond() + 60)), claims);
  }

  @Test
  void expiredTokenIsRejected() {
    String token = at(NOW, "s3cret").sign("{\"uid\":\"u1\"}", 60);
    assertNull(at(NOW.plusSeconds(61), "s3cret").verify(token));
  }

  @Test
  void tokenOfAnotherSecretIsRejected() {
    String token = at(NOW, "secret-a").sign("{\"uid\":\"u1\"}", 60);
    assertNull(at(NOW, "secret-b").verify(token));
  }

  @Test
  void garbageIsRejectedQuietly() {
    TokenService tokens = at(NOW, "s3cret");
    assertNull(tokens.verify("not.a.token"));
    assertNull(tokens.verify(""));
    assertNull(tokens.verify(null));
  }

  @Test
  void unsignedAlgNoneTokenIsRejected() {
    // header {"alg":"none"}, payload {"uid":"u1"}, no signature
    assertNull(at(NOW, "s3cret").verify("eyJhbGciOiJub25lIn0.eyJ1aWQiOiJ1MSJ9."));
  }

  @Test
  void readsBearerHeader() {
    assertEquals("abc", TokenService.bearer("Bearer abc"));
    assertEquals("abc", TokenService.bearer("bearer abc"));
    assertNull(TokenService.bearer("Basic abc"));
    assertNull(TokenService.bearer(null));
  }

  @Test
  void emptySecretIsRefusedAtConstruction() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> at(NOW, ""));
    assertTrue(e.getMessage().startsWith("server secret: "), e.getMessage());
  }

  // ---- edge tokens: EdDSA with the app's Ed25519 key, what the plugin runner's tenant-auth verifies

  private static String edgeJwk(java.security.KeyPair kp, String kid) {
    byte[] spki = kp.getPublic().getEncoded();
    byte[] pkcs8 = kp.getPrivate().getEncoded();
    java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
    return "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"" + kid + "\",\"x\":\""
        + b64.encodeToString(java.util.Arrays.copyOfRange(spki, spki.length - 32, spki.length)) + "\",\"d\":\""
        + b64.encodeToString(java.util.Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length)) + "\"}";
  }

  @Test
  void withAnEdgeKeyTokensAreEdDsaTheEdgeCanVerify() throws Exception {
    java.security.KeyPair kp = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    TokenService tokens = new TokenService("s3cret", EdgeKey.fromJwk(edgeJwk(kp, "k1")),
        Clock.fixed(NOW, ZoneOffset.UTC));
    String token = tokens.sign("{\"sub\":\"u1\"}", 60);
    String[] parts = token.split("\\.");
    String header = new String(java.util.Base64.getUrlDecoder().decode(parts[0]));
    assertTrue(header.contains("\"alg\":\"EdDSA\"") && header.contains("\"kid\":\"k1\""), header);
    // verified independently with the public key alone, as the edge does (JDK Ed25519 over header.payload)
    java.security.Signature s = java.security.Signature.getInstance("Ed25519");
    s.initVerify(kp.getPublic());
    s.update((parts[0] + "." + parts[1]).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    assertTrue(s.verify(java.util.Base64.getUrlDecoder().decode(parts[2])));
    assertTrue(tokens.verify(token).contains("\"sub\":\"u1\""));
    // Laf's HS256 tokens of the same app still verify
    assertNotNull(tokens.verify(at(NOW, "s3cret").sign("{\"uid\":\"u2\"}", 60)));
  }

  @Test
  void edgeTokensOfAnotherKeyOrWithoutAnEdgeKeyAreRejected() throws Exception {
    java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("Ed25519");
    String token = new TokenService("s", EdgeKey.fromJwk(edgeJwk(g.generateKeyPair(), "k1")),
        Clock.fixed(NOW, ZoneOffset.UTC)).sign("{\"sub\":\"u1\"}", 60);
    assertNull(new TokenService("s", EdgeKey.fromJwk(edgeJwk(g.generateKeyPair(), "k1")),
        Clock.fixed(NOW, ZoneOffset.UTC)).verify(token));
    assertNull(at(NOW, "s").verify(token));
  }

  @Test
  void aMalformedEdgeKeyIsRefusedWithoutEchoingIt() throws Exception {
    java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("Ed25519");
    String mismatched = edgeJwk(g.generateKeyPair(), "k1").replaceAll("\"x\":\"[^\"]+\"",
        "\"x\":\"" + edgeJwk(g.generateKeyPair(), "k1").replaceAll(".*\"x\":\"([^\"]+)\".*", "$1") + "\"");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EdgeKey.fromJwk(mismatched));
    assertEquals("INKWELL_EDGE_SIGNING_KEY: x is not the public half of d", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> EdgeKey.fromJwk("{\"kty\":\"oct\",\"k\":\"c2VjcmV0\"}"));
    assertThrows(IllegalArgumentException.class, () -> EdgeKey.fromJwk("{\"kty\":\"OKP\",\"crv\":\"Ed25519\"}"));
  }
}
