package dev.inkwell.standalone.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import dev.inkwell.controller.desired.Desired;
import dev.inkwell.controller.desired.DesiredRoutes;
import dev.inkwell.controller.desired.RecordKey;
import dev.inkwell.controller.desired.Settings;
import dev.inkwell.controller.election.Leadership;
import dev.inkwell.controller.reconcile.Change;
import dev.inkwell.controller.reconcile.StoredRoute;
import dev.inkwell.records.App;
import dev.inkwell.records.Bucket;
import dev.inkwell.standalone.routes.InProcessRouteStore;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.BlobStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The local edge against real servers on loopback: a JDK HttpServer stands in for the runtime, s3proxy (in-process,
 * transient-nio2) stands in for MinIO. Routes are the real controller's {@link DesiredRoutes} of App and Bucket
 * records, written into the in-process store the way the reconciler writes them.
 */
class LocalEdgeIT {

  static final String API_KEY = "ink_test_key_0123456789";
  static final String BIG = "0123456789".repeat(1000);
  static final AtomicReference<Headers> SEEN = new AtomicReference<>();
  static final AtomicLong TICKER = new AtomicLong(1_000_000_000L);

  static HttpServer runtime;
  static S3Proxy s3;
  static InProcessRouteStore routes;
  static LocalEdge edge;
  static DesiredRoutes desired;
  static HttpClient http;
  static int deadPort;
  static ServerSocket wsUpstream;

  @BeforeAll
  static void start() throws Exception {
    runtime = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    runtime.createContext("/", ex -> {
      SEEN.set(ex.getRequestHeaders());
      byte[] in = ex.getRequestBody().readAllBytes();
      byte[] out = ("hello from " + ex.getRequestURI() + (in.length > 0 ? " got " + new String(in,
          StandardCharsets.UTF_8) : "")).getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "text/plain");
      ex.sendResponseHeaders(200, out.length);
      ex.getResponseBody().write(out);
      ex.close();
    });
    runtime.start();

