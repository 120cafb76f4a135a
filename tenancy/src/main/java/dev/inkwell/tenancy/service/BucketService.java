package dev.inkwell.tenancy.service;

import static com.mongodb.client.model.Filters.eq;

import dev.inkwell.records.Bucket;
import dev.inkwell.records.InvalidRecordException;
import dev.inkwell.tenancy.api.ApiException;
import dev.inkwell.tenancy.provision.ProvisioningException;
import dev.inkwell.tenancy.provision.StorageProvisioner;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;

/**
 * Buckets of an app ({@code <appid>-<name>}) and their objects. The bucket is made in storage before its record is
 * written and its record removed before the bucket is deleted, so the route controller never routes to a bucket that
 * does not exist.
 */
public final class BucketService {

  private static final int MAX_BUCKETS = 50;

  private final Store store;
  private final AppService apps;
  private final StorageProvisioner storage;

  public BucketService(Store store, AppService apps, StorageProvisioner storage) {
    this.store = store;
    this.apps = apps;
    this.storage = storage;
  }

  public Bucket create(String appid, String name, Bucket.Policy policy, Bucket.Website website) {
    apps.require(appid);
    Bucket b = bucket(appid, name, policy == null ? Bucket.Policy.PRIVATE : policy, website);
    if (store.buckets().find(eq("_id", b.id())).first() != null) {
      throw ApiException.conflict("bucket " + name + " already exists");
    }
    if (store.buckets().countDocuments(eq("appid", appid)) >= MAX_BUCKETS) {
      throw ApiException.conflict("app " + appid + " has " + MAX_BUCKETS + " buckets already");
    }
    call(() -> {
      storage.createBucket(b.id(), b.policy());
      return null;
    });
    try {
      store.buckets().insertOne(b.toDocument());
    } catch (com.mongodb.MongoWriteException e) {
      if (e.getError().getCode() == 11000) { // a concurrent create of the same bucket won
        throw ApiException.conflict("bucket " + name + " already exists");
      }
      throw e;
    }
    return b;
  }

  public List<Bucket> list(String appid) {
    apps.require(appid);
    return store.buckets().find(eq("appid", appid)).sort(new Document("_id", 1)).map(Bucket::fromDocument)
        .into(new ArrayList<>());
  }

  public Bucket get(String appid, String name) {
    apps.require(appid);
    Document d = store.buckets().find(eq("_id", appid + "-" + name)).first();
    if (d == null || !appid.equals(d.getString("appid"))) {
      throw ApiException.notFound("bucket " + name);
    }
    return Bucket.fromDocument(d);
  }

  public Bucket update(String appid, String name, Bucket.Policy policy, Bucket.Website website) {
    Bucket old = get(appid, name);
    Bucket b = bucket(appid, name, policy == null ? old.policy() : policy, website == null ? old.website() : website);
    if (b.policy() != old.policy()) {
      call(() -> {
        storage.setPolicy(b.id(), b.policy());
        return null;
      });
    }
    store.buckets().replaceOne(eq("_id", b.id()), b.toDocument());
    return b;
  }

  public void delete(String appid, String name, boolean force) {
    Bucket b = get(appid, name);
    if (!force && !call(() -> storage.listObjects(b.id(), "", 1)).isEmpty()) {
      throw ApiException.conflict("bucket " + name + " is not empty (delete its objects first, or ?force=true)");
    }
    store.buckets().deleteOne(eq("_id", b.id()));
    call(() -> {
      storage.deleteBucket(b.id(), force);
      return null;
    });
  }

  public StorageProvisioner.StoredObject put(String appid, String name, String key, InputStream data, long size,
      String contentType) {
    Bucket b = get(appid, name);
    checkKey(key);
    call(() -> {
      storage.putObject(b.id(), key, data, size, contentType);
      return null;
    });
    List<StorageProvisioner.StoredObject> found = call(() -> storage.listObjects(b.id(), key, 1));
    return found.isEmpty() ? new StorageProvisioner.StoredObject(key, size, null, null) : found.get(0);
  }

  public List<StorageProvisioner.StoredObject> objects(String appid, String name, String prefix, int max) {
    Bucket b = get(appid, name);
    return call(() -> storage.listObjects(b.id(), prefix == null ? "" : prefix, max));
  }

  public void deleteObject(String appid, String name, String key) {
    Bucket b = get(appid, name);
    checkKey(key);
    call(() -> {
      storage.deleteObject(b.id(), key);
      return null;
    });
  }

  private static Bucket bucket(String appid, String name, Bucket.Policy policy, Bucket.Website website) {
    try {
      return Bucket.of(appid, name, policy, website);
    } catch (InvalidRecordException e) {
      throw new ApiException(400, "invalid_field", e.getMessage()).with("field", "name");
    }
  }

  private static void checkKey(String key) {
    if (key == null || key.isEmpty() || key.length() > 1024 || key.startsWith("/") || key.contains("\u0000")
        || ("/" + key + "/").contains("/../") || ("/" + key + "/").contains("/./")) {
      throw ApiException.invalid("key", key, "1-1024 characters, no leading '/', no '.' or '..' segments");
    }
  }

  @FunctionalInterface
  private interface Step<T> {
    T run() throws ProvisioningException;
  }

  private static <T> T call(Step<T> step) {
    try {
      return step.run();
    } catch (ProvisioningException e) {
      throw new ApiException(502, "storage_failed", e.getMessage()).with("step", e.step());
    }
  }
}
