package dev.inkwell.runtime.cloud;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.CountOptions;
import com.mongodb.client.model.FindOneAndDeleteOptions;
import com.mongodb.client.model.FindOneAndReplaceOptions;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.result.DeleteResult;
import com.mongodb.client.result.InsertManyResult;
import com.mongodb.client.result.UpdateResult;
import dev.inkwell.runtime.engine.HostResult;
import dev.inkwell.runtime.engine.Json;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.codecs.EncoderContext;
import org.bson.codecs.RawBsonDocumentCodec;
import org.bson.conversions.Bson;
import org.bson.json.JsonMode;
import org.bson.json.JsonParseException;
import org.bson.json.JsonWriter;
import org.bson.json.JsonWriterSettings;
import org.bson.types.ObjectId;

/**
 * {@code cloud.mongo.db}: runs one collection operation on the app's own database and answers in the JSON form the
 * glue reads back (relaxed Extended JSON; dates as {@code {"$date": millis}}).
 *
 * <p>Isolation: a gateway holds exactly one {@link MongoDatabase}, the app's; nothing here takes a database name, so a
 * function cannot reach another database through it. Collection names are checked (no {@code $}, no NUL, not
 * {@code system.*}). In production the app's MongoDB user is limited to its database server-side as well.
 *
 * <p>Concurrency: thread-safe (the driver's objects are); every method blocks on the network and must run off the
 * event loops and the JS threads.
 */
public final class MongoGateway {

  private static final JsonWriterSettings OUT = JsonWriterSettings.builder()
      .outputMode(JsonMode.RELAXED)
      .dateTimeConverter((millis, w) -> {
        w.writeStartObject();
        w.writeNumber("$date", Long.toString(millis));
        w.writeEndObject();
      })
      .build();
  private static final RawBsonDocumentCodec RAW = new RawBsonDocumentCodec();
  private static final EncoderContext ENCODE = EncoderContext.builder().build();

  private final MongoDatabase db;

  public MongoGateway(MongoDatabase db) {
    this.db = db;
  }

  public String databaseName() {
    return db.getName();
  }

  /**
   * Runs {@code op} on {@code collection}.
   *
   * @param argsJson the operation's arguments as {@code {"a": [...]}} in Extended JSON
   */
  public HostResult call(String op, String collection, String argsJson) {
    try {
      checkCollectionName(collection);
      BsonArray args = BsonDocument.parse(argsJson).getArray("a");
      return HostResult.done(run(op, db.getCollection(collection, RawBsonDocument.class), args));
    } catch (MongoBulkWriteException e) {
      var first = e.getWriteErrors().isEmpty() ? null : e.getWriteErrors().get(0);
      return new HostResult.Failed("MongoBulkWriteError", first == null ? e.getMessage() : first.getMessage(),
          first == null ? e.getCode() : first.getCode(), null);
    } catch (MongoWriteException e) {
      return new HostResult.Failed("MongoServerError", e.getError().getMessage(), e.getError().getCode(), null);
    } catch (MongoCommandException e) {
      return new HostResult.Failed("MongoServerError", e.getErrorMessage(), e.getErrorCode(), e.getErrorCodeName());
    } catch (MongoException e) {
      return new HostResult.Failed("MongoError", e.getMessage(), e.getCode() == -1 ? null : e.getCode(), null);
    } catch (JsonParseException | IllegalArgumentException | ClassCastException | org.bson.BsonInvalidOperationException e) {
      return new HostResult.Failed("MongoInvalidArgumentError", e.getMessage(), null, null);
    }
  }

  static void checkCollectionName(String name) {
    if (name == null || name.isEmpty() || name.indexOf('$') >= 0 || name.indexOf('\0') >= 0
        || name.startsWith("system.") || name.length() > 200) {
      throw new IllegalArgumentException("invalid collection name: " + name);
    }
  }

