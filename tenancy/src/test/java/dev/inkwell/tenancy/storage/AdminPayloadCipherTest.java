package dev.inkwell.tenancy.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.minio.admin.Crypto;
import java.io.ByteArrayInputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Our encryption against minio-admin's decryptor (the reference for MinIO's format), across fragment edges. */
class AdminPayloadCipherTest {

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 16 * 1024 - 1, 16 * 1024, 16 * 1024 + 1, 40_000})
  void minioAdminsDecryptorReadsWhatWeEncrypt(int size) throws Exception {
    byte[] data = new byte[size];
    new Random(size).nextBytes(data);
    byte[] sealed = AdminPayloadCipher.encrypt(data, "root-secret");
    assertArrayEquals(data, Crypto.decrypt(new ByteArrayInputStream(sealed), "root-secret"));
    assertEquals(0, sealed[32], "scheme byte: Argon2id + AES-256-GCM");
  }

  @Test
  void anotherSecretCannotDecrypt() {
    byte[] sealed = AdminPayloadCipher.encrypt("{\"secretKey\":\"x\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8), "root-secret");
    assertThrows(Exception.class, () -> Crypto.decrypt(new ByteArrayInputStream(sealed), "other-secret"));
  }
}
