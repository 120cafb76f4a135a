package dev.inkwell.tenancy.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.inkwell.records.Bucket;
import dev.inkwell.tenancy.provision.ProvisioningException;
import dev.inkwell.tenancy.provision.StorageProvisioner.StoredObject;
import io.minio.BucketExistsArgs;
import io.minio.MinioClient;
import io.minio.admin.Crypto;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link MinioStorageProvisioner} without a MinIO: no real MinIO exists on these machines. Its S3 calls (buckets and
 * objects) go to s3proxy, the stand-in for MinIO's S3 API; its bucket-policy and admin calls, which s3proxy does not
 * have, go to a recording JDK HttpServer (the stand-in for MinIO's policy and admin endpoints) and are pinned here:
 * method, path, query, signature header and body. The client code is the production code either way.
 */
class MinioStorageProvisionerIT {

  static final String ROOT = "minio-root";
  static final String ROOT_SECRET = "minio-root-secret";
  static final ObjectMapper JSON = new ObjectMapper();

  record Recorded(String method, String path, String query, Map<String, List<String>> headers, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
          .map(e -> e.getValue().get(0)).orElse(null);
    }
  }

  static S3Proxy s3;
  static HttpServer recorder;
  static final List<Recorded> RECORDED = new CopyOnWriteArrayList<>();
  /** Status the recorder answers for a path (default 200 for admin calls, 204 for bucket policies). */
  static final Map<String, Integer> STATUS = new ConcurrentHashMap<>();
  static MinioStorageProvisioner provisioner;
  static MinioClient root;

  @BeforeAll
  static void start() throws Exception {
    s3 = S3Proxy.builder().endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ROOT, ROOT_SECRET)
        .blobStore(BlobStores.create("transient-nio2", new Properties())).build();
    s3.start();
    while (!"STARTED".equals(s3.getState())) {
      Thread.sleep(5);
    }
    recorder = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    recorder.createContext("/", ex -> {
      byte[] body = ex.getRequestBody().readAllBytes();
      String path = ex.getRequestURI().getPath();
      RECORDED.add(new Recorded(ex.getRequestMethod(), path, ex.getRequestURI().getRawQuery(),
          Map.copyOf(ex.getRequestHeaders()), body));
      int status = STATUS.getOrDefault(path, path.startsWith("/minio/admin/") ? 200 : 204);
      byte[] answer = status >= 400 ? "{\"Code\":\"XMinioAdminNoSuchUser\",\"Message\":\"no\"}"
          .getBytes(StandardCharsets.UTF_8) : new byte[0];
      ex.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
      if (answer.length > 0) {
        ex.getResponseBody().write(answer);
      }
      ex.close();
    });
    recorder.start();
    String s3Url = "http://127.0.0.1:" + s3.getPort();
    provisioner = MinioStorageProvisioner.create(URI.create(s3Url),
        URI.create("http://127.0.0.1:" + recorder.getAddress().getPort()), "us-east-1", ROOT, ROOT_SECRET);
    root = MinioClient.builder().endpoint(s3Url).region("us-east-1").credentials(ROOT, ROOT_SECRET).build();
  }

  @AfterAll
  static void stop() throws Exception {
    recorder.stop(0);
    s3.stop();
  }

  @BeforeEach
  void forget() {
    RECORDED.clear();
    STATUS.clear();
  }

  static boolean exists(String bucket) throws Exception {
    return root.bucketExists(BucketExistsArgs.builder().bucket(bucket).build());
  }

  static void putText(String bucket, String key, String text) throws ProvisioningException {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    provisioner.putObject(bucket, key, new ByteArrayInputStream(b), b.length, "text/plain");
  }

  // --- S3 side, against s3proxy ---

  @Test
  void createsABucketOnceAndSetsItsAnonymousPolicy() throws Exception {
    provisioner.createBucket("blog-site", Bucket.Policy.READONLY);
    provisioner.createBucket("blog-site", Bucket.Policy.READONLY);
    assertTrue(exists("blog-site"));

    assertEquals(2, RECORDED.size());
    Recorded put = RECORDED.get(0);
    assertEquals("PUT", put.method());
    assertEquals("/blog-site", put.path());
    assertTrue(put.query().startsWith("policy"), put.query());
    JsonNode statement = JSON.readTree(put.body()).get("Statement").get(0);
    assertEquals("Allow", statement.get("Effect").asText());
    assertEquals("[\"*\"]", statement.get("Principal").get("AWS").toString());
    assertEquals("[\"s3:GetObject\"]", statement.get("Action").toString());
    assertEquals("[\"arn:aws:s3:::blog-site/*\"]", statement.get("Resource").toString());
  }

  @Test
  void readWriteAllowsAnonymousPutAndDeleteAndPrivateDeletesThePolicy() throws Exception {
    provisioner.createBucket("blog-rw", Bucket.Policy.PRIVATE);
    provisioner.setPolicy("blog-rw", Bucket.Policy.READWRITE);
    provisioner.setPolicy("blog-rw", Bucket.Policy.PRIVATE);

    assertEquals(List.of("DELETE", "PUT", "DELETE"), RECORDED.stream().map(Recorded::method).toList());
    assertTrue(RECORDED.stream().allMatch(r -> r.path().equals("/blog-rw") && r.query().startsWith("policy")));
    JsonNode statement = JSON.readTree(RECORDED.get(1).body()).get("Statement").get(0);
    assertEquals("[\"s3:GetObject\",\"s3:PutObject\",\"s3:DeleteObject\"]", statement.get("Action").toString());
    assertEquals("[\"arn:aws:s3:::blog-rw/*\"]", statement.get("Resource").toString());
  }

  @Test
  void aPolicyForAMissingBucketIsRefused() {
    ProvisioningException e = assertThrows(ProvisioningException.class,
        () -> provisioner.setPolicy("blog-missing", Bucket.Policy.READONLY));
    assertEquals("storage", e.step());
    assertTrue(RECORDED.isEmpty());
  }

  @Test
  void putsListsAndDeletesObjects() throws Exception {
    provisioner.createBucket("blog-files", Bucket.Policy.PRIVATE);
    putText("blog-files", "docs/a.txt", "alpha");
    putText("blog-files", "docs/b.txt", "bravo!");
    putText("blog-files", "other.txt", "x");

    List<StoredObject> docs = provisioner.listObjects("blog-files", "docs/", 1000);
    assertEquals(List.of("docs/a.txt", "docs/b.txt"), docs.stream().map(StoredObject::key).toList());
    assertEquals(6, docs.get(1).size());
    assertFalse(docs.get(0).etag().isEmpty() || docs.get(0).etag().startsWith("\""), docs.get(0).etag());
    assertTrue(docs.get(0).lastModified() != null);
    assertEquals(1, provisioner.listObjects("blog-files", "", 1).size());

    provisioner.deleteObject("blog-files", "docs/a.txt");
    assertEquals(List.of("docs/b.txt", "other.txt"),
        provisioner.listObjects("blog-files", null, 10).stream().map(StoredObject::key).toList());
  }

  @Test
  void refusesToDeleteANonEmptyBucketUnlessAskedToDeleteItsObjects() throws Exception {
    provisioner.createBucket("blog-old", Bucket.Policy.PRIVATE);
    putText("blog-old", "a.txt", "a");
    putText("blog-old", "deep/b.txt", "b");

    ProvisioningException e = assertThrows(ProvisioningException.class,
        () -> provisioner.deleteBucket("blog-old", false));
    assertTrue(e.getMessage().contains("blog-old is not empty"), e.getMessage());
    assertTrue(exists("blog-old"));

    provisioner.deleteBucket("blog-old", true);
    assertFalse(exists("blog-old"));
    provisioner.deleteBucket("blog-old", false); // already gone: done
  }

  @Test
  void deletesAnEmptyBucket() throws Exception {
    provisioner.createBucket("blog-empty", Bucket.Policy.PRIVATE);
    provisioner.deleteBucket("blog-empty", false);
    assertFalse(exists("blog-empty"));
  }

  // --- admin side, pinned against the recorder ---

  @Test
  void createsTheAppUserWithTheSharedPrefixPolicy() throws Exception {
    provisioner.createUser("blog", "blog-secret-1");

    List<Recorded> calls = RECORDED;
    assertEquals(List.of("PUT /minio/admin/v3/add-canned-policy name=inkwell-app-buckets",
        "PUT /minio/admin/v3/add-user accessKey=blog",
        "PUT /minio/admin/v3/set-user-or-group-policy policyName=inkwell-app-buckets&userOrGroup=blog&isGroup=false"),
        calls.stream().map(r -> r.method() + " " + r.path() + " " + r.query()).toList());

    JsonNode policy = JSON.readTree(calls.get(0).body());
    assertEquals(2, policy.get("Statement").size());
    JsonNode buckets = policy.get("Statement").get(0);
    JsonNode objects = policy.get("Statement").get(1);
    assertEquals("Allow", buckets.get("Effect").asText());
    assertEquals("Allow", objects.get("Effect").asText());
    // listing on its buckets, object actions on their objects; no bucket creation, deletion or policy changes
    assertEquals("[\"s3:ListBucket\",\"s3:ListBucketMultipartUploads\",\"s3:GetBucketLocation\"]",
        buckets.get("Action").toString());
    assertEquals("[\"s3:GetObject\",\"s3:PutObject\",\"s3:DeleteObject\",\"s3:AbortMultipartUpload\","
        + "\"s3:ListMultipartUploadParts\"]", objects.get("Action").toString());
    assertFalse(policy.toString().contains("s3:*"));
    // Only the user's own prefix: ${aws:username} is the access key, i.e. the appid.
    assertEquals("[\"arn:aws:s3:::${aws:username}-*\"]", buckets.get("Resource").toString());
    assertEquals("[\"arn:aws:s3:::${aws:username}-*/*\"]", objects.get("Resource").toString());

    // The add-user body is encrypted with the root secret; minio-admin's own decryptor reads it back.
    byte[] clear = Crypto.decrypt(new ByteArrayInputStream(calls.get(1).body()), ROOT_SECRET);
    assertEquals(JSON.readTree("{\"secretKey\":\"blog-secret-1\",\"status\":\"enabled\"}"), JSON.readTree(clear));
    assertFalse(calls.get(1).text().contains("blog-secret-1"));

    for (Recorded r : calls) {
      String auth = r.header("Authorization");
      assertTrue(auth.startsWith("AWS4-HMAC-SHA256 Credential=minio-root/") && auth.contains("/us-east-1/s3/aws4_request"),
          auth);
      assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(r.body())),
          r.header("x-amz-content-sha256"));
    }

    RECORDED.clear();
    provisioner.createUser("notes", "notes-secret-1");
    assertEquals(List.of("/minio/admin/v3/add-user", "/minio/admin/v3/set-user-or-group-policy"),
        RECORDED.stream().map(Recorded::path).toList(), "the shared policy is written once");
  }

  @Test
  void removesTheAppUserAndTreatsAMissingUserAsRemoved() throws Exception {
    provisioner.removeUser("blog");
    STATUS.put("/minio/admin/v3/remove-user", 404);
    provisioner.removeUser("blog");
    assertEquals(List.of("DELETE /minio/admin/v3/remove-user accessKey=blog",
        "DELETE /minio/admin/v3/remove-user accessKey=blog"),
        RECORDED.stream().map(r -> r.method() + " " + r.path() + " " + r.query()).toList());
  }

  @Test
  void anAdminErrorIsAProvisioningFailureNamingTheCall() {
    STATUS.put("/minio/admin/v3/add-user", 403);
    ProvisioningException e = assertThrows(ProvisioningException.class,
        () -> provisioner.createUser("blog", "blog-secret-1"));
    assertEquals("storage", e.step());
    assertTrue(e.getMessage().contains("add-user answered 403"), e.getMessage());
  }

  @Test
  void refusesAppidsAndSecretsMinioWouldRefuse() {
    assertThrows(IllegalArgumentException.class, () -> provisioner.createUser("a-b", "long-enough-secret"));
    assertThrows(IllegalArgumentException.class, () -> provisioner.createUser("blog", "short"));
    assertTrue(RECORDED.isEmpty());
  }

  @Test
  void endpointIsTheS3Url() {
    assertEquals("http://127.0.0.1:" + s3.getPort(), provisioner.endpoint().url());
    assertEquals("us-east-1", provisioner.endpoint().region());
  }
}
