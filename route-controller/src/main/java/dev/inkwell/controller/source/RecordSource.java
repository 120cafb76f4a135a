package dev.inkwell.controller.source;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.inkwell.controller.desired.RecordKey;
import dev.inkwell.records.RouteStatus;
import dev.inkwell.records.SystemDatabase;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * Reads app and bucket records from the system database, and writes the one field the controller owns on them
 * ({@code routeStatus}). Documents handed out are fresh copies from the driver: callers may keep them.
 */
public final class RecordSource {

  private final MongoCollection<Document> apps;
  private final MongoCollection<Document> buckets;

  public RecordSource(MongoDatabase systemDb) {
    this.apps = systemDb.getCollection(SystemDatabase.APPS);
    this.buckets = systemDb.getCollection(SystemDatabase.BUCKETS);
  }

  MongoCollection<Document> collection(RecordKey.Kind kind) {
    return kind == RecordKey.Kind.APP ? apps : buckets;
  }

  /** Every record, by key. */
  public Map<RecordKey, Document> all() {
    Map<RecordKey, Document> out = new HashMap<>();
    for (RecordKey.Kind kind : RecordKey.Kind.values()) {
      for (Document d : collection(kind).find()) {
        if (d.get("_id") instanceof String id) {
          out.put(new RecordKey(kind, id), d);
        }
      }
    }
    return out;
  }

  /** The current records of these keys; a key whose record is gone maps to nothing. */
  public Map<RecordKey, Document> load(Collection<RecordKey> keys) {
    Map<RecordKey, Document> out = new HashMap<>();
    for (RecordKey.Kind kind : RecordKey.Kind.values()) {
      List<String> ids = new ArrayList<>();
      keys.stream().filter(k -> k.kind() == kind).forEach(k -> ids.add(k.id()));
      if (ids.isEmpty()) {
        continue;
      }
      for (Document d : collection(kind).find(Filters.in("_id", ids))) {
        out.put(new RecordKey(kind, (String) d.get("_id")), d);
      }
    }
    return out;
  }

  /** Sets (or, with null, removes) the record's {@code routeStatus}. */
  public void writeStatus(RecordKey key, RouteStatus status) {
    collection(key.kind()).updateOne(Filters.eq("_id", key.id()), status == null
        ? Updates.unset(SystemDatabase.ROUTE_STATUS)
        : Updates.set(SystemDatabase.ROUTE_STATUS, status.toDocument()));
  }
}
