package dev.inkwell.tenancy.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.inkwell.records.Bucket;
import dev.inkwell.tenancy.provision.StorageProvisioner.StoredObject;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import io.minio.messages.ListAllMyBucketsResult;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link EmbeddedS3} is the real server of standalone mode (s3proxy in-process, filesystem-nio2 store), so nothing
 * here is a stand-in: two apps' identities against one server, through the MinIO 9 client the runtime uses.
 */
class EmbeddedS3IsolationIT {

  static final String ROOT = "inkwell-root";
  static final String ROOT_SECRET = "root-secret-0123";

  // One server for the class (starting and stopping one takes seconds); tests that change identities use apps of
  // their own, and the restart test its own server and directory.
  @TempDir
  static Path dir;
  static EmbeddedS3 s3;
  static EmbeddedS3Provisioner provisioner;

  @BeforeAll
  static void start() throws Exception {
    s3 = EmbeddedS3.start(dir.resolve("shared"), 0, ROOT, ROOT_SECRET);
    provisioner = EmbeddedS3Provisioner.over(s3, ROOT, ROOT_SECRET);
    provisioner.createUser("alpha", "alpha-secret-1");
    provisioner.createUser("bravo", "bravo-secret-1");
    provisioner.createBucket("alpha-site", Bucket.Policy.PRIVATE);
    provisioner.createBucket("bravo-site", Bucket.Policy.READONLY);
    put(client("bravo", "bravo-secret-1"), "bravo-site", "secret.txt", "bravo's");
  }

  @AfterAll
  static void stop() throws Exception {
    s3.close();
  }

  static MinioClient client(String accessKey, String secret) {
    return client(s3, accessKey, secret);
  }

  static MinioClient client(EmbeddedS3 s3, String accessKey, String secret) {
    return MinioClient.builder().endpoint(s3.endpoint().toString()).region("us-east-1").credentials(accessKey, secret)
        .build();
  }

  static void put(MinioClient c, String bucket, String key, String text) throws Exception {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    c.putObject(PutObjectArgs.builder().bucket(bucket).object(key).data(b, b.length).build());
  }