    BlobStore blobs = BlobStores.create("transient-nio2", new Properties());
    s3 = S3Proxy.builder().endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "platform-key", "platform-secret").blobStore(blobs).build();
    s3.start();
    while (!"STARTED".equals(s3.getState())) {
      Thread.sleep(10);
    }
    URI s3Uri = URI.create("http://127.0.0.1:" + s3.getPort());
    MinioClient minio = MinioClient.builder().endpoint(s3Uri.toString()).region("us-east-1")
        .credentials("platform-key", "platform-secret").build();
    for (String b : List.of("app1-site", "app1-spa", "app1-private")) {
      minio.makeBucket(MakeBucketArgs.builder().bucket(b).build());
    }
    put(minio, "app1-site", "index.html", "<h1>home</h1>", "text/html");
    put(minio, "app1-site", "app.js", "console.log('hi')", null);
    put(minio, "app1-site", "docs/index.html", "<h1>docs</h1>", "text/html");
    put(minio, "app1-site", "big.txt", BIG, null);
    put(minio, "app1-spa", "index.html", "<h1>spa</h1>", "text/html");
    put(minio, "app1-private", "index.html", "secret", "text/html");

    try (ServerSocket s = new ServerSocket(0)) {
      deadPort = s.getLocalPort();
    }
    wsUpstream = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
    Thread.ofVirtual().start(LocalEdgeIT::echoAfterUpgrade);
    desired = new DesiredRoutes(new Settings("localhost", "oss.localhost", "127.0.0.1:" + s3.getPort(),
        "127.0.0.1:" + runtime.getAddress().getPort(), null));
    routes = new InProcessRouteStore();
    write(RecordKey.app("app1"), app("app1", App.Auth.PUBLIC, null, null));
    write(RecordKey.app("locked"), app("locked", new App.Auth(List.of("/public/*"), List.of(),
        List.of(new App.ApiKey("ci", sha256(API_KEY)))), null, null));
    write(RecordKey.app("limited"), app("limited", App.Auth.PUBLIC, new App.Limits(1, 2, null, false), null));
    write(RecordKey.app("down"), app("down", App.Auth.PUBLIC, null, "127.0.0.1:" + deadPort));
    write(RecordKey.app("ws"), app("ws", App.Auth.PUBLIC, null, "127.0.0.1:" + wsUpstream.getLocalPort()));
    write(RecordKey.bucket("app1-site"), Bucket.of("app1", "site", Bucket.Policy.READONLY, Bucket.Website.PLAIN)
        .toDocument());
    write(RecordKey.bucket("app1-spa"), Bucket.of("app1", "spa", Bucket.Policy.READONLY, Bucket.Website.SPA)
        .toDocument());
    write(RecordKey.bucket("app1-private"), Bucket.of("app1", "private", Bucket.Policy.PRIVATE, null).toDocument());

    edge = LocalEdge.start(new EdgeConfig("127.0.0.1", 0, 1), routes,
        S3ObjectSource.of(s3Uri, "us-east-1", "platform-key", "platform-secret"), Clock.systemUTC(), TICKER::get);
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  @AfterAll
  static void stop() throws Exception {
    if (edge != null) {
      edge.close();
    }
    if (s3 != null) {
      s3.stop();
    }
    if (runtime != null) {
      runtime.stop(0);
    }
    if (wsUpstream != null) {
      wsUpstream.close();
    }
  }

  /** A WebSocket upstream reduced to its wire: answers the upgrade with 101, then echoes bytes in upper case. */
  static void echoAfterUpgrade() {
    while (!wsUpstream.isClosed()) {
      try (java.net.Socket s = wsUpstream.accept()) {
        String head = readHead(s.getInputStream());
        if (!head.toLowerCase(java.util.Locale.ROOT).contains("upgrade: websocket")) {
          s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes());
          continue;
        }
        s.getOutputStream().write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        byte[] buf = new byte[256];
        int n;
        while ((n = s.getInputStream().read(buf)) > 0) {
          s.getOutputStream().write(new String(buf, 0, n, StandardCharsets.US_ASCII).toUpperCase(java.util.Locale.ROOT)
              .getBytes(StandardCharsets.US_ASCII));
        }
      } catch (java.io.IOException e) {
        // closed at the end of the test class, or the edge dropped the connection
      }
    }
  }

  static String readHead(java.io.InputStream in) throws java.io.IOException {
    StringBuilder sb = new StringBuilder();
    while (!sb.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        throw new java.io.EOFException(sb.toString());
      }
      sb.append((char) c);
    }
    return sb.toString();
  }

  static org.bson.Document app(String appid, App.Auth auth, App.Limits limits, String upstream) {
    return new App(appid, appid, App.RUNNING, limits, auth, upstream, Instant.EPOCH, Instant.EPOCH).toDocument();
  }

  /** The controller's desired route for a record, written as a reconciler would (conditional on the revision). */
  static void write(RecordKey key, org.bson.Document record) {
    Desired d = desired.of(key, record);
    if (!(d instanceof Desired.Route r)) {
      return; // absent (e.g. a private bucket): the controller writes nothing
    }
    StoredRoute now = routes.get(List.of(key.routeId())).get(key.routeId());
    var result = routes.apply(List.of(new Change.Put(key.routeId(), r.body(), now == null ? 0 : now.modRevision())),
        Leadership.Guard.NONE);
    assertInstanceOf(dev.inkwell.controller.reconcile.WriteResult.Written.class, result.getFirst());
  }

  static void put(MinioClient m, String bucket, String key, String body, String type) throws Exception {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    PutObjectArgs.Builder a = PutObjectArgs.builder().bucket(bucket).object(key)
        .stream(new ByteArrayInputStream(b), (long) b.length, null);
    if (type != null) {
      a.contentType(type);
    }
    m.putObject(a.build());
  }

  static String sha256(String s) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  static HttpRequest.Builder req(String host, String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edge.port() + path)).header("Host", host);
  }

  static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> get(String host, String path) throws Exception {
    return send(req(host, path));
  }

  @Test
  void proxiesToTheRuntimeWithoutForgedIdentityHeaders() throws Exception {
    HttpResponse<String> r = send(req("app1.localhost:" + edge.port(), "/hello?x=1")
        .header("X-Inkwell-User", "admin").header("X-Inkwell-Auth", "jwt"));
    assertEquals(200, r.statusCode());
    assertEquals("hello from /hello?x=1", r.body());
    Headers seen = SEEN.get();
    assertNull(seen.getFirst("X-Inkwell-User"));
    assertNull(seen.getFirst("X-Inkwell-Auth"));
    assertEquals("app1.localhost:" + edge.port(), seen.getFirst("Host")); // pass_host: pass
    assertEquals("127.0.0.1", seen.getFirst("X-Forwarded-For"));
    assertEquals("http", seen.getFirst("X-Forwarded-Proto"));
  }

  @Test
  void streamsRequestBodiesToTheRuntime() throws Exception {
    HttpResponse<String> r = send(req("app1.localhost", "/echo").POST(HttpRequest.BodyPublishers.ofString("payload")));
    assertEquals(200, r.statusCode());
    assertEquals("hello from /echo got payload", r.body());
  }

  @Test
  void streamsLargeChunkedBodiesBothWays() throws Exception {
    String big = "x".repeat(2 * 1024 * 1024);
    HttpResponse<String> r = send(req("app1.localhost", "/big").POST(HttpRequest.BodyPublishers.ofInputStream(
        () -> new ByteArrayInputStream(big.getBytes(StandardCharsets.US_ASCII))))); // no length: chunked
    assertEquals(200, r.statusCode());
    assertEquals("hello from /big got " + big, r.body());
  }

  @Test
  void rejectsWithoutCredentialsAndPassesAValidApiKey() throws Exception {
    HttpResponse<String> none = get("locked.localhost", "/private");
    assertEquals(401, none.statusCode());
    assertEquals("Bearer realm=\"locked\"", none.headers().firstValue("WWW-Authenticate").orElseThrow());
    assertTrue(none.body().contains("unauthorized"));

    HttpResponse<String> wrong = send(req("locked.localhost", "/private").header("X-API-Key", "nope"));
    assertEquals(401, wrong.statusCode());

    HttpResponse<String> ok = send(req("locked.localhost", "/private").header("X-API-Key", API_KEY)
        .header("X-Inkwell-Key-Id", "forged"));
    assertEquals(200, ok.statusCode());
    assertEquals("ci", SEEN.get().getFirst("X-Inkwell-Key-Id"));
    assertEquals("api-key", SEEN.get().getFirst("X-Inkwell-Auth"));

    assertEquals(200, get("locked.localhost", "/public/page").statusCode());
  }

  @Test
  void rateLimitsAfterTheBurstAndAppliesANewLimitWithoutRestart() throws Exception {
    HttpResponse<String> first = get("limited.localhost", "/");
    assertEquals(200, first.statusCode());
    assertEquals("2", first.headers().firstValue("X-RateLimit-Limit").orElseThrow());
    assertEquals("1", first.headers().firstValue("X-RateLimit-Remaining").orElseThrow());
    assertEquals(200, get("limited.localhost", "/").statusCode());
    HttpResponse<String> third = get("limited.localhost", "/");
    assertEquals(429, third.statusCode());
    assertEquals("0", third.headers().firstValue("X-RateLimit-Remaining").orElseThrow());
    assertNotNull(third.headers().firstValue("X-RateLimit-Reset").orElse(null));
    assertEquals("1", third.headers().firstValue("Retry-After").orElseThrow());
    assertTrue(third.body().contains("rate_limited"));

    // The operator raises the limit: a new route revision, a new conf, the same counters. The bucket is empty, and the
    // runner keeps its level across a limit change, so the next request still finds no token, but is already judged
    // by the new limit; one new interval (1 ms) later a request passes, where the old limit would reject for a second.
    write(RecordKey.app("limited"), app("limited", App.Auth.PUBLIC, new App.Limits(1000, 50, null, false), null));
    HttpResponse<String> judgedByNewLimit = get("limited.localhost", "/");
    assertEquals("50", judgedByNewLimit.headers().firstValue("X-RateLimit-Limit").orElseThrow());
    TICKER.addAndGet(2_000_000L);
    HttpResponse<String> after = get("limited.localhost", "/");
    assertEquals(200, after.statusCode());
    assertEquals("50", after.headers().firstValue("X-RateLimit-Limit").orElseThrow());
  }

  @Test
  void servesASiteIndexWithItsContentType() throws Exception {
    HttpResponse<String> r = get("app1-site.oss.localhost", "/");
    assertEquals(200, r.statusCode());
    assertEquals("<h1>home</h1>", r.body());
    assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
    assertEquals("no-cache", r.headers().firstValue("Cache-Control").orElseThrow());
    assertEquals("<h1>docs</h1>", get("app1-site.oss.localhost", "/docs/").body());
  }

  @Test
  void servesAssetsWithATypeFromTheExtension() throws Exception {
    HttpResponse<String> r = get("app1-site.oss.localhost", "/app.js");
    assertEquals(200, r.statusCode());
    assertEquals("console.log('hi')", r.body());
    assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("application/javascript"));
  }

  @Test
  void answersNotModifiedForTheCurrentEtag() throws Exception {
    HttpResponse<String> r = get("app1-site.oss.localhost", "/app.js");
    String etag = r.headers().firstValue("ETag").orElseThrow();
    HttpResponse<String> again = send(req("app1-site.oss.localhost", "/app.js").header("If-None-Match", etag));
    assertEquals(304, again.statusCode());
    assertEquals("", again.body());
    assertEquals(etag, again.headers().firstValue("ETag").orElseThrow());
    assertEquals(200, send(req("app1-site.oss.localhost", "/app.js").header("If-None-Match", "\"other\""))
        .statusCode());
  }

  @Test
  void servesByteRanges() throws Exception {
    HttpResponse<String> r = send(req("app1-site.oss.localhost", "/big.txt").header("Range", "bytes=10-19"));
    assertEquals(206, r.statusCode());
    assertEquals("0123456789", r.body());
    assertEquals("bytes 10-19/10000", r.headers().firstValue("Content-Range").orElseThrow());
    HttpResponse<String> tail = send(req("app1-site.oss.localhost", "/big.txt").header("Range", "bytes=-3"));
    assertEquals("789", tail.body());
    HttpResponse<String> past = send(req("app1-site.oss.localhost", "/big.txt").header("Range", "bytes=20000-"));
    assertEquals(416, past.statusCode());
    assertEquals("bytes */10000", past.headers().firstValue("Content-Range").orElseThrow());
    assertEquals(BIG, get("app1-site.oss.localhost", "/big.txt").body());
  }

  @Test
  void answersNotFoundForAMissingKeyWithoutSpaFallback() throws Exception {
    assertEquals(404, get("app1-site.oss.localhost", "/nope.js").statusCode());
    assertEquals(404, get("app1-site.oss.localhost", "/some/route").statusCode());
  }

  @Test
  void fallsBackToIndexForExtensionlessPathsWhenTheSiteIsASinglePageApp() throws Exception {
    HttpResponse<String> r = get("app1-spa.oss.localhost", "/users/42");
    assertEquals(200, r.statusCode());
    assertEquals("<h1>spa</h1>", r.body());
    assertEquals(404, get("app1-spa.oss.localhost", "/missing.png").statusCode());
  }

  @Test
  void refusesWritesToASite() throws Exception {
    HttpResponse<String> r = send(req("app1-site.oss.localhost", "/app.js")
        .PUT(HttpRequest.BodyPublishers.ofString("x")));
    assertEquals(405, r.statusCode());
  }

  @Test
  void answersNotFoundForAPrivateBucketAndAnUnknownHost() throws Exception {
    assertEquals(404, get("app1-private.oss.localhost", "/").statusCode());
    HttpResponse<String> r = get("nobody.localhost", "/");
    assertEquals(404, r.statusCode());
    assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
  }

  @Test
  void passesWebSocketUpgradesThroughAndRelaysBytes() throws Exception {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", edge.port())) {
      s.setSoTimeout(5000);
      s.getOutputStream().write(("GET /ws HTTP/1.1\r\nHost: ws.localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      String head = readHead(s.getInputStream());
      assertTrue(head.startsWith("HTTP/1.1 101"), head);
      s.getOutputStream().write("frames".getBytes(StandardCharsets.US_ASCII));
      byte[] back = s.getInputStream().readNBytes(6);
      assertEquals("FRAMES", new String(back, StandardCharsets.US_ASCII));
    }
  }

  @Test
  void answersBadGatewayWhenTheRuntimeIsDown() throws Exception {
    HttpResponse<String> r = get("down.localhost", "/");
    assertEquals(502, r.statusCode());
    assertTrue(r.body().contains("bad_gateway"));
  }
}
