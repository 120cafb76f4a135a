package dev.inkwell.runtime.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Laf-style function corpus against a real runtime and the MongoDB stand-in (see {@link RuntimeHarness}). Each test
 * publishes its own function names, so tests share one runtime.
 */
class FunctionsIT {

  static RuntimeHarness h;

  @BeforeAll
  static void start() throws InterruptedException {
    h = RuntimeHarness.single(2, Duration.ofSeconds(10));
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  @Test
  void servesHelloAsText() {
    h.publish("hello", "export default async function (ctx: FunctionContext) { return 'hello ' + (ctx.query.name ?? 'world') }");
    HttpResponse<String> r = h.await("/hello?name=ink", x -> x.statusCode() == 200);
    assertEquals("hello ink", r.body());
    assertEquals("text/plain; charset=utf-8", r.headers().firstValue("content-type").orElseThrow());
  }

  @Test
  void echoesJsonWithAFieldAdded() {
    h.publish("echo", """
        export default async function (ctx) {
          return { ...ctx.body, seen: true, method: ctx.method }
        }
        """);
    h.await("/echo", x -> x.statusCode() == 200);
    HttpResponse<String> r = h.post("/echo", "application/json", "{\"a\":1,\"list\":[1,2]}");
    assertEquals(200, r.statusCode());
    assertEquals("{\"a\":1,\"list\":[1,2],\"seen\":true,\"method\":\"POST\"}", r.body());
    assertTrue(r.headers().firstValue("content-type").orElseThrow().startsWith("application/json"));
  }

  @Test
  void rejectsMalformedJsonWith400() {
    h.publish("strict", "export default async function (ctx) { return ctx.body }");
    h.await("/strict", x -> x.statusCode() == 200);
    HttpResponse<String> r = h.post("/strict", "application/json", "{not json");
    assertEquals(400, r.statusCode());
    assertTrue(r.body().contains("invalid JSON body"), r.body());
  }

  @Test
  void parsesFormAndTextBodies() {
    h.publish("bodies", "export default async function (ctx) { return { type: typeof ctx.body, body: ctx.body } }");
    h.await("/bodies", x -> x.statusCode() == 200);
    assertEquals("{\"type\":\"object\",\"body\":{\"a\":\"1\",\"b\":[\"x\",\"y\"]}}",
        h.post("/bodies", "application/x-www-form-urlencoded", "a=1&b=x&b=y").body());
    assertEquals("{\"type\":\"string\",\"body\":\"plain\"}", h.post("/bodies", "text/plain", "plain").body());
  }

  @Test
  void binaryBodyIsABuffer() {
    h.publish("binary", "export default async function (ctx) { return [Buffer.isBuffer(ctx.body), ctx.body.toString('hex')] }");
    h.await("/binary", x -> x.statusCode() != 404);
    assertEquals("[true,\"6869\"]", h.post("/binary", "application/octet-stream", "hi").body());
  }

  @Test
  void returnsBytesAsOctetStream() {
    h.publish("bytes", "export default async function () { return new Uint8Array([104, 105]) }");
    HttpResponse<String> r = h.await("/bytes", x -> x.statusCode() == 200);
    assertEquals("hi", r.body());
    assertEquals("application/octet-stream", r.headers().firstValue("content-type").orElseThrow());
  }

  @Test
  void undefinedResultIs204() {
    h.publish("nothing", "export default async function () { }");
    HttpResponse<String> r = h.await("/nothing", x -> x.statusCode() != 404);
    assertEquals(204, r.statusCode());
  }

  @Test
  void awaitsTimersAndPromises() {
    h.publish("slow", """
        const sleep = (ms) => new Promise(resolve => setTimeout(resolve, ms))
        export default async function () {
          const start = Date.now()
          await sleep(50)
          const values = await Promise.all([1, 2, 3].map(async v => { await sleep(5); return v * 2 }))
          return { waited: Date.now() - start >= 50, values }
        }
        """);
    HttpResponse<String> r = h.await("/slow", x -> x.statusCode() == 200);
    assertEquals("{\"waited\":true,\"values\":[2,4,6]}", r.body());
  }

  @Test
  void acceptsLafExportsMainForm() {
    h.publish("legacy", "exports.main = async function (ctx) { return 'legacy ' + ctx.method }");
    assertEquals("legacy GET", h.await("/legacy", x -> x.statusCode() == 200).body());
  }

  @Test
  void importsAnotherFunctionOfTheApp() {
    h.publish("util", "export function greet(name: string) { return 'hi ' + name }\nexport default async function () { return 'util' }");
    h.publish("greeter", """
        import { greet } from '@/util'
        import cloud from '@lafjs/cloud'
        export default async function (ctx) { return greet(cloud.appid) }
        """);
    assertEquals("hi app1", h.await("/greeter", x -> x.statusCode() == 200).body());
    // Republishing the imported function changes the importer's answer: the importer is re-evaluated.
    h.publish("util", "export function greet(name: string) { return 'hello ' + name }\nexport default async function () { return 'util' }");
    assertEquals("hello app1", h.await("/greeter", x -> x.body().startsWith("hello")).body());
  }

  @Test
  void refusesAnImportCycleWithAClearError() {
    h.publish("ping", "import { pong } from '@/pong'\nexport const ping = () => 'ping'\nexport default async function () { return pong() }");
    h.publish("pong", "import { ping } from '@/ping'\nexport const pong = () => 'pong'\nexport default async function () { return ping() }");
    HttpResponse<String> status = h.await("/_/functions", x -> x.body().contains("import cycle"));
    assertTrue(status.body().matches(".*import cycle: (ping -> pong -> ping|pong -> ping -> pong).*"), status.body());
    assertEquals(500, h.get("/pong").statusCode());
    // Breaking the cycle heals both, without republishing the other one.
    h.publish("pong", "export const pong = () => 'pong'\nexport default async function () { return 'pong alone' }");
    assertEquals("pong", h.await("/ping", x -> x.statusCode() == 200).body());
    assertEquals("pong alone", h.get("/pong").body());
  }

  @Test
  void interceptorCanAllowOrDeny() {
    h.publish("guarded", "export default async function () { return 'secret' }");
    h.await("/guarded", x -> x.statusCode() == 200);
    h.publish("__interceptor__", """
        export default async function (ctx, next) {
          if (ctx.headers['x-pass'] !== 'yes') { ctx.response.status(403).send({ error: 'denied' }); return }
          return next(ctx)
        }
        """);
    HttpResponse<String> denied = h.await("/guarded", x -> x.statusCode() == 403);
    assertEquals("{\"error\":\"denied\"}", denied.body());
    HttpResponse<String> allowed = h.send(h.request("/guarded").header("x-pass", "yes").build());
    assertEquals(200, allowed.statusCode());
    assertEquals("secret", allowed.body());
    h.delete("__interceptor__");
    h.await("/guarded", x -> x.statusCode() == 200);
  }

  @Test
  void unknownPathsGoToDefaultFunction() {
    assertEquals(404, h.get("/no-such-function-yet").statusCode());
    h.publish("__default__", "export default async function (ctx) { return 'default for ' + ctx.request.path }");
    assertEquals("default for /no-such-function-yet",
        h.await("/no-such-function-yet", x -> x.statusCode() == 200).body());
    // Special functions are not reachable by their own URL.
    assertEquals("default for /__default__", h.get("/__default__").body());
    h.delete("__default__");
    h.await("/no-such-function-yet", x -> x.statusCode() == 404);
  }

  @Test
  void restrictsMethods() {
    h.publish("postonly", "export default async function () { return 'ok' }", "POST");
    HttpResponse<String> r = h.await("/postonly", x -> x.statusCode() == 405);
    assertEquals("POST", r.headers().firstValue("allow").orElseThrow());
    assertEquals("ok", h.post("/postonly", "text/plain", "").body());
  }

  @Test
  void syntaxErrorKeepsThePreviousVersionServing() {
    h.publish("stable", "export default async function () { return 'v1' }");
    h.await("/stable", x -> x.body().equals("v1"));
    h.publish("stable", "export default async function () {\n  return 'v2'\n  let = ;\n}");
    HttpResponse<String> status = h.await("/_/functions", x -> x.body().contains("SyntaxError"));
    assertTrue(status.body().contains("\"name\":\"stable\",\"status\":\"stale\""), status.body());
    assertTrue(status.body().matches(".*line 3, column \\d+.*"), status.body());
    assertEquals("v1", h.get("/stable").body());
  }

  @Test
  void hotPublishIsSeenByTheNextRequest() {
    h.publish("version", "export default async function () { return 'one' }");
    h.await("/version", x -> x.body().equals("one"));
    h.publish("version", "export default async function () { return 'two' }");
    h.await("/version", x -> x.body().equals("two"));
  }

  @Test
  void requestInFlightFinishesOnTheVersionItStartedWith() throws Exception {
    h.publish("inflight", "export default async function () { await new Promise(r => setTimeout(r, 700)); return 'old' }");
    h.await("/inflight", x -> x.body().equals("old"));
    java.util.concurrent.CompletableFuture<HttpResponse<String>> running =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> h.get("/inflight"));
    Thread.sleep(150);
    h.publish("inflight", "export default async function () { return 'new' }");
    h.await("/inflight", x -> x.body().equals("new"));
    assertEquals("old", running.get().body());
  }

