package dev.inkwell.tenancy.storage;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inkwell.tenancy.provision.ProvisioningException;
import io.minio.Signer;
import io.minio.Time;
import io.minio.errors.MinioException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The four MinIO admin calls the platform needs (admin API v3), sent by hand.
 *
 * <p>Why not minio-admin's {@code MinioAdminClient}: its newest release, 8.6.0, is compiled against the MinIO 8 SDK
 * (it calls {@code io.minio.http.HttpUtils}, {@code io.minio.Digest}, {@code io.minio.S3Escaper}...), classes that
 * MinIO 9 removed. With MinIO 9.0.4 on the class path (the runtime needs 9, and one JVM holds one version) its
 * builder fails at once with {@code NoClassDefFoundError: io/minio/http/HttpUtils} (checked by a call against a
 * local HTTP server). So the requests are built here, signed with the MinIO 9 SDK's own SigV4 signer and sent with
 * its OkHttp, and the add-user body is encrypted as MinIO requires ({@link AdminPayloadCipher}).
 *
 * <p>Concurrency: thread-safe (immutable; OkHttp's client is thread-safe).
 */
final class MinioAdmin {

  private static final String PREFIX = "minio/admin/v3";
  private static final MediaType OCTETS = MediaType.get("application/octet-stream");
  private static final MediaType JSON = MediaType.get("application/json");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final HttpUrl endpoint;
  private final String region;
  private final String accessKey;
  private final String secretKey;
  private final OkHttpClient http;
  private final Clock clock;

  MinioAdmin(HttpUrl endpoint, String region, String accessKey, String secretKey, Clock clock) {
    this.endpoint = endpoint;
    this.region = region;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
    this.clock = clock;
    this.http = new OkHttpClient.Builder().connectTimeout(10, TimeUnit.SECONDS).readTimeout(30, TimeUnit.SECONDS)
        .build();
  }

  /** Creates the user or resets its secret; the user is enabled. */
  void addUser(String user, String userSecret) throws ProvisioningException {
    Map<String, String> info = new LinkedHashMap<>();
    info.put("secretKey", userSecret);
    info.put("status", "enabled");
    byte[] body = AdminPayloadCipher.encrypt(json(info), secretKey);
    send("PUT", "add-user", Map.of("accessKey", user), body, OCTETS, false);
  }

  /** Creates or replaces a canned policy (MinIO treats this as an upsert). */
  void addCannedPolicy(String name, String policyJson) throws ProvisioningException {
    send("PUT", "add-canned-policy", Map.of("name", name), policyJson.getBytes(StandardCharsets.UTF_8), JSON, false);
  }

  void attachPolicyToUser(String policyName, String user) throws ProvisioningException {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("policyName", policyName);
    query.put("userOrGroup", user);
    query.put("isGroup", "false");
    send("PUT", "set-user-or-group-policy", query, new byte[0], null, false);
  }

  /** Removes the user; a user that does not exist is already removed. */
  void removeUser(String user) throws ProvisioningException {
    send("DELETE", "remove-user", Map.of("accessKey", user), new byte[0], null, true);
  }

  private void send(String method, String call, Map<String, String> query, byte[] body, MediaType type,
      boolean missingIsDone) throws ProvisioningException {
    HttpUrl.Builder url = endpoint.newBuilder().addPathSegments(PREFIX).addPathSegment(call);
    query.forEach(url::addQueryParameter);
    HttpUrl target = url.build();
    String sha256 = sha256Hex(body);
    // The signer signs the headers it is given, so Host and the date are set here, before signing.
    Request unsigned = new Request.Builder().url(target)
        .header("Host", hostHeader(target))
        .header("x-amz-date", ZonedDateTime.now(clock).withZoneSameInstant(Time.UTC).format(Time.AMZ_DATE_FORMAT))
        .header("x-amz-content-sha256", sha256)
        .method(method, body.length == 0 && !"PUT".equals(method) ? null : RequestBody.create(body, type))
        .build();
    Request signed;
    try {
      signed = Signer.signV4S3(unsigned, region, accessKey, secretKey, sha256);
    } catch (MinioException e) {
      throw new ProvisioningException(S3Buckets.STEP, "could not sign the MinIO admin call " + call, e);
    }
    try (Response r = http.newCall(signed).execute()) {
      if (r.isSuccessful() || missingIsDone && r.code() == 404) {
        return;
      }
      String answer = r.body().string();
      throw new ProvisioningException(S3Buckets.STEP, "MinIO admin " + call + " answered " + r.code() + ": "
          + (answer.length() > 300 ? answer.substring(0, 300) : answer));
    } catch (IOException e) {
      throw new ProvisioningException(S3Buckets.STEP, "MinIO admin " + call + " failed: " + e, e);
    }
  }

  private static String hostHeader(HttpUrl url) {
    return url.port() == HttpUrl.defaultPort(url.scheme()) ? url.host() : url.host() + ":" + url.port();
  }

  private static byte[] json(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String sha256Hex(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
