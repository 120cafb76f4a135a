package dev.inkwell.tenancy.service;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.inkwell.tenancy.api.ApiException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;
import org.bson.Document;

/**
 * API keys of an app's functions: stored in the app record's {@code auth.apiKeys} as {@code {id, sha256}} (what the
 * route controller puts in the edge's {@code tenant-auth} conf), the key itself shown once at creation.
 */
public final class KeyService {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  private static final int MAX_KEYS = 100;

  private final Store store;
  private final AppService apps;

  public KeyService(Store store, AppService apps) {
    this.store = store;
    this.apps = apps;
  }

  public record Issued(String id, String key) {
    @Override
    public String toString() {
      return "Issued[id=" + id + "]";
    }
  }

  public Issued create(String appid, String id) {
    Document app = apps.require(appid);
    List<Document> existing = keys(app);
    String keyId = id != null ? id : "key-" + Secrets.randomId(6);
    if (!ID.matcher(keyId).matches()) {
      throw ApiException.invalid("id", keyId, "1-64 characters of [A-Za-z0-9_.-]");
    }
    if (existing.stream().anyMatch(k -> keyId.equals(k.getString("id")))) {
      throw ApiException.conflict("key " + keyId + " already exists");
    }
    if (existing.size() >= MAX_KEYS) {
      throw ApiException.conflict("app " + appid + " has " + MAX_KEYS + " keys already: revoke one first");
    }
    String key = "iwk_" + Secrets.random(24);
    // conditional on the id being free and the limit not reached, so two concurrent creates cannot both pass the
    // checks above
    long n = store.apps().updateOne(and(eq("_id", appid), Filters.ne("auth.apiKeys.id", keyId),
            Filters.exists("auth.apiKeys." + (MAX_KEYS - 1), false)),
        Updates.combine(Updates.push("auth.apiKeys",
            new Document("id", keyId).append("sha256", Secrets.sha256(key)).append("createdAt", new Date())),
        Updates.set("updatedAt", new Date()))).getModifiedCount();
    if (n == 0) {
      throw ApiException.conflict("key " + keyId + " already exists, or the app has " + MAX_KEYS + " keys");
    }
    return new Issued(keyId, key);
  }

  /** Ids and creation times; never the hashes. */
  public List<Document> list(String appid) {
    List<Document> out = new ArrayList<>();
    for (Document k : keys(apps.require(appid))) {
      out.add(new Document("id", k.getString("id")).append("createdAt", k.get("createdAt")));
    }
    return out;
  }

  public void revoke(String appid, String id) {
    apps.require(appid);
    long n = store.apps().updateOne(and(eq("_id", appid), eq("auth.apiKeys.id", id)), Updates.combine(
        Updates.pull("auth.apiKeys", new Document("id", id)), Updates.set("updatedAt", new Date()))).getModifiedCount();
    if (n == 0) {
      throw ApiException.notFound("key " + id);
    }
  }

  private static List<Document> keys(Document app) {
    Document auth = app.get("auth", Document.class);
    List<Document> keys = auth == null ? null : auth.getList("apiKeys", Document.class);
    return keys == null ? List.of() : keys;
  }
}
