package dev.inkwell.tenancy;

import dev.inkwell.records.Bucket;
import dev.inkwell.tenancy.provision.ProvisioningException;
import dev.inkwell.tenancy.provision.StorageProvisioner;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-memory object store for the control API's own tests (the real provisioners have their own tests against
 * s3proxy); it can be told to fail a step, to test that provisioning undoes what it did.
 */
final class FakeStorage implements StorageProvisioner {

  final Map<String, String> users = new ConcurrentHashMap<>();
  final Map<String, Bucket.Policy> buckets = new ConcurrentHashMap<>();
  final Map<String, TreeMap<String, byte[]>> objects = new ConcurrentHashMap<>();
  volatile boolean failCreateUser;
  volatile boolean crashCreateUser;

  @Override
  public void createUser(String appid, String secretKey) throws ProvisioningException {
    if (failCreateUser) {
      throw new ProvisioningException("storage", "creating the storage user of " + appid + " failed: injected");
    }
    if (crashCreateUser) {
      throw new IllegalStateException("injected bug");
    }
    users.put(appid, secretKey);
  }

  @Override
  public void removeUser(String appid) {
    users.remove(appid);
  }

  @Override
  public void createBucket(String bucketId, Bucket.Policy policy) {
    buckets.put(bucketId, policy);
    objects.computeIfAbsent(bucketId, k -> new TreeMap<>());
  }

  @Override
  public void setPolicy(String bucketId, Bucket.Policy policy) {
    buckets.put(bucketId, policy);
  }

  @Override
  public void deleteBucket(String bucketId, boolean withObjects) throws ProvisioningException {
    if (!withObjects && !objects.getOrDefault(bucketId, new TreeMap<>()).isEmpty()) {
      throw new ProvisioningException("storage", "bucket not empty");
    }
    buckets.remove(bucketId);
    objects.remove(bucketId);
  }

  @Override
  public void putObject(String bucketId, String key, InputStream data, long size, String contentType) {
    try {
      objects.get(bucketId).put(key, data.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public List<StoredObject> listObjects(String bucketId, String prefix, int max) {
    List<StoredObject> out = new ArrayList<>();
    for (Map.Entry<String, byte[]> e : objects.getOrDefault(bucketId, new TreeMap<>()).entrySet()) {
      if (e.getKey().startsWith(prefix) && out.size() < max) {
        out.add(new StoredObject(e.getKey(), e.getValue().length, "\"etag\"", Instant.now()));
      }
    }
    return out;
  }

  @Override
  public void deleteObject(String bucketId, String key) {
    objects.get(bucketId).remove(key);
  }

  @Override
  public Endpoint endpoint() {
    return new Endpoint("http://127.0.0.1:9", "us-east-1");
  }
}
