package dev.inkwell.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inkwell.tenancy.cli.Cli;
import dev.inkwell.tenancy.cli.Context;
import dev.inkwell.tenancy.service.Invoker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone platform end to end, as a newcomer uses it: the CLI (in-process, with the dev platform's files for
 * URL and token) against the control API, and plain HTTP through the local edge at {@code <appid>.localhost}. Real
 * parts throughout; the embedded MongoDB (mongo-java-server, H2 file) and S3 (s3proxy, filesystem) are the stand-ins
 * standalone mode itself runs on.
 */
class StandalonePlatformIT {

  static {
    Invoker.allowHostHeader(); // before the first HttpClient: requests set Host to <appid>.localhost
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir
  Path dir;

  @Test
  void fromAppCreationToLimitsAndSitesSurvivingARestart() throws Exception {
    Path data = dir.resolve(".inkwell");
    DevPlatform platform = DevPlatform.start(new DevPlatform.Options(data, "127.0.0.1", 0, 0, 0, true));
    String appid;
    try {
      int port = platform.httpPort();
      // the demo app is there
      assertEquals("Hello from Inkwell, you!", waitFor(port, "demo", "/hello?name=you", r -> r.statusCode() == 200).body());

      // create an app with the CLI; --json prints the appid
      Run created = cli("app", "create", "blog", "--json");
      assertEquals(0, created.code, created.err);
      appid = JSON.readTree(created.out).get("appid").asText();

      // push a folder of functions (JS and TS)
      Path fns = dir.resolve("fns");
      Files.createDirectories(fns.resolve("api"));
      Files.writeString(fns.resolve("hello.js"), "export default async function (ctx) { return 'hello v1' }\n");
      Files.writeString(fns.resolve("api/users.ts"), """
          interface User { name: string }
          export default async function (ctx: FunctionContext): Promise<User[]> {
            return [{ name: 'ada' }]
          }
          """);
      Run pushed = cli("fn", "push", appid, fns.toString());
      assertEquals(0, pushed.code, pushed.out + pushed.err);
      assertEquals("hello v1", waitFor(port, appid, "/hello", r -> r.statusCode() == 200).body());
      HttpResponse<String> users = get(port, appid, "/api/users", Map.of());
      assertEquals(200, users.statusCode(), users.body());
      assertEquals("ada", JSON.readTree(users.body()).get(0).get("name").asText());

      // publish a new version: the next calls see it
      Files.writeString(fns.resolve("hello.js"), "export default async function (ctx) { return 'hello v2' }\n");
      assertEquals(0, cli("fn", "push", appid, fns.toString()).code);
      waitFor(port, appid, "/hello", r -> r.body().equals("hello v2"));

      // auth policy: only /public is open; a key lets the others through
      Files.writeString(fns.resolve("public.js"), "export default async function () { return 'open' }\n");
      assertEquals(0, cli("fn", "push", appid, fns.toString()).code);
      assertEquals(0, cli("auth", "set", appid, "--public", "/public").code);
      HttpResponse<String> denied = waitFor(port, appid, "/hello", r -> r.statusCode() == 401);
      assertTrue(denied.headers().firstValue("www-authenticate").isPresent());
      assertEquals(200, waitFor(port, appid, "/public", r -> r.statusCode() == 200).statusCode());
      Run key = cli("keys", "create", appid, "--id", "ci", "--json");
      assertEquals(0, key.code, key.err);
      String apiKey = JSON.readTree(key.out).get("key").asText();
      assertEquals("hello v2", waitFor(port, appid, "/hello", Map.of("X-API-Key", apiKey),
          r -> r.statusCode() == 200).body());
      assertEquals(0, cli("auth", "set", appid, "--public", "/*").code);
      waitFor(port, appid, "/hello", r -> r.statusCode() == 200);

      // rate limit: 429 with the headers after the burst; raising it passes within a second, no restart
      assertEquals(0, cli("limits", "set", appid, "--rate", "1", "--burst", "3").code);
      HttpResponse<String> limited = waitFor(port, appid, "/hello", r -> r.statusCode() == 429);
      assertEquals("3", limited.headers().firstValue("x-ratelimit-limit").orElse(null));
      assertTrue(limited.headers().firstValue("retry-after").isPresent());
      assertTrue(limited.headers().firstValue("x-ratelimit-reset").isPresent());
      long raised = System.nanoTime();
      assertEquals(0, cli("limits", "set", appid, "--rate", "1000", "--burst", "1000").code);
      waitFor(port, appid, "/hello", r -> r.statusCode() == 200);
      long ms = (System.nanoTime() - raised) / 1_000_000;
      assertTrue(ms < 1500, "the raised limit took " + ms + " ms to apply");

      // a bucket site: index.html, assets with their types, SPA fallback; a private bucket is not served
      Path site = dir.resolve("site");
      Files.createDirectories(site.resolve("assets"));
      Files.writeString(site.resolve("index.html"), "<!doctype html><title>blog</title><h1>Blog</h1>");
      Files.writeString(site.resolve("assets/app.js"), "console.log('blog')");
      Files.writeString(site.resolve("assets/style.css"), "h1 { color: red }");
      assertEquals(0, cli("bucket", "create", appid, "www", "--policy", "readonly", "--spa").code);
      Run upload = cli("bucket", "upload", appid, "www", site.toString());
      assertEquals(0, upload.code, upload.err);
      String host = appid + "-www";
      HttpResponse<String> index = waitFor(port, host, "/", r -> r.statusCode() == 200);
      assertTrue(index.body().contains("<h1>Blog</h1>"));
      assertTrue(index.headers().firstValue("content-type").orElse("").startsWith("text/html"));
      assertTrue(get(port, host, "/assets/app.js", Map.of()).headers().firstValue("content-type").orElse("")
          .contains("javascript"));
      assertTrue(get(port, host, "/assets/style.css", Map.of()).headers().firstValue("content-type").orElse("")
          .startsWith("text/css"));
      HttpResponse<String> spa = get(port, host, "/posts/42", Map.of());
      assertEquals(200, spa.statusCode());
      assertTrue(spa.body().contains("<h1>Blog</h1>"));
      assertEquals(0, cli("bucket", "create", appid, "secret", "--policy", "private").code);
      assertEquals(0, cli("bucket", "upload", appid, "secret", site.toString()).code);
      assertEquals(404, get(port, appid + "-secret", "/", Map.of()).statusCode());
    } finally {
      platform.close();
    }

    // restart on the same folder: apps, functions, limits, buckets and objects are all still there
    DevPlatform again = DevPlatform.start(new DevPlatform.Options(data, "127.0.0.1", 0, 0, 0, true));
    try {
      int port = again.httpPort();
      assertEquals("hello v2", waitFor(port, appid, "/hello", r -> r.statusCode() == 200).body());
      assertEquals("1000", get(port, appid, "/hello", Map.of()).headers().firstValue("x-ratelimit-limit").orElse(null));
      assertTrue(waitFor(port, appid + "-www", "/", r -> r.statusCode() == 200).body().contains("<h1>Blog</h1>"));
      Run list = cli("app", "list", "--json");
      assertEquals(0, list.code, list.err);
      assertTrue(list.out.contains(appid));
    } finally {
      again.close();
    }
  }

  // ---------------------------------------------------------------- helpers

  private record Run(int code, String out, String err) {
  }

  /** The CLI as `./inkwell` runs it, in this directory: URL and token from {@code .inkwell/}. */
  private Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Cli.run(new Context(new PrintWriter(out, true), new PrintWriter(err, true), Map.of(), dir, dir, false,
        Context.newHttpClient()), args);
    return new Run(code, out.toString(), err.toString());
  }

  private HttpResponse<String> get(int port, String host, String path, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Host", host + ".localhost:" + port);
    headers.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> waitFor(int port, String host, String path, Predicate<HttpResponse<String>> ok)
      throws Exception {
    return waitFor(port, host, path, Map.of(), ok);
  }

  /** Routes follow records within milliseconds; allow a few seconds on a loaded machine. */
  private HttpResponse<String> waitFor(int port, String host, String path, Map<String, String> headers,
      Predicate<HttpResponse<String>> ok) throws Exception {
    long deadline = System.nanoTime() + 15_000_000_000L;
    HttpResponse<String> r;
    do {
      r = get(port, host, path, headers);
      if (ok.test(r)) {
        return r;
      }
      Thread.sleep(20);
    } while (System.nanoTime() < deadline);
    throw new AssertionError(host + path + ": last answer " + r.statusCode() + " " + r.body());
  }
}
