package dev.inkwell.tenancy.storage;

import dev.inkwell.tenancy.provision.ProvisioningException;
import dev.inkwell.tenancy.provision.StorageProvisioner.StoredObject;
import io.minio.BucketExistsArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveBucketArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import io.minio.messages.Item;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The bucket and object half of a storage provisioner, the same for MinIO and the embedded store: plain S3 calls
 * through the MinIO 9 client with the platform's own credentials.
 *
 * <p>Concurrency: thread-safe (the MinIO client is; nothing else is kept).
 */
final class S3Buckets {

  static final String STEP = "storage";

  /** S3's smallest multipart part; used only when the caller does not know the size. */
  private static final long PART_SIZE = 5L * 1024 * 1024;

  private final MinioClient client;

  S3Buckets(MinioClient client) {
    this.client = client;
  }

  /** Creates the bucket unless it exists; answers whether it was created now. */
  boolean ensure(String bucketId) throws ProvisioningException {
    try {
      if (exists(bucketId)) {
        return false;
      }
      client.makeBucket(MakeBucketArgs.builder().bucket(bucketId).build());
      return true;
    } catch (ErrorResponseException e) {
      // Two provisioners racing on one bucket: the loser sees the winner's bucket, which is what it wanted.
      String code = e.errorResponse().code();
      if ("BucketAlreadyOwnedByYou".equals(code) || "BucketAlreadyExists".equals(code)) {
        return false;
      }
      throw failed("could not create bucket " + bucketId, e);
    } catch (MinioException e) {
      throw failed("could not create bucket " + bucketId, e);
    }
  }

  boolean exists(String bucketId) throws ProvisioningException {
    try {
      return client.bucketExists(BucketExistsArgs.builder().bucket(bucketId).build());
    } catch (MinioException e) {
      throw failed("could not look up bucket " + bucketId, e);
    }
  }

  void requireExists(String bucketId) throws ProvisioningException {
    if (!exists(bucketId)) {
      throw new ProvisioningException(STEP, "no such bucket: " + bucketId);
    }
  }

  /** Deletes the bucket; a missing bucket is already deleted. */
  void delete(String bucketId, boolean withObjects) throws ProvisioningException {
    if (!exists(bucketId)) {
      return;
    }
    try {
      Iterator<Result<Item>> items =
          client.listObjects(ListObjectsArgs.builder().bucket(bucketId).recursive(true).build()).iterator();
      if (items.hasNext() && !withObjects) {
        throw new ProvisioningException(STEP, "bucket " + bucketId + " is not empty (delete its objects first, "
            + "or delete it with its objects)");
      }
      // One by one: enough for the buckets of a small app, and it needs nothing the embedded store lacks.
      while (items.hasNext()) {
        client.removeObject(RemoveObjectArgs.builder().bucket(bucketId).object(items.next().get().objectName())
            .build());
      }
      client.removeBucket(RemoveBucketArgs.builder().bucket(bucketId).build());
    } catch (MinioException e) {
      throw failed("could not delete bucket " + bucketId, e);
    }
  }

  void put(String bucketId, String key, InputStream data, long size, String contentType)
      throws ProvisioningException {
    try {
      PutObjectArgs.Builder b = PutObjectArgs.builder().bucket(bucketId).object(key)
          .stream(data, size >= 0 ? size : null, size >= 0 ? null : PART_SIZE);
      if (contentType != null && !contentType.isBlank()) {
        b.contentType(contentType);
      }
      client.putObject(b.build());
    } catch (MinioException | IllegalArgumentException e) {
      throw failed("could not store " + bucketId + "/" + key, e);
    }
  }

  List<StoredObject> list(String bucketId, String prefix, int max) throws ProvisioningException {
    if (max < 1) {
      throw new IllegalArgumentException("max: " + max + " (expected: at least 1)");
    }
    ListObjectsArgs.Builder b = ListObjectsArgs.builder().bucket(bucketId).recursive(true).maxKeys(Math.min(max, 1000));
    if (prefix != null && !prefix.isEmpty()) {
      b.prefix(prefix);
    }
    List<StoredObject> out = new ArrayList<>();
    try {
      Iterator<Result<Item>> it = client.listObjects(b.build()).iterator();
      while (out.size() < max && it.hasNext()) {
        Item item = it.next().get();
        out.add(new StoredObject(item.objectName(), item.size(), unquote(item.etag()),
            item.lastModified() == null ? null : item.lastModified().toInstant()));
      }
    } catch (MinioException e) {
      throw failed("could not list " + bucketId, e);
    }
    return List.copyOf(out);
  }

  void deleteObject(String bucketId, String key) throws ProvisioningException {
    try {
      client.removeObject(RemoveObjectArgs.builder().bucket(bucketId).object(key).build());
    } catch (MinioException e) {
      throw failed("could not delete " + bucketId + "/" + key, e);
    }
  }

  static ProvisioningException failed(String what, Exception e) {
    String detail = e instanceof ErrorResponseException s3 && s3.errorResponse().code() != null
        ? s3.errorResponse().code() + ": " + s3.errorResponse().message()
        : e.toString();
    return new ProvisioningException(STEP, what + " (" + detail + ")", e);
  }

  private static String unquote(String etag) {
    if (etag == null) {
      return "";
    }
    return etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"") ? etag.substring(1, etag.length() - 1)
        : etag;
  }
}
