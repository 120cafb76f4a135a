package dev.inkwell.runner.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.Base64;
import java.util.List;

/**
 * Verifies compact JWS tokens (RFC 7515/7519) signed with EdDSA (Ed25519) or ES256 against an app's public keys.
 *
 * <p>Written on the JDK's own Ed25519 and ECDSA (P1363 signature format) with Jackson for the JSON, instead of
 * nimbus-jose-jwt: nimbus verifies Ed25519 only through Google Tink (protobuf and 5 MB of jars in a runner that should
 * start in well under a second), and the part we need is small: split, decode, check the algorithm against the key,
 * verify, read four claims.
 *
 * <p>Rules: the header's {@code alg} must be the algorithm of the key that verifies it ({@code none}, HMAC and RSA are
 * never accepted: no algorithm confusion); keys embedded in the token ({@code jwk}, {@code jku}, {@code x5u}) are
 * ignored; {@code crit} is refused; {@code exp} and {@code nbf}, when present, are checked on every request against
 * the injected clock, with no leeway; {@code iss} / {@code aud} when the conf names them.
 *
 * <p>Signature checks cost tens of microseconds, so results (good and bad) are cached by token, for the key list
 * instance that produced them: a new conf (new keys) never reuses an old result. Time checks are never cached.
 */
public final class JwtVerifier {

  /** What a token proved, or why not. {@code keys} is the key list instance that checked it. */
  record Checked(List<VerificationKey> keys, String failure, String subject, long exp, long nbf, String issuer,
      JsonNode audience, String payload) {
  }

  private static final int MAX_TOKEN = 8192;
  private final ObjectMapper json = new ObjectMapper();
  private final Cache<String, Checked> cache;

  public JwtVerifier(long cacheSize) {
    this.cache = Caffeine.newBuilder().maximumSize(cacheSize).build();
  }

  /** A verified token's identity, or the reason it failed ({@code failure != null}). */
  public record Result(String failure, String subject, String payload) {
  }

  public Result verify(String token, TenantAuth.Config c, long nowSeconds) {
    Checked k = cache.getIfPresent(token);
    if (k == null || k.keys() != c.jwks()) {
      k = check(token, c.jwks());
      cache.put(token, k);
    }
    if (k.failure() != null) {
      return new Result(k.failure(), null, null);
    }
    if (nowSeconds >= k.exp()) {
      return new Result("expired", null, null);
    }
    if (nowSeconds < k.nbf()) {
      return new Result("not_yet_valid", null, null);
    }
    if (c.issuer() != null && !c.issuer().equals(k.issuer())) {
      return new Result("wrong_issuer", null, null);
    }
    if (c.audience() != null && !audienceMatches(k.audience(), c.audience())) {
      return new Result("wrong_audience", null, null);
    }
    return new Result(null, k.subject(), k.payload());
  }

  public long cached() {
    return cache.estimatedSize();
  }

  private Checked check(String token, List<VerificationKey> keys) {
    if (token.length() > MAX_TOKEN) {
      return failed(keys, "malformed_token");
    }
    int d1 = token.indexOf('.');
    int d2 = d1 < 0 ? -1 : token.indexOf('.', d1 + 1);
    // an empty signature (alg none) is let through the shape check, to be refused for its algorithm below
    if (d1 <= 0 || d2 < 0 || d2 == d1 + 1 || token.indexOf('.', d2 + 1) >= 0) {
      return failed(keys, "malformed_token");
    }
    JsonNode header;
    JsonNode claims;
    byte[] sig;
    try {
      header = json.readTree(Base64.getUrlDecoder().decode(token.substring(0, d1)));
      claims = json.readTree(Base64.getUrlDecoder().decode(token.substring(d1 + 1, d2)));
      sig = Base64.getUrlDecoder().decode(token.substring(d2 + 1));
    } catch (Exception e) { // bad base64 or JSON
      return failed(keys, "malformed_token");
    }
    if (header == null || !header.isObject() || claims == null || !claims.isObject()) {
      return failed(keys, "malformed_token");
    }
    if (header.has("crit")) {
      return failed(keys, "malformed_token");
    }
    String alg = header.path("alg").asText("");
    if (!alg.equals("EdDSA") && !alg.equals("ES256")) {
      return failed(keys, "alg_rejected");
    }
    String kid = header.path("kid").isTextual() ? header.get("kid").asText() : null;
    byte[] signed = token.substring(0, d2).getBytes(StandardCharsets.US_ASCII);
    boolean anyKey = false;
    for (VerificationKey key : keys) {
      if (kid != null && !kid.equals(key.kid())) {
        continue;
      }
      if (!key.alg().equals(alg)) {
        continue;
      }
      anyKey = true;
      if (verifies(key, signed, sig)) {
        return new Checked(keys, null, text(claims.get("sub")), seconds(claims.get("exp"), Long.MAX_VALUE, Long.MIN_VALUE),
            seconds(claims.get("nbf"), Long.MIN_VALUE, Long.MAX_VALUE), text(claims.get("iss")), claims.get("aud"),
            token.substring(d1 + 1, d2));
      }
    }
    return failed(keys, anyKey ? "bad_signature" : "unknown_key");
  }

  private static boolean verifies(VerificationKey key, byte[] signed, byte[] sig) {
    if (sig.length != 64) { // Ed25519 and ES256 (r || s) signatures are both 64 bytes
      return false;
    }
    try {
      Signature s = Signature.getInstance(key.alg().equals("EdDSA") ? "Ed25519" : "SHA256withECDSAinP1363Format");
      s.initVerify(key.key());
      s.update(signed);
      return s.verify(sig);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static boolean audienceMatches(JsonNode aud, String want) {
    if (aud == null) {
      return false;
    }
    if (aud.isTextual()) {
      return aud.asText().equals(want);
    }
    if (aud.isArray()) {
      for (JsonNode a : aud) {
        if (a.isTextual() && a.asText().equals(want)) {
          return true;
        }
      }
    }
    return false;
  }

  private static Checked failed(List<VerificationKey> keys, String reason) {
    return new Checked(keys, reason, null, 0, 0, null, null, null);
  }

  private static String text(JsonNode n) {
    return n == null || n.isNull() || n.isContainerNode() ? null : n.asText();
  }

  /** A NumericDate claim; {@code invalid} for a non-numeric one (an exp that has passed, an nbf never reached). */
  private static long seconds(JsonNode n, long absent, long invalid) {
    if (n == null || n.isNull()) {
      return absent;
    }
    return n.isNumber() ? n.asLong() : invalid;
  }
}
