package dev.inkwell.runtime.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.model.Filters;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Date;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code cloud.mongo.db} against the MongoDB stand-in (mongo-java-server, see {@link RuntimeHarness}): the real driver
 * over the real wire protocol. The stand-in has no users, so database isolation is checked at the API level here.
 */
class MongoSdkIT {

  static RuntimeHarness h;

  @BeforeAll
  static void start() throws InterruptedException {
    h = RuntimeHarness.single(2, Duration.ofSeconds(10));
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  private static HttpResponse<String> call(String name, String code) {
    h.publish(name, code);
    return h.await("/" + name, x -> x.statusCode() != 404);
  }

  @Test
  void roundTripsObjectIdDateNestedValuesAndBinary() {
    HttpResponse<String> r = call("roundtrip", """
        import cloud from '@lafjs/cloud'
        export default async function () {
          const db = cloud.mongo.db
          const ref = new cloud.mongo.ObjectId()
          const when = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678))
          const doc = { title: 'a', when, ref, tags: ['x', { deep: [1, 2.5] }], big: 2 ** 40, bin: Buffer.from('hi'), none: null }
          const ins = await db.collection('rt').insertOne(doc)
          const got = await db.collection('rt').findOne({ _id: ins.insertedId })
          const byDate = await db.collection('rt').countDocuments({ when: { $gte: new Date(Date.UTC(2024, 0, 1)) } })
          return {
            sameId: doc._id.equals(ins.insertedId) && got._id instanceof cloud.mongo.ObjectId,
            idHex: /^[0-9a-f]{24}$/.test(got._id.toHexString()),
            isDate: got.when instanceof Date, time: got.when.getTime() === when.getTime(),
            refEquals: got.ref.equals(ref), refString: String(got.ref) === ref.toHexString(),
            tags: got.tags, big: got.big, bin: Buffer.isBuffer(got.bin) && got.bin.toString(), none: got.none,
            byDate, asJson: JSON.parse(JSON.stringify({ id: got._id, when: got.when })),
            expected: { id: got._id.toHexString(), when: when.toISOString() },
          }
        }
        """);
    assertEquals(200, r.statusCode(), r.body());
    String b = r.body();
    for (String ok : new String[] {"\"sameId\":true", "\"idHex\":true", "\"isDate\":true", "\"time\":true",
        "\"refEquals\":true", "\"refString\":true", "\"tags\":[\"x\",{\"deep\":[1,2.5]}]", "\"big\":1099511627776",
        "\"bin\":\"hi\"", "\"none\":null", "\"byDate\":1"}) {
      assertTrue(b.contains(ok), ok + " in " + b);
    }
    // JSON output: ObjectId and Date as strings, the same as the expected ones.
    assertTrue(b.matches(".*\"asJson\":\\{\"id\":\"([0-9a-f]{24})\",\"when\":\"2024-01-02T03:04:05.678Z\"},"
        + "\"expected\":\\{\"id\":\"\\1\".*"), b);
    // And the database holds real BSON types, not strings.
    Document stored = h.client.getDatabase(RuntimeHarness.APP).getCollection("rt").find().first();
    assertTrue(stored.get("_id") instanceof ObjectId, stored.toJson());
    assertTrue(stored.get("when") instanceof Date, stored.toJson());
    assertTrue(stored.get("ref") instanceof ObjectId, stored.toJson());
    assertTrue(stored.get("bin") instanceof Binary, stored.toJson());
    assertEquals(1099511627776L, ((Number) stored.get("big")).longValue());
  }

  @Test
  void readsDocumentsWrittenByOtherClientsWithTheirTypes() {
    ObjectId id = new ObjectId();
    h.client.getDatabase(RuntimeHarness.APP).getCollection("external")
        .insertOne(new Document("_id", id).append("at", new Date(1_700_000_000_000L)).append("n", 7L));
    HttpResponse<String> r = call("external", """
        export default async function () {
          const d = await cloud.mongo.db.collection('external').findOne({ _id: new cloud.mongo.ObjectId('%s') })
          return [d._id.toHexString(), d.at instanceof Date, d.at.getTime(), d.n]
        }
        """.formatted(id.toHexString()));
    assertEquals("[\"" + id.toHexString() + "\",true,1700000000000,7]", r.body());
  }

  @Test
  void findAppliesSortLimitSkipAndProjection() {
    HttpResponse<String> r = call("findopts", """
        export default async function () {
          const c = cloud.mongo.db.collection('nums')
          await c.deleteMany({})
          await c.insertMany([5, 3, 9, 1, 7].map((n) => ({ n, sq: n * n })))
          const a = await c.find({ n: { $gt: 1 } }, { sort: { n: -1 }, limit: 2, skip: 1, projection: { _id: 0, n: 1 } }).toArray()
          const b = await c.find({}).sort({ n: 1 }).limit(2).project({ _id: 0, sq: 1 }).toArray()
          return { a, b }
        }
        """);
    assertEquals("{\"a\":[{\"n\":7},{\"n\":5}],\"b\":[{\"sq\":1},{\"sq\":9}]}", r.body());
  }

  @Test
  void updatesDeletesAndCounts() {
    HttpResponse<String> r = call("updates", """
        export default async function () {
          const c = cloud.mongo.db.collection('todos')
          await c.deleteMany({})
          await c.insertMany([{ t: 'a', done: false, n: 1 }, { t: 'b', done: false, n: 1 }, { t: 'c', done: true, n: 1 }])
          const u1 = await c.updateOne({ t: 'a' }, { $set: { done: true }, $inc: { n: 2 } })
          const um = await c.updateMany({ done: true }, { $push: { log: 'x' } })
          const up = await c.updateOne({ t: 'z' }, { $set: { done: false } }, { upsert: true })
          const a = await c.findOne({ t: 'a' }, { projection: { _id: 0 } })
          const d1 = await c.deleteOne({ t: 'b' })
          const dm = await c.deleteMany({ done: true })
          const left = await c.countDocuments()
          return { u1: [u1.matchedCount, u1.modifiedCount], um: um.modifiedCount, upserted: up.upsertedId instanceof cloud.mongo.ObjectId,
                   a, d1: d1.deletedCount, dm: dm.deletedCount, left }
        }
        """);
    assertEquals("{\"u1\":[1,1],\"um\":2,\"upserted\":true,\"a\":{\"t\":\"a\",\"done\":true,\"n\":3,\"log\":[\"x\"]},"
        + "\"d1\":1,\"dm\":2,\"left\":1}", r.body());
  }

  @Test
  void aggregatesAndEnforcesAUniqueIndexWithTheServersErrorCode() {
    HttpResponse<String> r = call("aggidx", """
        export default async function () {
          const c = cloud.mongo.db.collection('sales')
          await c.deleteMany({})
          const name = await c.createIndex({ sku: 1 }, { unique: true })
          await c.insertMany([{ sku: 'a', cat: 'x', q: 2 }, { sku: 'b', cat: 'x', q: 3 }, { sku: 'c', cat: 'y', q: 5 }])
          const totals = await c.aggregate([{ $group: { _id: '$cat', total: { $sum: '$q' } } }, { $sort: { _id: 1 } }]).toArray()
          let error
          try { await c.insertOne({ sku: 'a' }) } catch (e) { error = { isError: e instanceof Error, code: e.code, name: e.name, dup: /duplicate key/i.test(e.message) } }
          return { name, totals, error }
        }
        """);
    assertEquals("{\"name\":\"sku_1\",\"totals\":[{\"_id\":\"x\",\"total\":5},{\"_id\":\"y\",\"total\":5}],"
        + "\"error\":{\"isError\":true,\"code\":11000,\"name\":\"MongoServerError\",\"dup\":true}}", r.body());
  }

  @Test
  void offersNoWayToAnotherDatabase() {
    h.client.getDatabase("otherapp").getCollection("secrets").insertOne(new Document("s", 1));
    HttpResponse<String> r = call("escape", """
        export default async function () {
          const db = cloud.mongo.db
          const tries = {}
          for (const [k, f] of Object.entries({
            dollar: () => db.collection('x$y').findOne({}),
            system: () => db.collection('system.users').findOne({}),
            dotted: () => db.collection('otherapp.secrets').findOne({}),
          })) { try { tries[k] = await f() } catch (e) { tries[k] = e.name } }
          return { mongoKeys: Object.keys(cloud.mongo).sort(), dbKeys: Object.keys(db).sort(), name: db.databaseName,
                   client: typeof db.client + typeof cloud.mongo.client + typeof db.db, tries }
        }
        """);
    // 'otherapp.secrets' is a collection of this app's database with a dot in its name, not another database.
    assertEquals("{\"mongoKeys\":[\"ObjectId\",\"db\"],\"dbKeys\":[\"collection\",\"databaseName\"],\"name\":\"app1\","
        + "\"client\":\"undefinedundefinedundefined\",\"tries\":{\"dollar\":\"MongoInvalidArgumentError\","
        + "\"system\":\"MongoInvalidArgumentError\",\"dotted\":null}}", r.body());
    assertEquals(1, h.client.getDatabase("otherapp").getCollection("secrets").countDocuments(Filters.eq("s", 1)));
  }
}