  @Test
  void deletedFunctionAnswers404() {
    h.publish("doomed", "export default async function () { return 'here' }");
    h.await("/doomed", x -> x.statusCode() == 200);
    h.delete("doomed");
    HttpResponse<String> r = h.await("/doomed", x -> x.statusCode() == 404);
    assertEquals("function not found", errorOf(r));
  }

  @Test
  void throwingFunctionGives500WithoutStack() {
    h.publish("thrower", "export default async function () { throw new Error('database password is hunter2') }");
    HttpResponse<String> r = h.await("/thrower", x -> x.statusCode() == 500);
    assertEquals("function failed", errorOf(r));
    assertFalse(r.body().contains("hunter2"), r.body());
    assertFalse(r.body().contains("at "), r.body());
    assertEquals(r.headers().firstValue("x-request-id").orElseThrow(),
        r.body().replaceAll(".*\"requestId\":\"([^\"]+)\".*", "$1"));
  }

  @Test
  void echoesTheCallersRequestId() {
    h.publish("rid", "export default async function (ctx) { return ctx.requestId }");
    h.await("/rid", x -> x.statusCode() == 200);
    HttpResponse<String> r = h.send(h.request("/rid").header("x-request-id", "abc-123").build());
    assertEquals("abc-123", r.body());
    assertEquals("abc-123", r.headers().firstValue("x-request-id").orElseThrow());
  }

