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
}
