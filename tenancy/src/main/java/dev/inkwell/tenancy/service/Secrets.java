package dev.inkwell.tenancy.service;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.nio.charset.StandardCharsets;

/** Random secrets, token hashes and the per-app Ed25519 edge key. */
public final class Secrets {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  private Secrets() {
  }

  /** {@code bytes} random bytes, base64url without padding. */
  public static String random(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return B64URL.encodeToString(b);
  }

  /** A random string of lowercase letters and digits, starting with a letter (appids, usernames). */
  public static String randomId(int length) {
    String letters = "abcdefghijklmnopqrstuvwxyz";
    String all = letters + "0123456789";
    StringBuilder sb = new StringBuilder().append(letters.charAt(RANDOM.nextInt(letters.length())));
    while (sb.length() < length) {
      sb.append(all.charAt(RANDOM.nextInt(all.length())));
    }
    return sb.toString();
  }

  public static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Constant-time comparison of two strings. */
  public static boolean same(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A new Ed25519 key as JWKs: the private one (for the runtime's {@code INKWELL_EDGE_SIGNING_KEY}) and its public half
   * (for the app record's {@code auth.jwks}, so the edge accepts the tokens {@code cloud.getToken} signs).
   */
  public static EdgeKeyPair edgeKey(String kid) {
    try {
      KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      byte[] pub = kp.getPublic().getEncoded();
      byte[] priv = kp.getPrivate().getEncoded();
      // X.509 and PKCS#8 encodings of an Ed25519 key end with the raw 32-byte key (RFC 8410).
      String x = B64URL.encodeToString(Arrays.copyOfRange(pub, pub.length - 32, pub.length));
      String d = B64URL.encodeToString(Arrays.copyOfRange(priv, priv.length - 32, priv.length));
      String privateJwk = "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"" + kid + "\",\"x\":\"" + x + "\",\"d\":\"" + d + "\"}";
      return new EdgeKeyPair(kid, x, privateJwk);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** @param privateJwk secret: never logged, never in a record or route */
  public record EdgeKeyPair(String kid, String x, String privateJwk) {
    @Override
    public String toString() {
      return "EdgeKeyPair[kid=" + kid + "]";
    }
  }
}
