package dev.inkwell.tenancy.provision;

import dev.inkwell.records.Bucket;
import java.io.InputStream;
import java.util.List;

/**
 * An app's object-storage identity and buckets. The identity's access key is the appid; its policy allows only buckets
 * named {@code <appid>-*} (MinIO: a policy on {@code ${aws:username}-*}; embedded S3: the same rule in its credential
 * lookup). Bucket ids are the records' {@code <appid>-<name>}. Idempotent like every provisioner.
 */
public interface StorageProvisioner {

  /** Creates (or resets the secret of) the app's storage user; {@code secretKey} is kept only in the app's secrets. */
  void createUser(String appid, String secretKey) throws ProvisioningException;

  void removeUser(String appid) throws ProvisioningException;

  /** Creates the bucket if missing and sets its anonymous-access policy (private, readonly, readwrite). */
  void createBucket(String bucketId, Bucket.Policy policy) throws ProvisioningException;

  void setPolicy(String bucketId, Bucket.Policy policy) throws ProvisioningException;

  /** Deletes the bucket; with {@code withObjects} its objects first, else a non-empty bucket is refused. */
  void deleteBucket(String bucketId, boolean withObjects) throws ProvisioningException;

  // Objects, for the control API's upload/list/delete (with the platform's own credentials).

  void putObject(String bucketId, String key, InputStream data, long size, String contentType)
      throws ProvisioningException;

  List<StoredObject> listObjects(String bucketId, String prefix, int max) throws ProvisioningException;

  void deleteObject(String bucketId, String key) throws ProvisioningException;

  /** Where the app's runtime reaches the store (S3 endpoint URL, region). */
  Endpoint endpoint();

  record StoredObject(String key, long size, String etag, java.time.Instant lastModified) {
  }

  record Endpoint(String url, String region) {
  }
}