  @Test
  void userComesFromAValidBearerTokenOnly() {
    h.publish("whoami", "export default async function (ctx) { return { user: ctx.user } }");
    h.publish("login", """
        import cloud from '@lafjs/cloud'
        export default async function (ctx) { return cloud.getToken({ uid: 'u1', exp: Math.floor(Date.now() / 1000) + 60 }) }
        """);
    String token = h.await("/login", x -> x.statusCode() == 200).body();
    h.await("/whoami", x -> x.statusCode() == 200);
    HttpResponse<String> r = h.send(h.request("/whoami").header("Authorization", "Bearer " + token).build());
    assertTrue(r.body().contains("\"uid\":\"u1\""), r.body());
    HttpResponse<String> forged = h.send(h.request("/whoami").header("Authorization", "Bearer " + token + "x").build());
    assertEquals("{\"user\":null}", forged.body());
  }

  @Test
  void sharedCacheCopiesValuesBetweenCalls() {
    h.publish("counter", """
        import cloud from '@lafjs/cloud'
        export default async function () {
          const v = cloud.shared.get('obj') ?? { n: 0 }
          v.n++
          cloud.shared.set('obj', v)
          return v.n
        }
        """);
    h.await("/counter", x -> x.statusCode() == 200);
    int second = Integer.parseInt(h.get("/counter").body());
    int third = Integer.parseInt(h.get("/counter").body());
    assertEquals(second + 1, third);
  }

