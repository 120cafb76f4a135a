package dev.inkwell.tenancy.storage;

import dev.inkwell.tenancy.provision.ProvisioningException;
import dev.inkwell.tenancy.provision.StorageProvisioner;
import java.io.InputStream;
import java.util.List;

/**
 * What both storage provisioners do the same way: bucket deletion and objects go through {@link S3Buckets} with the
 * platform's credentials. Subclasses differ in users and bucket policies (MinIO's admin API and policies, or the
 * embedded server's identity table).
 */
abstract class S3Storage implements StorageProvisioner {

  protected final S3Buckets buckets;
  private final Endpoint endpoint;

  S3Storage(S3Buckets buckets, Endpoint endpoint) {
    this.buckets = buckets;
    this.endpoint = endpoint;
  }

  @Override
  public final void deleteBucket(String bucketId, boolean withObjects) throws ProvisioningException {
    buckets.delete(bucketId, withObjects);
  }

  @Override
  public final void putObject(String bucketId, String key, InputStream data, long size, String contentType)
      throws ProvisioningException {
    buckets.put(bucketId, key, data, size, contentType);
  }

  @Override
  public final List<StoredObject> listObjects(String bucketId, String prefix, int max) throws ProvisioningException {
    return buckets.list(bucketId, prefix, max);
  }

  @Override
  public final void deleteObject(String bucketId, String key) throws ProvisioningException {
    buckets.deleteObject(bucketId, key);
  }

  @Override
  public final Endpoint endpoint() {
    return endpoint;
  }
}
