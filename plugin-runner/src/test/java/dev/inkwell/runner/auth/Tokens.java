package dev.inkwell.runner.auth;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;

/** Test keys and tokens, made with the JDK (as a control plane would) and written out as JWKs. */
final class Tokens {

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  final KeyPair ed;
  final KeyPair ec;

  Tokens() throws GeneralSecurityException {
    ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    ec = g.generateKeyPair();
  }

  String edJwk(String kid) {
    byte[] der = ed.getPublic().getEncoded(); // SPKI: the raw key is the last 32 bytes
    return "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"" + kid + "\",\"x\":\""
        + B64.encodeToString(Arrays.copyOfRange(der, der.length - 32, der.length)) + "\"}";
  }

  String ecJwk(String kid) {
    ECPublicKey k = (ECPublicKey) ec.getPublic();
    return "{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"" + kid + "\",\"x\":\"" + B64.encodeToString(fixed(k.getW()
        .getAffineX())) + "\",\"y\":\"" + B64.encodeToString(fixed(k.getW().getAffineY())) + "\"}";
  }

  String ed(String headerJson, String claimsJson) throws GeneralSecurityException {
    return sign("Ed25519", ed, headerJson, claimsJson);
  }

  String es(String headerJson, String claimsJson) throws GeneralSecurityException {
    return sign("SHA256withECDSAinP1363Format", ec, headerJson, claimsJson);
  }

  static String unsigned(String headerJson, String claimsJson, byte[] sig) {
    return b64(headerJson) + "." + b64(claimsJson) + "." + B64.encodeToString(sig);
  }

  static String b64(String json) {
    return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String sign(String alg, KeyPair kp, String headerJson, String claimsJson)
      throws GeneralSecurityException {
    String signingInput = b64(headerJson) + "." + b64(claimsJson);
    Signature s = Signature.getInstance(alg);
    s.initSign(kp.getPrivate());
    s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
    return signingInput + "." + B64.encodeToString(s.sign());
  }

  private static byte[] fixed(BigInteger n) {
    byte[] b = n.toByteArray();
    byte[] out = new byte[32];
    int copy = Math.min(32, b.length);
    System.arraycopy(b, b.length - copy, out, 32 - copy, copy);
    return out;
  }
}
