package dev.inkwell.runtime.cloud;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.Map;

/**
 * {@code cloud.getToken} / {@code cloud.parseToken} and {@code ctx.user}. With an {@link EdgeKey}, tokens are EdDSA
 * JWTs (kid = the key's) that the edge's {@code tenant-auth} accepts for this app; without one, HS256 JWTs signed with
 * the app's server secret, as Laf does ({@code SERVER_SECRET}). Verification accepts both kinds, each only with its own
 * key and algorithm. Expiry ({@code exp}, seconds) is checked against an injected clock.
 */
public final class TokenService {

  private final MACSigner signer;
  private final MACVerifier verifier;
  private final EdgeKey edgeKey;
  private final Clock clock;

  public TokenService(String secret, Clock clock) {
    this(secret, null, clock);
  }

  /** @param edgeKey the app's edge signing key, or null to sign HS256 with the secret */
  public TokenService(String secret, EdgeKey edgeKey, Clock clock) {
    this.edgeKey = edgeKey;
    if (secret == null || secret.isEmpty()) {
      throw new IllegalArgumentException("server secret: empty (expected: a non-empty string)");
    }
    this.clock = clock;
    byte[] key = stretch(secret);
    try {
      this.signer = new MACSigner(key);
      this.verifier = new MACVerifier(key);
    } catch (JOSEException e) {
      throw new IllegalArgumentException("server secret: unusable for HS256 (" + e.getMessage() + ")", e);
    }
  }

  /**
   * Signs {@code payloadJson} (a JSON object). With {@code expiresInSeconds > 0}, sets {@code exp} unless the payload
   * already has one; Laf users usually put {@code exp} in the payload themselves.
   */
  public String sign(String payloadJson, long expiresInSeconds) {
    try {
      JWTClaimsSet claims = JWTClaimsSet.parse(payloadJson);
      if (expiresInSeconds > 0 && claims.getExpirationTime() == null) {
        claims = new JWTClaimsSet.Builder(claims)
            .expirationTime(Date.from(clock.instant().plusSeconds(expiresInSeconds)))
            .build();
      }
      if (claims.getIssueTime() == null) {
        claims = new JWTClaimsSet.Builder(claims).issueTime(Date.from(clock.instant())).build();
      }
      if (edgeKey != null) {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.EdDSA).keyID(edgeKey.kid()).type(JOSEObjectType.JWT)
            .build();
        Base64URL h = header.toBase64URL();
        Base64URL c = Base64URL.encode(claims.toString());
        byte[] sig = edgeKey.sign((h + "." + c).getBytes(StandardCharsets.US_ASCII));
        return h + "." + c + "." + Base64URL.encode(sig);
      }
      SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
      jwt.sign(signer);
      return jwt.serialize();
    } catch (ParseException e) {
      throw new IllegalArgumentException("token payload must be a JSON object", e);
    } catch (JOSEException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign token", e);
    }
  }

  /** The claims of a valid, unexpired token as JSON, or null. */
  public String verify(String token) {
    if (token == null || token.isEmpty() || token.length() > 8192) {
      return null;
    }
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
      boolean valid;
      if (JWSAlgorithm.HS256.equals(alg)) {
        valid = jwt.verify(verifier);
      } else if (JWSAlgorithm.EdDSA.equals(alg) && edgeKey != null
          && (jwt.getHeader().getKeyID() == null || edgeKey.kid().equals(jwt.getHeader().getKeyID()))) {
        valid = edgeKey.verify(jwt.getSigningInput(), jwt.getSignature().decode());
      } else {
        valid = false; // none, RSA, another app's key...
      }
      if (!valid) {
        return null;
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      Date exp = claims.getExpirationTime();
      if (exp != null && !exp.toInstant().isAfter(clock.instant())) {
        return null;
      }
      Map<String, Object> json = claims.toJSONObject();
      return com.nimbusds.jose.util.JSONObjectUtils.toJSONString(json);
    } catch (ParseException | JOSEException e) {
      return null;
    }
  }

  /** The token of an {@code Authorization: Bearer ...} header value, or null. */
  public static String bearer(String authorization) {
    if (authorization == null || authorization.length() < 8
        || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    return authorization.substring(7).trim();
  }

  // HS256 needs a key of at least 256 bits; Laf's secrets are arbitrary strings, so short ones are hashed to 32 bytes.
  private static byte[] stretch(String secret) {
    byte[] raw = secret.getBytes(StandardCharsets.UTF_8);
    if (raw.length >= 32) {
      return raw;
    }
    try {
      return MessageDigest.getInstance("SHA-256").digest(raw);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
