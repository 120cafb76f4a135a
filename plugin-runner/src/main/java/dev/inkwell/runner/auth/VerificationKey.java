package dev.inkwell.runner.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * A public key that may sign tokens for an app, from its JWK: Ed25519 ({@code "kty":"OKP","crv":"Ed25519"}, JWS alg
 * {@code EdDSA}) or P-256 ({@code "kty":"EC","crv":"P-256"}, JWS alg {@code ES256}). The algorithm is a property of
 * the key, never taken from a token: a token whose header names another algorithm is refused.
 */
public record VerificationKey(String kid, String alg, PublicKey key) {

  /** A JWK as it appears in the conf (public members only; private members are refused, not ignored). */
  public record Jwk(@JsonProperty("kty") String kty, @JsonProperty("crv") String crv, @JsonProperty("kid") String kid,
      @JsonProperty("x") String x, @JsonProperty("y") String y, @JsonProperty("alg") String alg,
      @JsonProperty("use") String use) {
  }

  // X.509 SubjectPublicKeyInfo header for a raw 32-byte Ed25519 key (RFC 8410): SEQUENCE { SEQUENCE { OID 1.3.101.112 },
  // BIT STRING (33 bytes) }.
  private static final byte[] ED25519_SPKI = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

  public static VerificationKey of(Jwk jwk, int index) {
    String where = "jwks[" + index + "]";
    if (jwk == null || jwk.kty() == null) {
      throw new IllegalArgumentException(where + ".kty: missing (expected: OKP or EC)");
    }
    try {
      switch (jwk.kty()) {
        case "OKP" -> {
          if (!"Ed25519".equals(jwk.crv())) {
            throw new IllegalArgumentException(where + ".crv: " + jwk.crv() + " (expected: Ed25519)");
          }
          checkAlg(where, jwk, "EdDSA");
          byte[] x = decode(where + ".x", jwk.x(), 32);
          byte[] der = new byte[ED25519_SPKI.length + 32];
          System.arraycopy(ED25519_SPKI, 0, der, 0, ED25519_SPKI.length);
          System.arraycopy(x, 0, der, ED25519_SPKI.length, 32);
          return new VerificationKey(jwk.kid(), "EdDSA",
              KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der)));
        }
        case "EC" -> {
          if (!"P-256".equals(jwk.crv())) {
            throw new IllegalArgumentException(where + ".crv: " + jwk.crv() + " (expected: P-256)");
          }
          checkAlg(where, jwk, "ES256");
          BigInteger x = new BigInteger(1, decode(where + ".x", jwk.x(), 32));
          BigInteger y = new BigInteger(1, decode(where + ".y", jwk.y(), 32));
          AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
          p.init(new ECGenParameterSpec("secp256r1"));
          ECParameterSpec spec = p.getParameterSpec(ECParameterSpec.class);
          return new VerificationKey(jwk.kid(), "ES256",
              KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), spec)));
        }
        default -> throw new IllegalArgumentException(where + ".kty: " + jwk.kty()
            + " (expected: OKP (Ed25519) or EC (P-256); symmetric keys are secrets and never go into a route)");
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(where + ": not a valid public key (" + e.getMessage() + ")");
    }
  }

  private static void checkAlg(String where, Jwk jwk, String expected) {
    if (jwk.alg() != null && !jwk.alg().equals(expected)) {
      throw new IllegalArgumentException(where + ".alg: " + jwk.alg() + " (expected: " + expected + ")");
    }
  }

  private static byte[] decode(String field, String b64, int length) {
    if (b64 == null) {
      throw new IllegalArgumentException(field + ": missing (expected: base64url, " + length + " bytes)");
    }
    byte[] out;
    try {
      out = Base64.getUrlDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + ": not base64url");
    }
    if (out.length != length) {
      throw new IllegalArgumentException(field + ": " + out.length + " bytes (expected: " + length + ")");
    }
    return out;
  }
}
