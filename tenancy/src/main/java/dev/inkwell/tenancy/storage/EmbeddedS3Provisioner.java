package dev.inkwell.tenancy.storage;

import dev.inkwell.records.Bucket;
import dev.inkwell.tenancy.provision.ProvisioningException;
import io.minio.MinioClient;
import java.util.Objects;

/**
 * Storage for standalone mode, over an {@link EmbeddedS3} in the same process. App users are identities of the
 * embedded server, which itself confines them to their {@code <appid>-*} buckets; buckets and objects go through the
 * MinIO 9 client with the platform identity, as with MinIO.
 *
 * <p>Policies: s3proxy has no bucket policies, and anonymous requests to it are refused. Whether a bucket is served
 * publicly is decided from the bucket record at the local edge, so {@link #setPolicy} only checks that the bucket
 * exists, and {@link #createBucket} ignores the policy.
 *
 * <p>Concurrency: thread-safe (the server's identity table and the MinIO client are).
 */
public final class EmbeddedS3Provisioner extends S3Storage {

  static final String REGION = "us-east-1";

  private final EmbeddedS3 server;

  private EmbeddedS3Provisioner(EmbeddedS3 server, S3Buckets buckets) {
    super(buckets, new Endpoint(server.endpoint().toString(), REGION));
    this.server = server;
  }

  /** A provisioner over {@code server}, acting with its platform credentials. */
  public static EmbeddedS3Provisioner over(EmbeddedS3 server, String platformAccessKey, String platformSecretKey) {
    Objects.requireNonNull(server, "server");
    MinioClient client = MinioClient.builder().endpoint(server.endpoint().toString()).region(REGION)
        .credentials(platformAccessKey, platformSecretKey).build();
    return new EmbeddedS3Provisioner(server, new S3Buckets(client));
  }

  @Override
  public void createUser(String appid, String secretKey) {
    server.putIdentity(appid, secretKey);
  }

  @Override
  public void removeUser(String appid) {
    server.removeIdentity(appid);
  }

  @Override
  public void createBucket(String bucketId, Bucket.Policy policy) throws ProvisioningException {
    Objects.requireNonNull(policy, "policy");
    buckets.ensure(bucketId);
  }

  @Override
  public void setPolicy(String bucketId, Bucket.Policy policy) throws ProvisioningException {
    Objects.requireNonNull(policy, "policy");
    buckets.requireExists(bucketId);
  }

}