  private String run(String op, MongoCollection<RawBsonDocument> c, BsonArray a) {
    return switch (op) {
      case "find" -> list(find(c, a));
      case "findOne" -> one(find(c, a).limit(1).first());
      case "insertOne" -> {
        BsonDocument d = withId(doc(a, 0));
        c.withDocumentClass(BsonDocument.class).insertOne(d);
        yield result(Map.of("acknowledged", true, "insertedId", d.get("_id")));
      }
      case "insertMany" -> {
        List<BsonDocument> docs = new ArrayList<>();
        for (BsonValue v : a.get(0).asArray()) {
          docs.add(withId(v.asDocument()));
        }
        InsertManyResult r = c.withDocumentClass(BsonDocument.class).insertMany(docs);
        BsonDocument ids = new BsonDocument();
        r.getInsertedIds().forEach((i, id) -> ids.put(Integer.toString(i), id));
        yield result(Map.of("acknowledged", true, "insertedCount", docs.size(), "insertedIds", ids));
      }
      case "updateOne", "updateMany" -> {
        UpdateOptions opts = new UpdateOptions().upsert(doc(a, 2).getBoolean("upsert", org.bson.BsonBoolean.FALSE)
            .getValue());
        BsonValue u = a.get(1);
        UpdateResult r;
        if (u.isArray()) {
          List<BsonDocument> pipeline = docs(u.asArray());
          r = op.equals("updateOne") ? c.updateOne(doc(a, 0), pipeline, opts) : c.updateMany(doc(a, 0), pipeline, opts);
        } else {
          r = op.equals("updateOne") ? c.updateOne(doc(a, 0), u.asDocument(), opts)
              : c.updateMany(doc(a, 0), u.asDocument(), opts);
        }
        yield update(r);
      }
      case "replaceOne" -> update(c.withDocumentClass(BsonDocument.class).replaceOne(doc(a, 0), doc(a, 1),
          new ReplaceOptions().upsert(doc(a, 2).getBoolean("upsert", org.bson.BsonBoolean.FALSE).getValue())));
      case "deleteOne", "deleteMany" -> {
        DeleteResult r = op.equals("deleteOne") ? c.deleteOne(doc(a, 0)) : c.deleteMany(doc(a, 0));
        yield result(Map.of("acknowledged", r.wasAcknowledged(), "deletedCount", r.getDeletedCount()));
      }
      case "countDocuments" -> {
        BsonDocument o = doc(a, 1);
        CountOptions opts = new CountOptions();
        if (o.containsKey("limit")) {
          opts.limit(o.getNumber("limit").intValue());
        }
        if (o.containsKey("skip")) {
          opts.skip(o.getNumber("skip").intValue());
        }
        yield Long.toString(c.countDocuments(doc(a, 0), opts));
      }
      case "estimatedDocumentCount" -> Long.toString(c.estimatedDocumentCount());
      case "distinct" -> {
        BsonArray values = new BsonArray();
        c.distinct(a.get(0).asString().getValue(), doc(a, 1), BsonValue.class).into(values);
        yield result(Map.of("r", values));
      }
      case "aggregate" -> list(c.aggregate(docs(a.get(0).asArray())));
      case "createIndex" -> {
        BsonValue keys = a.get(0);
        Bson spec = keys.isString() ? new BsonDocument(keys.asString().getValue(), new BsonInt32(1)) : keys.asDocument();
        yield Json.quote(c.createIndex(spec, indexOptions(doc(a, 1))));
      }
      case "dropIndex" -> {
        c.dropIndex(a.get(0).asString().getValue());
        yield "null";
      }
      case "indexes" -> list(c.listIndexes(RawBsonDocument.class));
      case "drop" -> {
        c.drop();
        yield "true";
      }
      case "findOneAndUpdate" -> {
        BsonDocument o = doc(a, 2);
        FindOneAndUpdateOptions opts = new FindOneAndUpdateOptions()
            .upsert(o.getBoolean("upsert", org.bson.BsonBoolean.FALSE).getValue())
            .returnDocument(after(o) ? ReturnDocument.AFTER : ReturnDocument.BEFORE);
        if (o.containsKey("sort")) {
          opts.sort(o.getDocument("sort"));
        }
        if (o.containsKey("projection")) {
          opts.projection(o.getDocument("projection"));
        }
        yield one(c.findOneAndUpdate(doc(a, 0), doc(a, 1), opts));
      }
      case "findOneAndReplace" -> {
        BsonDocument o = doc(a, 2);
        FindOneAndReplaceOptions opts = new FindOneAndReplaceOptions()
            .upsert(o.getBoolean("upsert", org.bson.BsonBoolean.FALSE).getValue())
            .returnDocument(after(o) ? ReturnDocument.AFTER : ReturnDocument.BEFORE);
        yield one(c.withDocumentClass(BsonDocument.class).findOneAndReplace(doc(a, 0), doc(a, 1), opts));
      }
      case "findOneAndDelete" -> {
        BsonDocument o = doc(a, 1);
        FindOneAndDeleteOptions opts = new FindOneAndDeleteOptions();
        if (o.containsKey("sort")) {
          opts.sort(o.getDocument("sort"));
        }
        yield one(c.findOneAndDelete(doc(a, 0), opts));
      }
      default -> throw new IllegalArgumentException("unsupported operation: " + op);
    };
  }