  @Test
  void functionsCannotReachHostClassesOrFiles() {
    h.publish("escape", """
        export default async function () {
          const probes = {}
          for (const name of ['Java', 'Polyglot', 'Graal', 'load', 'print', 'quit', 'readline', 'require', 'process']) {
            probes[name] = typeof globalThis[name]
          }
          let hostCall
          try { hostCall = String(cloud.shared.constructor.constructor('return this')().Java) } catch (e) { hostCall = 'blocked' }
          return { probes, hostCall, env: Object.keys(cloud.env).filter(k => k.startsWith('INKWELL') || k === 'SERVER_SECRET') }
        }
        """);
    HttpResponse<String> r = h.await("/escape", x -> x.statusCode() == 200);
    assertEquals("{\"probes\":{\"Java\":\"undefined\",\"Polyglot\":\"undefined\",\"Graal\":\"undefined\","
        + "\"load\":\"undefined\",\"print\":\"undefined\",\"quit\":\"undefined\",\"readline\":\"undefined\","
        + "\"require\":\"undefined\",\"process\":\"undefined\"},\"hostCall\":\"undefined\",\"env\":[]}", r.body());
  }

  @Test
  void envAndAppidReachFunctions() {
    h.publish("env", "import cloud from '@lafjs/cloud'\nexport default async function () { return cloud.appid + ':' + cloud.env.GREETING }");
    assertEquals("app1:hi", h.await("/env", x -> x.statusCode() == 200).body());
  }

  @Test
  void streamsChunkedResponses() {
    h.publish("sse", """
        export default async function (ctx) {
          ctx.response.setHeader('Content-Type', 'text/event-stream')
          for (let i = 0; i < 3; i++) {
            ctx.response.write('data: ' + i + '\\n\\n')
            await new Promise(r => setTimeout(r, 10))
          }
          ctx.response.end()
        }
        """);
    HttpResponse<String> r = h.await("/sse", x -> x.statusCode() == 200);
    assertEquals("data: 0\n\ndata: 1\n\ndata: 2\n\n", r.body());
    assertEquals("text/event-stream", r.headers().firstValue("content-type").orElseThrow());
    assertEquals("chunked", r.headers().firstValue("transfer-encoding").orElse("chunked"));
    assertNull(r.headers().firstValue("content-length").orElse(null));
  }

  @Test
  void responseObjectSetsStatusAndHeaders() {
    h.publish("created", """
        export default async function (ctx) {
          ctx.response.status(201).setHeader('X-Thing', 'yes')
          return { created: true }
        }
        """);
    HttpResponse<String> r = h.await("/created", x -> x.statusCode() != 404);
    assertEquals(201, r.statusCode());
    assertEquals("yes", r.headers().firstValue("x-thing").orElseThrow());
    assertEquals("{\"created\":true}", r.body());
  }

  @Test
  void consoleLogDoesNotBreakTheCall() {
    h.publish("logs", "export default async function () { console.log('hello', { a: 1 }); console.error(new Error('x')); return 'logged' }");
    assertEquals("logged", h.await("/logs", x -> x.statusCode() == 200).body());
  }

  @Test
  void initRunsOnceAfterLoad() {
    h.publish("__init__", "import cloud from '@lafjs/cloud'\nexport default async function () { cloud.shared.set('initialized', 'yes') }");
    h.publish("initcheck", "import cloud from '@lafjs/cloud'\nexport default async function () { return cloud.shared.get('initialized') ?? 'no' }");
    assertEquals("yes", h.await("/initcheck", x -> "yes".equals(x.body())).body());
  }

  @Test
  void exposesHealthAndMetrics() {
    h.publish("measured", "export default async function () { return 1 }");
    h.await("/measured", x -> x.statusCode() == 200);
    assertEquals(200, h.get("/_/healthz").statusCode());
    String metrics = h.get("/_/metrics").body();
    assertTrue(metrics.contains("inkwell_function_invocations_total{app=\"app1\",function=\"measured\"}"), metrics);
    assertTrue(metrics.contains("inkwell_function_duration_seconds_bucket{app=\"app1\",function=\"measured\""), metrics);
    assertTrue(metrics.contains("inkwell_js_engine_optimized "), metrics);
  }

  static String errorOf(HttpResponse<String> r) {
    return r.body().replaceAll(".*\"error\":\"([^\"]*)\".*", "$1");
  }
}
