package dev.inkwell.tenancy.storage;

import dev.inkwell.records.Bucket;
import dev.inkwell.tenancy.provision.ProvisioningException;
import io.minio.DeleteBucketPolicyArgs;
import io.minio.MinioClient;
import io.minio.SetBucketPolicyArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import java.net.URI;
import java.time.Clock;
import java.util.Objects;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * Storage on MinIO (production). Each app is a MinIO user whose access key is its appid, with the one canned policy
 * {@value #APP_POLICY} that allows everything on buckets named {@code ${aws:username}-*} and nothing else. Buckets and
 * objects are handled with the platform's root credentials; anonymous access to a public bucket is a bucket policy.
 *
 * <p>Concurrency: thread-safe. The app policy is written at most once per instance (it is an upsert, so a second
 * writer after a restart or in another instance writes the same document).
 */
public final class MinioStorageProvisioner extends S3Storage {

  /** The canned policy every app user gets. */
  static final String APP_POLICY = "inkwell-app-buckets";

  private static final Pattern APPID = Pattern.compile("[a-z][a-z0-9]{2,15}");

  private final MinioClient policies;
  private final MinioAdmin admin;
  private volatile boolean policyWritten;

  private MinioStorageProvisioner(S3Buckets buckets, MinioClient policies, MinioAdmin admin, Endpoint endpoint) {
    super(buckets, endpoint);
    this.policies = policies;
    this.admin = admin;
  }

  /**
   * @param endpoint MinIO's S3 and admin endpoint, {@code http(s)://host[:port]}
   * @param region   the region MinIO is configured with (usually {@code us-east-1})
   */
  public static MinioStorageProvisioner create(URI endpoint, String region, String rootAccessKey,
      String rootSecretKey) {
    return create(endpoint, endpoint, region, rootAccessKey, rootSecretKey);
  }

  /**
   * As {@link #create(URI, String, String, String)}, with bucket-policy and admin calls sent to
   * {@code controlEndpoint}: the same MinIO server in production; in tests a recorder, as the S3 stand-in (s3proxy)
   * has neither bucket policies nor MinIO's admin API. The calls themselves are the same either way.
   */
  static MinioStorageProvisioner create(URI endpoint, URI controlEndpoint, String region, String rootAccessKey,
      String rootSecretKey) {
    HttpUrl s3 = checkEndpoint("endpoint", endpoint);
    HttpUrl control = checkEndpoint("controlEndpoint", controlEndpoint);
    if (region == null || region.isBlank()) {
      throw new IllegalArgumentException("region: " + region + " (expected: a region name such as us-east-1)");
    }
    if (rootAccessKey == null || rootAccessKey.isBlank() || rootSecretKey == null || rootSecretKey.isBlank()) {
      throw new IllegalArgumentException("rootAccessKey/rootSecretKey: (expected: MinIO's root credentials)");
    }
    MinioClient client = client(endpoint, region, rootAccessKey, rootSecretKey);
    MinioClient policies = endpoint.equals(controlEndpoint) ? client
        : client(controlEndpoint, region, rootAccessKey, rootSecretKey);
    return new MinioStorageProvisioner(new S3Buckets(client), policies,
        new MinioAdmin(control, region, rootAccessKey, rootSecretKey, Clock.systemUTC()),
        new Endpoint(s3.toString().replaceAll("/$", ""), region));
  }

  private static MinioClient client(URI endpoint, String region, String accessKey, String secretKey) {
    return MinioClient.builder().endpoint(endpoint.toString()).region(region).credentials(accessKey, secretKey)
        .build();
  }

  private static HttpUrl checkEndpoint(String name, URI uri) {
    HttpUrl url = uri == null ? null : HttpUrl.parse(uri.toString());
    if (url == null) {
      throw new IllegalArgumentException(name + ": " + uri + " (expected: an http(s)://host[:port] URL)");
    }
    return url;
  }

  @Override
  public void createUser(String appid, String secretKey) throws ProvisioningException {
    checkAppid(appid);
    // MinIO secret keys are 8 to 40 characters; say so here rather than relay MinIO's less direct error.
    if (secretKey == null || secretKey.length() < 8 || secretKey.length() > 40) {
      throw new IllegalArgumentException("secretKey: (expected: 8-40 characters)");
    }
    ensureAppPolicy();
    admin.addUser(appid, secretKey);
    admin.attachPolicyToUser(APP_POLICY, appid);
  }

  @Override
  public void removeUser(String appid) throws ProvisioningException {
    checkAppid(appid);
    admin.removeUser(appid);
  }

  @Override
  public void createBucket(String bucketId, Bucket.Policy policy) throws ProvisioningException {
    Objects.requireNonNull(policy, "policy");
    buckets.ensure(bucketId);
    applyPolicy(bucketId, policy);
  }

  @Override
  public void setPolicy(String bucketId, Bucket.Policy policy) throws ProvisioningException {
    Objects.requireNonNull(policy, "policy");
    buckets.requireExists(bucketId);
    applyPolicy(bucketId, policy);
  }

  private void ensureAppPolicy() throws ProvisioningException {
    if (!policyWritten) {
      admin.addCannedPolicy(APP_POLICY, appUserPolicy());
      policyWritten = true;
    }
  }

  private void applyPolicy(String bucketId, Bucket.Policy policy) throws ProvisioningException {
    MinioClient client = policies;
    try {
      String json = anonymousPolicy(bucketId, policy);
      if (json == null) {
        client.deleteBucketPolicy(DeleteBucketPolicyArgs.builder().bucket(bucketId).build());
      } else {
        client.setBucketPolicy(SetBucketPolicyArgs.builder().bucket(bucketId).config(json).build());
      }
    } catch (ErrorResponseException e) {
      if (policy == Bucket.Policy.PRIVATE && "NoSuchBucketPolicy".equals(e.errorResponse().code())) {
        return; // already private
      }
      throw S3Buckets.failed("could not set the policy of " + bucketId, e);
    } catch (MinioException e) {
      throw S3Buckets.failed("could not set the policy of " + bucketId, e);
    }
  }

  /**
   * The policy of every app user: listing and object actions on buckets named {@code <its own access key>-*} and their
   * objects, nothing else. Not {@code s3:*}: an app's runtime must not create buckets outside the records, change a
   * bucket's anonymous-access policy (the control API's private/readonly choice) or delete buckets.
   * {@code ${aws:username}} is resolved by MinIO per request, so one document serves every app; appids have no hyphen,
   * so {@code abc-*} never matches a bucket of app {@code abcd}.
   */
  static String appUserPolicy() {
    return """
        {"Version":"2012-10-17","Statement":[\
        {"Effect":"Allow","Action":["s3:ListBucket","s3:ListBucketMultipartUploads","s3:GetBucketLocation"],\
        "Resource":["arn:aws:s3:::${aws:username}-*"]},\
        {"Effect":"Allow","Action":["s3:GetObject","s3:PutObject","s3:DeleteObject","s3:AbortMultipartUpload",\
        "s3:ListMultipartUploadParts"],"Resource":["arn:aws:s3:::${aws:username}-*/*"]}]}""";
  }

  /** The anonymous-access bucket policy for {@code policy}, or null for none (private). */
  static String anonymousPolicy(String bucketId, Bucket.Policy policy) {
    String actions = switch (policy) {
      case PRIVATE -> null;
      case READONLY -> "\"s3:GetObject\"";
      case READWRITE -> "\"s3:GetObject\",\"s3:PutObject\",\"s3:DeleteObject\"";
    };
    if (actions == null) {
      return null;
    }
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"*\"]},"
        + "\"Action\":[" + actions + "],\"Resource\":[\"arn:aws:s3:::" + bucketId + "/*\"]}]}";
  }

  private static void checkAppid(String appid) {
    if (appid == null || !APPID.matcher(appid).matches()) {
      throw new IllegalArgumentException("appid: " + appid + " (expected: 3-16 of [a-z0-9], starting with a letter)");
    }
  }
}
