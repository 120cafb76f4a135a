package dev.inkwell.tenancy.storage;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * MinIO's admin payload encryption (madmin's {@code EncryptData}), which {@code add-user} requires for its body so
 * the new secret never travels in clear text, even over plain HTTP.
 *
 * <p>Layout: 32-byte salt, one byte naming the scheme (0: Argon2id key + AES-256-GCM), 8-byte nonce, then the
 * plaintext sealed in 16 KiB fragments (secure-io's sio stream). The key is Argon2id(secret key of the caller, salt;
 * 1 pass, 64 MiB, 4 lanes). Fragment {@code n} (from 1) uses nonce || little-endian n; every fragment authenticates a
 * header of one flag byte (0x80 on the last fragment, else 0) and the tag of an empty message sealed under
 * fragment number 0. The JDK has AES-GCM but no Argon2; Bouncy Castle (already there through the MinIO SDK) has it.
 */
final class AdminPayloadCipher {

  private static final int SALT = 32;
  private static final int NONCE = 8;
  private static final int FRAGMENT = 16 * 1024;
  private static final int TAG_BITS = 128;
  private static final byte ARGON2ID_AES_GCM = 0;

  private static final SecureRandom RANDOM = new SecureRandom();

  private AdminPayloadCipher() {
  }

  static byte[] encrypt(byte[] plaintext, String secretKey) {
    byte[] salt = random(SALT);
    byte[] nonce = random(NONCE);
    SecretKeySpec key = new SecretKeySpec(deriveKey(secretKey, salt), "AES");
    try {
      byte[] header = new byte[1 + TAG_BITS / 8];
      System.arraycopy(seal(key, nonce, 0, null, new byte[0]), 0, header, 1, TAG_BITS / 8);
      ByteArrayOutputStream out = new ByteArrayOutputStream(SALT + 1 + NONCE + plaintext.length + 64);
      out.writeBytes(salt);
      out.write(ARGON2ID_AES_GCM);
      out.writeBytes(nonce);
      int start = 0;
      int fragment = 1;
      boolean last = false;
      while (!last) {
        int end = start + FRAGMENT;
        if (end >= plaintext.length) {
          end = plaintext.length;
          last = true;
          header[0] = (byte) 0x80;
        }
        byte[] chunk = java.util.Arrays.copyOfRange(plaintext, start, end);
        out.writeBytes(seal(key, nonce, fragment++, header, chunk));
        start = end;
      }
      return out.toByteArray();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available in this JDK", e);
    }
  }

  private static byte[] seal(SecretKeySpec key, byte[] nonce, int fragment, byte[] aad, byte[] data)
      throws GeneralSecurityException {
    byte[] iv = new byte[NONCE + 4];
    System.arraycopy(nonce, 0, iv, 0, NONCE);
    iv[NONCE] = (byte) fragment;
    iv[NONCE + 1] = (byte) (fragment >>> 8);
    iv[NONCE + 2] = (byte) (fragment >>> 16);
    iv[NONCE + 3] = (byte) (fragment >>> 24);
    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
    gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
    if (aad != null) {
      gcm.updateAAD(aad);
    }
    return gcm.doFinal(data);
  }

  private static byte[] deriveKey(String secretKey, byte[] salt) {
    Argon2BytesGenerator argon = new Argon2BytesGenerator();
    argon.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withSalt(salt).withMemoryAsKB(64 * 1024).withParallelism(4).withIterations(1).build());
    byte[] key = new byte[32];
    argon.generateBytes(secretKey.getBytes(StandardCharsets.UTF_8), key);
    return key;
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }
}