  static String get(MinioClient c, String bucket, String key) throws Exception {
    try (var in = c.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static List<String> keys(MinioClient c, String bucket) throws Exception {
    List<String> out = new java.util.ArrayList<>();
    for (Result<Item> r : c.listObjects(ListObjectsArgs.builder().bucket(bucket).recursive(true).build())) {
      out.add(r.get().objectName());
    }
    return out;
  }

  static List<String> buckets(MinioClient c) throws Exception {
    return c.listBuckets().stream().map(ListAllMyBucketsResult.Bucket::name).sorted().toList();
  }

  static void assertRefused(Executable call) {
    ErrorResponseException e = assertThrows(ErrorResponseException.class, call);
    assertEquals(403, e.response().code(), e.errorResponse().code());
  }

  @Test
  void anAppReadsAndWritesItsOwnBuckets() throws Exception {
    MinioClient alpha = client("alpha", "alpha-secret-1");
    put(alpha, "alpha-site", "index.html", "<h1>alpha</h1>");
    assertEquals("<h1>alpha</h1>", get(alpha, "alpha-site", "index.html"));
    assertTrue(keys(alpha, "alpha-site").contains("index.html"));
  }

  @Test
  void anAppIsRefusedEveryCallOnAnotherAppsBucket() {
    MinioClient alpha = client("alpha", "alpha-secret-1");
    assertRefused(() -> get(alpha, "bravo-site", "secret.txt"));
    assertRefused(() -> put(alpha, "bravo-site", "planted.txt", "x"));
    assertRefused(() -> keys(alpha, "bravo-site"));
    assertRefused(() -> alpha.removeObject(RemoveObjectArgs.builder().bucket("bravo-site").object("secret.txt")
        .build()));
    // ...and cannot create a bucket in another app's name space either.
    assertRefused(() -> alpha.makeBucket(io.minio.MakeBucketArgs.builder().bucket("bravo-new").build()));
  }

  @Test
  void aCopyCannotTakeItsSourceFromAnotherAppsBucket() throws Exception {
    MinioClient alpha = client("alpha", "alpha-secret-1");
    // the path names alpha's own bucket; the copy source names bravo's
    assertRefused(() -> alpha.copyObject(io.minio.CopyObjectArgs.builder().bucket("alpha-site").object("stolen.txt")
        .source(io.minio.SourceObject.builder().bucket("bravo-site").object("secret.txt").build()).build()));
    assertFalse(keys(client(ROOT, ROOT_SECRET), "alpha-site").contains("stolen.txt"));
    // a copy within its own buckets works
    put(alpha, "alpha-site", "a.txt", "mine");
    alpha.copyObject(io.minio.CopyObjectArgs.builder().bucket("alpha-site").object("b.txt")
        .source(io.minio.SourceObject.builder().bucket("alpha-site").object("a.txt").build()).build());
    assertEquals("mine", get(alpha, "alpha-site", "b.txt"));
  }

  @Test
  void anAppsBucketListingShowsOnlyItsOwnBuckets() throws Exception {
    provisioner.createUser("echo", "echo-secret-1");
    provisioner.createBucket("echo-one", Bucket.Policy.PRIVATE);
    provisioner.createBucket("echo-two", Bucket.Policy.PRIVATE);
    assertEquals(List.of("echo-one", "echo-two"), buckets(client("echo", "echo-secret-1")));
    assertTrue(buckets(client(ROOT, ROOT_SECRET)).containsAll(List.of("alpha-site", "bravo-site", "echo-one")));
  }

  @Test
  void anAppidThatPrefixesAnotherDoesNotReachItsBuckets() throws Exception {
    provisioner.createUser("bra", "bra-secret-12");
    assertRefused(() -> get(client("bra", "bra-secret-12"), "bravo-site", "secret.txt"));
  }

  @Test
  void thePlatformIdentityReachesEveryBucket() throws Exception {
    MinioClient root = client(ROOT, ROOT_SECRET);
    assertEquals("bravo's", get(root, "bravo-site", "secret.txt"));
    put(root, "alpha-site", "platform/hi.txt", "hi");
    assertEquals(List.of("platform/hi.txt"),
        provisioner.listObjects("alpha-site", "platform/", 10).stream().map(StoredObject::key).toList());
  }

  @Test
  void wrongSecretsUnknownAndRemovedAppsAreRefused() throws Exception {
    assertRefused(() -> get(client("alpha", "not-the-secret"), "alpha-site", "x"));
    assertRefused(() -> get(client("charlie", "whatever-1"), "charlie-site", "x"));
    provisioner.createUser("delta", "delta-secret-1");
    provisioner.createBucket("delta-site", Bucket.Policy.PRIVATE);
    put(client("delta", "delta-secret-1"), "delta-site", "d.txt", "delta's");
    provisioner.removeUser("delta");
    assertRefused(() -> get(client("delta", "delta-secret-1"), "delta-site", "d.txt"));
    assertEquals("delta's", get(client(ROOT, ROOT_SECRET), "delta-site", "d.txt"));
  }

  @Test
  void credentialsAndObjectsSurviveARestart() throws Exception {
    Path own = dir.resolve("restart");
    EmbeddedS3 first = EmbeddedS3.start(own, 0, ROOT, ROOT_SECRET);
    EmbeddedS3Provisioner p = EmbeddedS3Provisioner.over(first, ROOT, ROOT_SECRET);
    p.createUser("alpha", "alpha-secret-1");
    p.createUser("bravo", "bravo-secret-1");
    p.createBucket("alpha-site", Bucket.Policy.PRIVATE);
    p.createBucket("bravo-site", Bucket.Policy.PRIVATE);
    put(client(first, "alpha", "alpha-secret-1"), "alpha-site", "kept.txt", "still here");
    put(client(first, "bravo", "bravo-secret-1"), "bravo-site", "secret.txt", "bravo's");
    p.createUser("alpha", "alpha-secret-2"); // a reset secret is what survives
    first.close();

    try (EmbeddedS3 again = EmbeddedS3.start(own, 0, ROOT, ROOT_SECRET)) {
      MinioClient alpha = client(again, "alpha", "alpha-secret-2");
      assertEquals("still here", get(alpha, "alpha-site", "kept.txt"));
      assertRefused(() -> get(client(again, "alpha", "alpha-secret-1"), "alpha-site", "kept.txt"));
      assertRefused(() -> get(alpha, "bravo-site", "secret.txt"));
      assertEquals("bravo's", get(client(again, "bravo", "bravo-secret-1"), "bravo-site", "secret.txt"));
      assertEquals("bravo's", get(client(again, ROOT, ROOT_SECRET), "bravo-site", "secret.txt"));
    }

    Path file = own.resolve("identities.json");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertTrue(Files.readString(file).contains("\"alpha\":\"alpha-secret-2\""), Files.readString(file));
  }

  @Test
  void provisionerHandlesBucketsAndObjectsWithThePlatformIdentity() throws Exception {
    provisioner.createBucket("alpha-tmp", Bucket.Policy.READWRITE);
    provisioner.createBucket("alpha-tmp", Bucket.Policy.READWRITE); // idempotent
    provisioner.setPolicy("alpha-tmp", Bucket.Policy.READONLY); // accepted: served by the edge from the record
    assertThrows(dev.inkwell.tenancy.provision.ProvisioningException.class,
        () -> provisioner.setPolicy("alpha-none", Bucket.Policy.READONLY));
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    provisioner.putObject("alpha-tmp", "a/b.json", new ByteArrayInputStream(body), body.length, "application/json");
    assertEquals(List.of("a/b.json"),
        provisioner.listObjects("alpha-tmp", "a/", 10).stream().map(StoredObject::key).toList());
    var refused = assertThrows(dev.inkwell.tenancy.provision.ProvisioningException.class,
        () -> provisioner.deleteBucket("alpha-tmp", false));
    assertTrue(refused.getMessage().contains("not empty"), refused.getMessage());
    provisioner.deleteBucket("alpha-tmp", true);
    assertFalse(buckets(client(ROOT, ROOT_SECRET)).contains("alpha-tmp"));
    assertEquals(s3.endpoint().toString(), provisioner.endpoint().url());
  }
}
