package dev.inkwell.runtime.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The app's Ed25519 signing key for tokens the edge accepts: the plugin runner's {@code tenant-auth} verifies EdDSA
 * JWTs against the public half, which the app record's {@code auth.jwks} carries into the route. Given to the runtime as
 * a private JWK ({@code {"kty":"OKP","crv":"Ed25519","kid":"...","x":"...","d":"..."}}) in
 * {@code INKWELL_EDGE_SIGNING_KEY}; never shown to functions ({@code INKWELL_*} variables are not in {@code cloud.env}).
 *
 * <p>Signing and verifying use the JDK's Ed25519 (nimbus would need Google Tink for it).
 */
public final class EdgeKey {

  // DER prefixes of the PKCS#8 private key and X.509 public key structures for a raw 32-byte Ed25519 key (RFC 8410).
  private static final byte[] PKCS8 = {0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04,
      0x22, 0x04, 0x20};
  private static final byte[] SPKI = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

  private final String kid;
  private final PrivateKey privateKey;
  private final PublicKey publicKey;

  private EdgeKey(String kid, PrivateKey privateKey, PublicKey publicKey) {
    this.kid = kid;
    this.privateKey = privateKey;
    this.publicKey = publicKey;
  }

  /** Parses the private JWK; the message names what is wrong, never the key material. */
  public static EdgeKey fromJwk(String json) {
    String name = "INKWELL_EDGE_SIGNING_KEY";
    JsonNode jwk;
    try {
      jwk = new ObjectMapper().readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException(name + ": not JSON (expected: an Ed25519 private JWK)");
    }
    if (jwk == null || !"OKP".equals(jwk.path("kty").asText()) || !"Ed25519".equals(jwk.path("crv").asText())) {
      throw new IllegalArgumentException(name + ": not an Ed25519 key (expected: \"kty\":\"OKP\",\"crv\":\"Ed25519\")");
    }
    String kid = jwk.path("kid").asText("");
    if (kid.isEmpty()) {
      throw new IllegalArgumentException(name + ": no kid (expected: the kid of the public key in the app's jwks)");
    }
    try {
      KeyFactory kf = KeyFactory.getInstance("Ed25519");
      PrivateKey priv = kf.generatePrivate(new PKCS8EncodedKeySpec(concat(PKCS8, raw(jwk, "d"))));
      PublicKey pub = kf.generatePublic(new X509EncodedKeySpec(concat(SPKI, raw(jwk, "x"))));
      EdgeKey key = new EdgeKey(kid, priv, pub);
      byte[] probe = "inkwell".getBytes(StandardCharsets.US_ASCII);
      if (!key.verify(probe, key.sign(probe))) {
        throw new IllegalArgumentException(name + ": x is not the public half of d");
      }
      return key;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(name + ": not a usable Ed25519 key (" + e.getClass().getSimpleName() + ")");
    }
  }

  public String kid() {
    return kid;
  }

  byte[] sign(byte[] input) throws GeneralSecurityException {
    Signature s = Signature.getInstance("Ed25519");
    s.initSign(privateKey);
    s.update(input);
    return s.sign();
  }

  boolean verify(byte[] input, byte[] signature) {
    if (signature.length != 64) {
      return false;
    }
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initVerify(publicKey);
      s.update(input);
      return s.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static byte[] raw(JsonNode jwk, String field) {
    byte[] b;
    try {
      b = Base64.getUrlDecoder().decode(jwk.path(field).asText(""));
    } catch (IllegalArgumentException e) {
      b = new byte[0];
    }
    if (b.length != 32) {
      throw new IllegalArgumentException("INKWELL_EDGE_SIGNING_KEY: " + field + " is not 32 bytes of base64url");
    }
    return b;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
