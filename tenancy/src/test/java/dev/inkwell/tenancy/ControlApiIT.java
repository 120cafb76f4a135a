package dev.inkwell.tenancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.inkwell.records.App;
import dev.inkwell.records.Bucket;
import dev.inkwell.records.SystemDatabase;
import dev.inkwell.runtime.InkwellRuntime;
import dev.inkwell.runtime.RuntimeConfig;
import dev.inkwell.runtime.cloud.Fetcher;
import dev.inkwell.runtime.dev.EmbeddedMongo;
import dev.inkwell.runtime.http.WebSocketSettings;
import dev.inkwell.tenancy.local.LocalRuntimeDirectory;
import dev.inkwell.tenancy.local.LocalWorkloads;
import dev.inkwell.tenancy.provision.mongo.SharedServerDatabases;
import dev.inkwell.tenancy.service.Secrets;
import dev.inkwell.tenancy.service.TenancySettings;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The control API through real HTTP, with a real runtime serving the apps it creates. Stand-ins: mongo-java-server for
 * MongoDB (system and app databases), an in-memory object store ({@link FakeStorage}: the real storage provisioners are
 * tested against s3proxy in their own tests) and the standalone workload provisioner (the shared runtime).
 */
class ControlApiIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OPERATOR = "operator-token-for-tests-0123456789";

  private static EmbeddedMongo mongo;
  private static MongoClient client;
  private static FakeStorage storage;
  private static RecordingDatabases databases;
  private static Tenancy tenancy;
  private static InkwellRuntime runtime;
  private static HttpClient http;
  private static String base;

  @BeforeAll
  static void start() throws Exception {
    mongo = EmbeddedMongo.inMemory();
    client = MongoClients.create(mongo.connectionString());
    storage = new FakeStorage();
    databases = new RecordingDatabases(new SharedServerDatabases(client, mongo.connectionString()));
    int runtimePort;
    try (ServerSocket s = new ServerSocket(0)) {
      runtimePort = s.getLocalPort();
    }
    LocalWorkloads workloads = new LocalWorkloads("127.0.0.1:" + runtimePort, null);
    tenancy = new Tenancy(new Tenancy.Parts(client, SystemDatabase.DEFAULT_NAME,
        new TenancySettings("localhost", "localhost", "http", 8080, new App.Limits(100, 200, null, false)), OPERATOR,
        databases, storage, workloads, "127.0.0.1", 0, Duration.ofHours(1)));
    RuntimeConfig config = new RuntimeConfig("127.0.0.1", runtimePort, true, null, mongo.connectionString(),
        "unused-master-secret", "localhost", 2, 1, Duration.ofSeconds(20), 10 * 1024 * 1024, Duration.ofSeconds(60),
        Duration.ofMillis(2), Map.of(), new Fetcher.Settings(Duration.ofSeconds(5), 1024 * 1024),
        WebSocketSettings.defaults(), null, null);
    runtime = InkwellRuntime.start(config, c -> new LocalRuntimeDirectory(tenancy.apps(), c));
    workloads.reloadWith(runtime.apps()::reload);
    http = HttpClient.newHttpClient();
    base = "http://127.0.0.1:" + tenancy.port();
  }

  @AfterAll
  static void stop() {
    runtime.close();
    tenancy.close();
    client.close();
    mongo.close();
  }

  // ---------------------------------------------------------------- the whole lifecycle

  @Test
  void appLifecycleFromCreationToDeletion() throws Exception {
    JsonNode created = call("POST", "/v1/apps", OPERATOR, "{\"name\":\"Blog\"}", 201);
    String appid = created.get("appid").asText();
    assertTrue(appid.matches("[a-z][a-z0-9]{5}"), appid);
    assertEquals("http://" + appid + ".localhost:8080", created.get("url").asText());
    assertEquals("running", created.at("/app/state").asText());
    String dev = created.get("developerToken").asText();
    assertTrue(dev.startsWith("iwd_" + appid + "_"));
    // the edge key's public half is in the record, its private half only in the secrets
    Document record = client.getDatabase("inkwell").getCollection("apps").find(new Document("_id", appid)).first();
    App app = App.fromDocument(record);
    assertEquals(1, app.auth().jwks().size());
    assertFalse(record.toJson().contains("\"d\""));
    assertTrue(storage.users.containsKey(appid));

    // functions: save + publish, debug invoke with the call's logs
    JsonNode saved = call("PUT", "/v1/apps/" + appid + "/functions/hello", dev, json(Map.of("code", """
        export default async function (ctx: FunctionContext) {
          console.log('hello called with', ctx.query.name)
          return { greeting: 'v1 ' + ctx.query.name }
        }
        """)), 200);
    assertTrue(saved.get("changed").asBoolean());
    assertEquals(1, saved.at("/function/revision").asInt());
    assertEquals(1, saved.at("/function/publishedRevision").asInt());
    JsonNode r = call("POST", "/v1/apps/" + appid + "/functions/hello/invoke", dev,
        "{\"query\":{\"name\":\"ann\"}}", 200);
    assertEquals(200, r.get("status").asInt(), r.toString());
    assertEquals("v1 ann", r.at("/body/greeting").asText());
    assertEquals("hello called with ann", r.at("/logs/0/message").asText(), r.toString());

    // a new version is seen by the next call; saving the same content again makes no revision
    call("PUT", "/v1/apps/" + appid + "/functions/hello", dev, json(Map.of("code",
        "export default async function (ctx) { return { greeting: 'v2 ' + ctx.query.name } }")), 200);
    assertEquals("v2 bo", invokeUntil(appid, dev, "v2 bo"));
    JsonNode same = call("PUT", "/v1/apps/" + appid + "/functions/hello", dev, json(Map.of("code",
        "export default async function (ctx) { return { greeting: 'v2 ' + ctx.query.name } }")), 200);
    assertFalse(same.get("changed").asBoolean());
    assertEquals(2, same.at("/function/revision").asInt());

    // rollback serves the old revision, recorded as revision 3
    JsonNode rolled = call("POST", "/v1/apps/" + appid + "/functions/hello/rollback", dev, "{\"revision\":1}", 200);
    assertEquals(3, rolled.get("revision").asInt());
    assertEquals("v1 bo", invokeUntil(appid, dev, "v1 bo"));
    JsonNode revisions = call("GET", "/v1/apps/" + appid + "/functions/hello/revisions", dev, null, 200);
    assertEquals(3, revisions.get("revisions").size());
    assertEquals(1, revisions.at("/revisions/0/rolledBackFrom").asInt());
    assertTrue(revisions.at("/revisions/0/published").asBoolean());

    // the runtime keeps console lines for `fn logs`
    JsonNode logs = waitForLogs(appid, dev);
    assertEquals("hello", logs.at("/logs/0/function").asText());

    // limits: own limit replaces the platform default at once (in the record the controller watches)
    assertEquals(100, call("GET", "/v1/apps/" + appid + "/limits", dev, null, 200).at("/effective/rate").asInt());
    call("PUT", "/v1/apps/" + appid + "/limits", dev, "{\"rate\":5,\"burst\":10,\"key\":\"remote_addr\"}", 200);
    App.Limits limits = appRecord(appid).limits();
    assertEquals(new App.Limits(5, 10, "remote_addr", false), limits);
    call("DELETE", "/v1/apps/" + appid + "/limits", dev, null, 200);
    assertNull(appRecord(appid).limits());

    // keys: shown once, stored as a hash the edge can check
    JsonNode key = call("POST", "/v1/apps/" + appid + "/keys", dev, "{\"id\":\"ci\"}", 201);
    assertEquals(Secrets.sha256(key.get("key").asText()), appRecord(appid).auth().apiKeys().get(0).sha256());
    assertEquals("ci", call("GET", "/v1/apps/" + appid + "/keys", dev, null, 200).at("/keys/0/id").asText());
    call("POST", "/v1/apps/" + appid + "/keys", dev, "{\"id\":\"ci\"}", 409);
    call("DELETE", "/v1/apps/" + appid + "/keys/ci", dev, null, 200);
    assertTrue(appRecord(appid).auth().apiKeys().isEmpty());
    call("PUT", "/v1/apps/" + appid + "/auth", dev, "{\"publicPaths\":[\"/hello\"]}", 200);
    assertEquals(java.util.List.of("/hello"), appRecord(appid).auth().publicPaths());

    // env: set, the runtime restarts the app and the function sees it
    JsonNode env = call("PUT", "/v1/apps/" + appid + "/env", dev, "{\"env\":{\"GREETING\":\"hi\"}}", 200);
    assertTrue(env.get("restarted").asBoolean());
    call("PUT", "/v1/apps/" + appid + "/functions/env", dev, json(Map.of("code",
        "import cloud from '@lafjs/cloud'\nexport default async function () { return cloud.env.GREETING ?? 'unset' }")), 200);
    assertEquals("hi", call("POST", "/v1/apps/" + appid + "/functions/env/invoke", dev, "{}", 200).get("body").asText());
    call("PUT", "/v1/apps/" + appid + "/env", dev, "{\"env\":{\"GREETING\":null}}", 200);
    assertEquals("unset", call("POST", "/v1/apps/" + appid + "/functions/env/invoke", dev, "{}", 200).get("body").asText());

    // buckets and objects
    JsonNode bucket = call("POST", "/v1/apps/" + appid + "/buckets", dev,
        "{\"name\":\"site\",\"policy\":\"readonly\",\"website\":{\"spaFallback\":true}}", 201);
    assertEquals(appid + "-site", bucket.get("id").asText());
    assertEquals("http://" + appid + "-site.localhost:8080", bucket.get("url").asText());
    call("POST", "/v1/apps/" + appid + "/buckets", dev, "{\"name\":\"site\"}", 409);
    HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/apps/" + appid
        + "/buckets/site/objects/assets/app.js")).header("Authorization", "Bearer " + dev)
        .header("Content-Type", "application/javascript").PUT(HttpRequest.BodyPublishers.ofString("let a = 1")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, put.statusCode(), put.body());
    assertEquals("let a = 1", new String(storage.objects.get(appid + "-site").get("assets/app.js")));
    assertEquals("assets/app.js", call("GET", "/v1/apps/" + appid + "/buckets/site/objects?prefix=assets/", dev, null,
        200).at("/objects/0/key").asText());
    call("PATCH", "/v1/apps/" + appid + "/buckets/site", dev, "{\"policy\":\"private\"}", 200);
    assertEquals(Bucket.Policy.PRIVATE, storage.buckets.get(appid + "-site"));
    call("DELETE", "/v1/apps/" + appid + "/buckets/site", dev, null, 409);
    call("DELETE", "/v1/apps/" + appid + "/buckets/site?force=true", dev, null, 200);
    assertFalse(storage.buckets.containsKey(appid + "-site"));

    // stop: no route (state), no runtime; start again
    assertEquals("stopped", call("POST", "/v1/apps/" + appid + "/stop", dev, null, 200).get("state").asText());
    call("POST", "/v1/apps/" + appid + "/functions/hello/invoke", dev, "{}", 409);
    assertEquals("running", call("POST", "/v1/apps/" + appid + "/start", dev, null, 200).get("state").asText());
    assertEquals("v1 cy", invokeUntil(appid, dev, "v1 cy"));

    // delete keeps data unless asked (and confirmed)
    call("DELETE", "/v1/apps/" + appid, dev, null, 403);
    call("DELETE", "/v1/apps/" + appid + "?deleteData=true", OPERATOR, null, 400);
    JsonNode deleted = call("DELETE", "/v1/apps/" + appid, OPERATOR, null, 200);
    assertFalse(deleted.get("dataDeleted").asBoolean());
    call("GET", "/v1/apps/" + appid, OPERATOR, null, 404);
    call("GET", "/v1/apps/" + appid, dev, null, 401); // its tokens went with it
    assertFalse(storage.users.containsKey(appid));
    assertTrue(databases.calls.contains("removeUser " + appid));
    assertEquals(0, client.getDatabase("inkwell").getCollection("functions").countDocuments(new Document("appid", appid)));
  }

  // ---------------------------------------------------------------- isolation

  @Test
  void aDeveloperTokenReachesItsOwnAppOnly() throws Exception {
    JsonNode a = call("POST", "/v1/apps", OPERATOR, "{\"name\":\"A\"}", 201);
    JsonNode b = call("POST", "/v1/apps", OPERATOR, "{\"name\":\"B\"}", 201);
    String tokenA = a.get("developerToken").asText();
    String idB = b.get("appid").asText();
    call("GET", "/v1/apps/" + a.get("appid").asText(), tokenA, null, 200);
    call("GET", "/v1/apps/" + idB, tokenA, null, 404); // looks absent, so appids cannot be probed
    call("PUT", "/v1/apps/" + idB + "/functions/x", tokenA, "{\"code\":\"export default () => 1\"}", 404);
    call("PUT", "/v1/apps/" + idB + "/limits", tokenA, "{\"rate\":1000,\"burst\":1000}", 404);
    call("POST", "/v1/apps/" + idB + "/keys", tokenA, "{}", 404);
    call("GET", "/v1/apps/" + idB + "/env", tokenA, null, 404);
    call("POST", "/v1/apps/" + idB + "/buckets", tokenA, "{\"name\":\"mine\"}", 404);
    call("GET", "/v1/apps", tokenA, null, 403);
    call("POST", "/v1/apps", tokenA, "{}", 403);
    call("GET", "/v1/apps", null, null, 401);
    call("GET", "/v1/apps", "iwd_" + idB + "_forged", null, 401);
    call("GET", "/v1/apps", "not-the-operator-token-at-all", null, 401);
    assertTrue(call("GET", "/v1/apps", OPERATOR, null, 200).get("apps").size() >= 2);
  }

  // ---------------------------------------------------------------- validation

  @Test
  void badInputIsRefusedNamingTheField() throws Exception {
    String appid = call("POST", "/v1/apps", OPERATOR, "{}", 201).get("appid").asText();
    expectError("POST", "/v1/apps", "{\"name\":\"x\",\"colour\":\"red\"}", 400, "unknown_field", "colour");
    expectError("POST", "/v1/apps", "{\"appid\":\"Bad-Id\"}", 400, "invalid_field", "appid");
    expectError("POST", "/v1/apps", "{\"appid\":\"" + appid + "\"}", 409, "conflict", null);
    expectError("POST", "/v1/apps", "{\"limits\":{\"rate\":-1,\"burst\":5}}", 400, "invalid_field", "limits.rate");
    expectError("POST", "/v1/apps", "{\"resources\":{\"memoryMiB\":1}}", 400, "invalid_field", "resources.memoryMiB");
    expectError("POST", "/v1/apps", "{\"env\":{\"DB_URI\":\"x\"}}", 400, "invalid_field", "env.DB_URI");
    expectError("POST", "/v1/apps", "{not json", 400, "invalid_json", null);
    String p = "/v1/apps/" + appid;
    expectError("PUT", p + "/limits", "{\"rate\":5,\"burst\":0}", 400, "invalid_field", "limits.burst");
    expectError("PUT", p + "/limits", "{\"rate\":\"fast\",\"burst\":1}", 400, "invalid_field", "rate");
    expectError("PUT", p + "/limits", "{\"burst\":1}", 400, "missing_field", "rate");
    expectError("PUT", p + "/limits", "{\"rate\":1,\"burst\":1,\"key\":\"cookie\"}", 400, "invalid_field", "limits.key");
    expectError("PUT", p + "/functions/bad name", "{\"code\":\"x\"}", 400, "invalid_field", "name");
    expectError("PUT", p + "/functions/f", "{\"code\":\"x\",\"methods\":[\"FETCH\"]}", 400, "invalid_field",
        "methods[0]");
    expectError("PUT", p + "/functions/f", "{}", 400, "missing_field", "code");
    JsonNode err = expectError("PUT", p + "/functions/broken", json(Map.of("code",
        "export default async function () {\n  return 1 +\n}\n")), 422, "compile_error", null);
    assertEquals(3, err.at("/error/line").asInt(), err.toString());
    assertTrue(err.at("/error/column").asInt() >= 1);
    call("GET", p + "/functions/broken", OPERATOR, null, 404); // nothing saved
    expectError("POST", p + "/buckets", "{\"name\":\"A_B\"}", 400, "invalid_field", "name");
    expectError("POST", p + "/buckets", "{\"name\":\"site\",\"policy\":\"public\"}", 400, "invalid_field", "policy");
    expectError("POST", p + "/buckets", "{\"name\":\"site\",\"website\":{\"spa\":true}}", 400, "unknown_field",
        "website.spa");
    expectError("PUT", p + "/auth", "{\"publicPaths\":[\"no-slash\"]}", 400, "invalid_field", "publicPaths");
    expectError("POST", p + "/functions/nope/rollback", "{\"revision\":1}", 404, "not_found", null);
    expectError("PATCH", p + "/limits", "{}", 405, "method_not_allowed", null);
    expectError("GET", "/v2/nothing", null, 404, "not_found", null);
    assertTrue(raw("GET " + p + "/functions/%zz HTTP/1.1").startsWith("HTTP/1.1 400"), "malformed %-encoding");
    call("PUT", p + "/functions/echo", OPERATOR, "{\"code\":\"export default async () => 1\"}", 200);
    expectError("POST", p + "/functions/echo/invoke", "{\"headers\":{\"x-a\":null}}", 400, "invalid_field",
        "headers.x-a");
    expectError("POST", p + "/functions/echo/invoke", "{\"headers\":{\"bad name\":\"v\"}}", 400,
        "invalid_field", "headers.bad name");
  }

  // ---------------------------------------------------------------- provisioning failure

  @Test
  void aFailedProvisioningStepIsUndoneAndCanBeRetried() throws Exception {
    storage.failCreateUser = true;
    JsonNode err;
    try {
      err = expectError("POST", "/v1/apps", "{\"appid\":\"failing1\"}", 502, "provisioning_failed", null);
    } finally {
      storage.failCreateUser = false;
    }
    assertEquals("storage", err.at("/error/step").asText());
    JsonNode app = call("GET", "/v1/apps/failing1", OPERATOR, null, 200);
    assertEquals("failed", app.get("state").asText());
    assertEquals("storage", app.at("/status/step").asText());
    // the database step done before it was undone: nothing half-created
    assertTrue(databases.calls.indexOf("removeUser failing1") > databases.calls.indexOf("create failing1"));
    assertFalse(storage.users.containsKey("failing1"));
    // a failed app gets no route: the controller routes only running apps
    assertFalse(appRecord("failing1").running());

    // retried by the reconciler (or POST /provision): every step is idempotent
    tenancy.reconciler().pass();
    assertEquals("running", call("GET", "/v1/apps/failing1", OPERATOR, null, 200).get("state").asText());
    assertTrue(storage.users.containsKey("failing1"));
    call("POST", "/v1/apps/failing1/provision", OPERATOR, null, 200); // no-op when already running
  }

  @Test
  void anUnexpectedErrorMidwayIsUndoneToo() throws Exception {
    storage.crashCreateUser = true;
    JsonNode err;
    try {
      err = expectError("POST", "/v1/apps", "{\"appid\":\"crashing1\"}", 502, "provisioning_failed", null);
    } finally {
      storage.crashCreateUser = false;
    }
    assertEquals("storage", err.at("/error/step").asText());
    assertTrue(err.at("/error/message").asText().contains("/tokens"), err.toString());
    assertEquals("failed", call("GET", "/v1/apps/crashing1", OPERATOR, null, 200).get("state").asText());
    assertTrue(databases.calls.indexOf("removeUser crashing1") > databases.calls.indexOf("create crashing1"));
    call("POST", "/v1/apps/crashing1/provision", OPERATOR, null, 200);
    assertEquals("running", call("GET", "/v1/apps/crashing1", OPERATOR, null, 200).get("state").asText());
  }

  // ---------------------------------------------------------------- appids that must not be reused

  @Test
  void reservedAndRetiredAppidsAreRefused() throws Exception {
    for (String reserved : new String[] {"inkwell", "admin", "local", "config", "system1"}) {
      expectError("POST", "/v1/apps", "{\"appid\":\"" + reserved + "\"}", 409, "conflict", "appid");
    }
    call("POST", "/v1/apps", OPERATOR, "{\"appid\":\"keepme\"}", 201);
    client.getDatabase("keepme").getCollection("notes").insertOne(new Document("secret", "of the first owner"));
    call("DELETE", "/v1/apps/keepme", OPERATOR, null, 200);
    // its data was kept: a new app of that name would inherit it
    expectError("POST", "/v1/apps", "{\"appid\":\"keepme\"}", 409, "conflict", "appid");
    JsonNode purged = call("DELETE", "/v1/apps/keepme?deleteData=true&confirm=keepme", OPERATOR, null, 200);
    assertTrue(purged.get("dataDeleted").asBoolean());
    assertTrue(databases.calls.contains("drop keepme"));
    call("POST", "/v1/apps", OPERATOR, "{\"appid\":\"keepme\"}", 201);
    assertEquals(0, client.getDatabase("keepme").getCollection("notes").countDocuments());
  }

  @Test
  void developerTokensCanBeListedAndRevoked() throws Exception {
    JsonNode created = call("POST", "/v1/apps", OPERATOR, "{}", 201);
    String appid = created.get("appid").asText();
    String first = created.get("developerToken").asText();
    JsonNode second = call("POST", "/v1/apps/" + appid + "/tokens", first, null, 201);
    assertEquals(2, call("GET", "/v1/apps/" + appid + "/tokens", first, null, 200).get("tokens").size());
    String firstId = call("GET", "/v1/apps/" + appid + "/tokens", first, null, 200).at("/tokens/0/id").asText();
    call("DELETE", "/v1/apps/" + appid + "/tokens/" + firstId, second.get("developerToken").asText(), null, 200);
    call("GET", "/v1/apps/" + appid, first, null, 401);
    call("GET", "/v1/apps/" + appid, second.get("developerToken").asText(), null, 200);
    call("DELETE", "/v1/apps/" + appid + "/tokens/nope", OPERATOR, null, 404);
  }

  // ---------------------------------------------------------------- quota

  @Test
  void overItsDatabaseQuotaAnAppBecomesReadOnlyAndBackWhenItShrinks() throws Exception {
    String appid = call("POST", "/v1/apps", OPERATOR, "{\"databaseQuotaMiB\":1}", 201).get("appid").asText();
    var data = client.getDatabase(appid).getCollection("big");
    String kb = "x".repeat(1024);
    java.util.List<Document> docs = new java.util.ArrayList<>();
    for (int i = 0; i < 1500; i++) {
      docs.add(new Document("i", i).append("pad", kb));
    }
    data.insertMany(docs);
    tenancy.reconciler().pass();
    assertTrue(databases.calls.contains("readOnly " + appid + " true"), databases.calls.toString());
    JsonNode quota = call("GET", "/v1/apps/" + appid, OPERATOR, null, 200).get("quota");
    assertTrue(quota.get("readOnly").asBoolean(), quota.toString());
    assertTrue(quota.get("usedBytes").asLong() > 1024 * 1024, quota.toString());
    data.drop();
    tenancy.reconciler().pass();
    assertTrue(databases.calls.contains("readOnly " + appid + " false"), databases.calls.toString());
    assertFalse(call("GET", "/v1/apps/" + appid, OPERATOR, null, 200).at("/quota/readOnly").asBoolean());
    expectError("POST", "/v1/apps", "{\"databaseQuotaMiB\":0}", 400, "invalid_field", "databaseQuotaMiB");
  }

  // ---------------------------------------------------------------- the API description

  @Test
  void openApiDescribesEveryRouteAndNothingElse() throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/openapi.json")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
    JsonNode doc = JSON.readTree(r.body());
    assertEquals("3.1.0", doc.get("openapi").asText());
    Set<String> described = new HashSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = doc.get("paths").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> p = it.next();
      p.getValue().fieldNames().forEachRemaining(m -> described.add(m.toUpperCase() + " " + p.getKey()));
    }
    Set<String> served = new HashSet<>();
    for (var route : new dev.inkwell.tenancy.api.ControlApi(null, null, null, null, null, null).router().routes()) {
      served.add(route.method() + " " + route.template().replace("+}", "}"));
    }
    assertEquals(served, described);
  }

  // ---------------------------------------------------------------- helpers

  private static App appRecord(String appid) {
    return App.fromDocument(client.getDatabase("inkwell").getCollection("apps").find(new Document("_id", appid)).first());
  }

  private static String invokeUntil(String appid, String token, String expected) throws Exception {
    String name = expected.substring(3);
    long deadline = System.nanoTime() + 10_000_000_000L;
    String got = null;
    while (System.nanoTime() < deadline) {
      JsonNode r = call("POST", "/v1/apps/" + appid + "/functions/hello/invoke", token,
          "{\"query\":{\"name\":\"" + name + "\"}}", 200);
      got = r.at("/body/greeting").asText();
      if (expected.equals(got)) {
        return got;
      }
      Thread.sleep(50);
    }
    return got;
  }

  private static JsonNode waitForLogs(String appid, String token) throws Exception {
    long deadline = System.nanoTime() + 5_000_000_000L;
    JsonNode logs;
    do {
      logs = call("GET", "/v1/apps/" + appid + "/logs?function=hello&limit=10", token, null, 200);
      if (logs.get("logs").size() > 0) {
        return logs;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("no function logs: " + logs);
  }

  private static JsonNode expectError(String method, String path, String body, int status, String code, String field)
      throws Exception {
    JsonNode err = call(method, path, OPERATOR, body, status);
    assertEquals(code, err.at("/error/code").asText(), err.toString());
    assertNotNull(err.at("/error/message").asText());
    if (field != null) {
      assertEquals(field, err.at("/error/field").asText(), err.toString());
    }
    return err;
  }

  /** A request the JDK client refuses to send (a malformed URI): the first line of the answer. */
  private static String raw(String requestLine) throws Exception {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", tenancy.port())) {
      socket.getOutputStream().write((requestLine + "\r\nHost: x\r\nAuthorization: Bearer " + OPERATOR
          + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  private static String json(Object o) throws Exception {
    return JSON.writeValueAsString(o);
  }

  static JsonNode call(String method, String path, String token, String body, int status) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path.replace(" ", "%20")))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(status, r.statusCode(), method + " " + path + " -> " + r.body());
    return JSON.readTree(r.body());
  }
}