  /** {@code find(filter, {sort, projection, skip, limit, maxTimeMS})}, as the Node driver takes it. */
  private static FindIterable<RawBsonDocument> find(MongoCollection<RawBsonDocument> c, BsonArray a) {
    BsonDocument o = doc(a, 1);
    FindIterable<RawBsonDocument> it = c.find(doc(a, 0));
    if (o.containsKey("sort")) {
      it = it.sort(o.getDocument("sort"));
    }
    if (o.containsKey("projection")) {
      it = it.projection(o.getDocument("projection"));
    }
    if (o.containsKey("skip")) {
      it = it.skip(o.getNumber("skip").intValue());
    }
    if (o.containsKey("limit")) {
      it = it.limit(o.getNumber("limit").intValue());
    }
    if (o.containsKey("maxTimeMS")) {
      it = it.maxTime(o.getNumber("maxTimeMS").longValue(), TimeUnit.MILLISECONDS);
    }
    return it;
  }

  private static boolean after(BsonDocument o) {
    return o.containsKey("returnDocument") && "after".equals(o.getString("returnDocument").getValue());
  }

  private static IndexOptions indexOptions(BsonDocument o) {
    IndexOptions io = new IndexOptions();
    if (o.containsKey("unique")) {
      io.unique(o.getBoolean("unique").getValue());
    }
    if (o.containsKey("sparse")) {
      io.sparse(o.getBoolean("sparse").getValue());
    }
    if (o.containsKey("name")) {
      io.name(o.getString("name").getValue());
    }
    if (o.containsKey("expireAfterSeconds")) {
      io.expireAfter(o.getNumber("expireAfterSeconds").longValue(), TimeUnit.SECONDS);
    }
    if (o.containsKey("partialFilterExpression")) {
      io.partialFilterExpression(o.getDocument("partialFilterExpression"));
    }
    return io;
  }

  /** Argument {@code i} as a document; absent or null arguments are an empty document (Node driver defaults). */
  private static BsonDocument doc(BsonArray a, int i) {
    if (i >= a.size() || a.get(i).isNull()) {
      return new BsonDocument();
    }
    return a.get(i).asDocument();
  }

  private static List<BsonDocument> docs(BsonArray a) {
    List<BsonDocument> out = new ArrayList<>(a.size());
    for (BsonValue v : a) {
      out.add(v.asDocument());
    }
    return out;
  }

  /** As the Node driver: a document without {@code _id} gets a new ObjectId before it is sent. */
  private static BsonDocument withId(BsonDocument d) {
    if (!d.containsKey("_id")) {
      BsonDocument out = new BsonDocument("_id", new BsonObjectId(new ObjectId()));
      out.putAll(d);
      return out;
    }
    return d;
  }

  private static String update(UpdateResult r) {
    BsonValue upserted = r.getUpsertedId();
    return result(Map.of("acknowledged", r.wasAcknowledged(), "matchedCount", r.getMatchedCount(),
        "modifiedCount", r.getModifiedCount(), "upsertedCount", upserted == null ? 0 : 1,
        "upsertedId", upserted == null ? org.bson.BsonNull.VALUE : upserted));
  }

  private static String result(Map<String, Object> fields) {
    BsonDocument d = new BsonDocument();
    fields.forEach((k, v) -> d.put(k, switch (v) {
      case BsonValue b -> b;
      case Boolean b -> org.bson.BsonBoolean.valueOf(b);
      case Integer i -> new BsonInt32(i);
      case Long l -> new org.bson.BsonInt64(l);
      default -> new BsonString(v.toString());
    }));
    return d.toJson(OUT);
  }

  static String one(RawBsonDocument d) {
    if (d == null) {
      return "null";
    }
    StringWriter sw = new StringWriter(d.getByteBuffer().remaining() + 64);
    RAW.encode(new JsonWriter(sw, OUT), d, ENCODE);
    return sw.toString();
  }

  private static String one(BsonDocument d) {
    return d == null ? "null" : d.toJson(OUT);
  }

  /** The documents of a cursor as one JSON array, streamed from the driver's raw bytes. */
  private static String list(Iterable<RawBsonDocument> docs) {
    StringWriter sw = new StringWriter(256);
    JsonWriter w = new JsonWriter(sw, OUT);
    w.writeStartDocument();
    w.writeStartArray("r");
    for (RawBsonDocument d : docs) {
      RAW.encode(w, d, ENCODE);
    }
    w.writeEndArray();
    w.writeEndDocument();
    return sw.toString();
  }
}
