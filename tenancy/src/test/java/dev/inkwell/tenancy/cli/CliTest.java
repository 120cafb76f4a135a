package dev.inkwell.tenancy.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI against a stand-in of the control API: the requests it sends, its exit codes, the lines scripts rely on. */
class CliTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private ApiStandIn api;
  private final Map<String, String> env = new HashMap<>();
  private boolean terminal;

  record Run(int code, String out, String err) {
  }

  @BeforeEach
  void start() throws IOException {
    api = new ApiStandIn();
    api.answer("GET /v1/apps/a1/keys", 200, "{\"keys\": []}");
    Files.createDirectories(dir.resolve("home"));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Context ctx = new Context(new PrintWriter(out), new PrintWriter(err), env, dir, dir.resolve("home"), terminal,
        Context.newHttpClient());
    int code = Cli.run(ctx, args);
    return new Run(code, out.toString(), err.toString());
  }

  /** {@code args} followed by --url and --token of the stand-in. */
  private Run call(String... args) {
    String[] all = Arrays.copyOf(args, args.length + 4);
    all[args.length] = "--url";
    all[args.length + 1] = api.url().toString();
    all[args.length + 2] = "--token";
    all[args.length + 3] = "op";
    return run(all);
  }

  private static Path write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }

  @Test
  void appCreateWithJsonPrintsAppidAtTheTopLevel() throws IOException {
    api.answer("POST /v1/apps", 201, """
        {"app": {"appid": "blog42", "name": "blog", "state": "running",
                 "url": "http://blog42.localhost"}, "developerToken": "iwd_secret"}""");

    Run r = call("app", "create", "blog", "--appid", "blog42", "--json");

    assertEquals(0, r.code(), r.err());
    JsonNode printed = JSON.readTree(r.out());
    assertEquals("blog42", printed.path("appid").asText());
    assertEquals("http://blog42.localhost", printed.path("url").asText());
    assertEquals("iwd_secret", printed.path("developerToken").asText());
    assertEquals("blog", printed.path("app").path("name").asText());
    ApiStandIn.Request sent = api.requests().getFirst();
    assertEquals(JSON.readTree("{\"name\": \"blog\", \"appid\": \"blog42\"}"), JSON.readTree(sent.body()));
    assertEquals("Bearer op", sent.authorization());
  }

  @Test
  void fnPushPutsEachFunctionFileAndReportsCompileErrorsAsFileLineColumn() throws IOException {
    Path fns = dir.resolve("fns");
    write(fns.resolve("hello.js"), "export default async function () { return 'hi' }");
    write(fns.resolve("api/users.ts"), "export default async function (ctx: any) { return [] }");
    write(fns.resolve("broken.ts"), "export default async function (\n\n  ) {{{");
    write(fns.resolve(".draft.js"), "not a function");
    write(fns.resolve("node_modules/lib/index.js"), "not a function");
    write(fns.resolve("types.d.ts"), "declare const x: number");
    write(fns.resolve("README.md"), "# notes");
    api.answer("GET /v1/apps/a1/functions", 200, "{\"functions\": [{\"name\": \"hello\"}]}")
        .answer("PUT /v1/apps/a1/functions/hello", 200, "{\"function\": {\"name\": \"hello\"}, \"changed\": false}")
        .answer("PUT /v1/apps/a1/functions/api%2Fusers", 200, "{\"function\": {\"name\": \"api/users\"}, \"changed\": true}")
        .answer("PUT /v1/apps/a1/functions/broken", 422, """
            {"error": {"code": "compile_error", "message": "'}' expected.", "line": 3, "column": 7}}""");

    Run r = call("fn", "push", "a1", "fns");

    assertEquals(1, r.code(), "a file that does not compile fails the push");
    List<ApiStandIn.Request> puts = api.requests().stream().filter(q -> q.method().equals("PUT")).toList();
    assertEquals(List.of("/v1/apps/a1/functions/api%2Fusers", "/v1/apps/a1/functions/broken",
        "/v1/apps/a1/functions/hello"), puts.stream().map(ApiStandIn.Request::path).toList());
    assertEquals(Files.readString(fns.resolve("api/users.ts")), JSON.readTree(puts.getFirst().body()).path("code").asText());
    assertTrue(JSON.readTree(puts.getFirst().body()).path("publish").isMissingNode(), "publish defaults to true");
    assertAll(
        () -> assertTrue(r.out().contains("created   1: api/users"), r.out()),
        () -> assertTrue(r.out().contains("updated   0"), r.out()),
        () -> assertTrue(r.out().contains("unchanged 1: hello"), r.out()),
        () -> assertTrue(r.out().contains("failed    1: broken"), r.out()),
        () -> assertEquals("fns/broken.ts:3:7: '}' expected.", r.err().strip()));
  }

  @Test
  void fnPushWithoutPublishSaysSoInEveryBody() throws IOException {
    write(dir.resolve("one.js"), "export default async function () {}");
    api.answer("GET /v1/apps/a1/functions", 200, "{\"functions\": []}")
        .answer("PUT /v1/apps/a1/functions/one", 200, "{\"changed\": true}");

    Run r = call("fn", "push", "a1", "one.js", "--no-publish");

    assertEquals(0, r.code(), r.err());
    assertEquals(false, JSON.readTree(api.requests().get(1).body()).path("publish").asBoolean(true));
  }

  @Test
  void bucketUploadPutsEveryFileWithItsContentTypeAndReportsProgress() throws IOException {
    Path site = dir.resolve("dist");
    write(site.resolve("index.html"), "<!doctype html><title>x</title>");
    write(site.resolve("assets/app.js"), "console.log(1)");
    Files.createDirectories(site.resolve("assets"));
    Files.write(site.resolve("assets/logo.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    write(site.resolve(".DS_Store"), "junk");
    for (String key : List.of("www/index.html", "www/assets/app.js", "www/assets/logo.png")) {
      api.answer("PUT /v1/apps/a1/buckets/site/objects/" + key.replace("/", "%2F"), 200, "{\"key\": \"" + key + "\", \"size\": 1}");
    }

    Run r = call("bucket", "upload", "a1", "site", "dist", "--prefix", "www");

    assertEquals(0, r.code(), r.err());
    Map<String, String> types = new HashMap<>();
    api.requests().forEach(q -> types.put(q.path(), q.contentType()));
    assertEquals(Map.of(
        "/v1/apps/a1/buckets/site/objects/www%2Fassets%2Fapp.js", "text/javascript; charset=utf-8",
        "/v1/apps/a1/buckets/site/objects/www%2Fassets%2Flogo.png", "image/png",
        "/v1/apps/a1/buckets/site/objects/www%2Findex.html", "text/html; charset=utf-8"), types);
    ApiStandIn.Request png = api.requests().stream().filter(q -> q.path().endsWith("logo.png")).findFirst().orElseThrow();
    assertEquals(4, png.body().length);
    // Not a terminal: one line per tenth reached; three files cross 3/10, 6/10 and 10/10.
    assertEquals(List.of("uploaded 1/3 files, 14 B", "uploaded 2/3 files, 18 B", "uploaded 3/3 files, 49 B"),
        r.err().lines().toList());
  }

  @Test
  void uploadProgressIsRedrawnInPlaceOnATerminal() throws IOException {
    terminal = true;
    write(dir.resolve("a.txt"), "a");
    api.answer("PUT /v1/apps/a1/buckets/site/objects/a.txt", 200, "{}");

    Run r = call("bucket", "upload", "a1", "site", "a.txt");

    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().startsWith("\ruploaded 1/1 files, 1 B"), r.err());
  }

  @Test
  void uploadProgressOffATerminalPrintsOneLinePerTenth() {
    StringWriter err = new StringWriter();
    Progress p = new Progress(new PrintWriter(err), false, 40);
    for (int i = 0; i < 40; i++) {
      p.add(30_000);
    }
    List<String> lines = err.toString().lines().toList();
    assertEquals(10, lines.size());
    assertEquals("uploaded 4/40 files, 120.0 kB", lines.getFirst());
    assertEquals("uploaded 40/40 files, 1.2 MB", lines.getLast());
  }

  @Test
  void limitsSetPutsRateBurstKeyAndDryRun() throws IOException {
    api.answer("PUT /v1/apps/a1/limits", 200, """
        {"limits": {"rate": 10, "burst": 20, "key": "http_x-api-key", "dryRun": true},
         "effective": {"rate": 10, "burst": 20, "key": "http_x-api-key", "dryRun": true}}""");

    Run r = call("limits", "set", "a1", "--rate", "10", "--burst", "20", "--key", "http_x-api-key", "--dry-run");

    assertEquals(0, r.code(), r.err());
    ApiStandIn.Request sent = api.requests().getFirst();
    assertEquals("PUT", sent.method());
    assertEquals(JSON.readTree("{\"rate\": 10, \"burst\": 20, \"key\": \"http_x-api-key\", \"dryRun\": true}"),
        JSON.readTree(sent.body()));
    assertEquals("application/json", sent.contentType());
  }

  @Test
  void fnInvokeSendsMethodQueryHeadersAndBodyThenPrintsBodyAndLogs() throws IOException {
    write(dir.resolve("payload.json"), "{\"n\": 1}");
    api.answer("POST /v1/apps/a1/functions/api%2Fecho/invoke", 200, """
        {"status": 201, "headers": {}, "body": "made", "logs": [{"level": "info", "message": "got 1"}],
         "durationMs": 4}""");

    Run r = call("fn", "invoke", "a1", "api/echo", "--method", "post", "--data", "@payload.json",
        "--query", "page=2", "--header", "x-trace: abc");

    assertEquals(0, r.code(), r.err());
    assertEquals(JSON.readTree("""
        {"method": "POST", "query": {"page": "2"}, "headers": {"x-trace": "abc"}, "body": {"n": 1}}"""),
        JSON.readTree(api.requests().getFirst().body()));
    assertEquals("made", r.out().strip());
    assertEquals(List.of("[info] got 1", "status 201, 4 ms"), r.err().lines().toList());
  }

  // Resolution: each source below the winner points at a closed port, so picking it would fail with exit 3.

  @Test
  void flagsWinOverEnvironmentConfigFileAndDevFolder() throws IOException {
    allSourcesBut(null);

    Run r = run("keys", "list", "a1", "--url", api.url().toString(), "--token", "from-flag");

    assertEquals("Bearer from-flag", tokenSent(r));
  }

  @Test
  void environmentWinsOverConfigFileAndDevFolder() throws IOException {
    allSourcesBut("flag");

    Run r = run("keys", "list", "a1");

    assertEquals("Bearer from-env", tokenSent(r));
  }

  @Test
  void configFileWinsOverDevFolder() throws IOException {
    allSourcesBut("env");

    Run r = run("keys", "list", "a1");

    assertEquals("Bearer from-file", tokenSent(r));
  }

  @Test
  void devFolderIsTheLastResortAndInkwellDataMovesIt() throws IOException {
    write(dir.resolve("elsewhere/api-url"), api.url() + "\n");
    write(dir.resolve("elsewhere/operator-token"), "from-dev\n");
    env.put("INKWELL_DATA", "elsewhere");

    Run r = run("keys", "list", "a1");

    assertEquals("Bearer from-dev", tokenSent(r));
  }

  @Test
  void withNoSourceItSaysHowToSetUrlAndToken() {
    Run r = run("keys", "list", "a1");

    assertEquals(1, r.code());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().startsWith("inkwell: no server URL or token: pass --url and --token, set INKWELL_URL"), r.err());
  }

  /** Fills the sources from the one after {@code winnerAbove} down: the winner with the stand-in, the rest dead. */
  private void allSourcesBut(String winnerAbove) throws IOException {
    List<String> order = List.of("flag", "env", "file", "dev");
    int first = winnerAbove == null ? 0 : order.indexOf(winnerAbove) + 1;
    String dead = "http://127.0.0.1:" + closedPort();
    for (int i = Math.max(first, 1); i < order.size(); i++) {
      String url = i == first ? api.url().toString() : dead;
      switch (order.get(i)) {
        case "env" -> {
          env.put("INKWELL_URL", url);
          env.put("INKWELL_TOKEN", "from-env");
        }
        case "file" -> write(dir.resolve("home/.config/inkwell/config.json"),
            "{\"url\": \"" + url + "\", \"token\": \"from-file\"}");
        case "dev" -> {
          write(dir.resolve(".inkwell/api-url"), url);
          write(dir.resolve(".inkwell/operator-token"), "from-dev");
        }
        default -> throw new IllegalStateException();
      }
    }
  }

  private String tokenSent(Run r) {
    assertEquals(0, r.code(), r.err());
    return api.requests().getFirst().authorization();
  }

  // Exit codes.

  @Test
  void anApiErrorIsOneLineWithTheApiMessageAndExitCodeOne() {
    api.answer("PUT /v1/apps/a1/limits", 400, """
        {"error": {"code": "invalid_field", "message": "rate: -1 (expected: requests per second > 0)",
                   "field": "rate"}}""");

    Run r = call("limits", "set", "a1", "--rate", "-1", "--burst", "1");

    assertEquals(1, r.code());
    assertEquals("inkwell: rate: -1 (expected: requests per second > 0)\n", r.err());
  }

  @Test
  void aFieldMissingFromTheMessageIsPrefixed() {
    api.answer("POST /v1/apps/a1/buckets", 409, """
        {"error": {"code": "conflict", "message": "already exists", "field": "name"}}""");

    Run r = call("bucket", "create", "a1", "site", "--policy", "readonly");

    assertEquals(1, r.code());
    assertEquals("inkwell: name: already exists\n", r.err());
  }

  @Test
  void aBadCommandLineIsExitCodeTwoAndSendsNothing() {
    Run unknownOption = call("app", "list", "--colour");
    Run badPolicy = call("bucket", "create", "a1", "site", "--policy", "public");
    Run unconfirmed = call("app", "delete", "a1", "--delete-data");

    assertEquals(List.of(2, 2, 2), List.of(unknownOption.code(), badPolicy.code(), unconfirmed.code()));
    assertTrue(unconfirmed.err().startsWith("inkwell: --delete-data drops the data for good"), unconfirmed.err());
    assertEquals(List.of(), api.requests());
  }

  @Test
  void anUnreachableServerIsExitCodeThree() throws IOException {
    String url = "http://127.0.0.1:" + closedPort();

    Run r = run("app", "list", "--url", url, "--token", "t");

    assertEquals(3, r.code());
    assertEquals("inkwell: cannot reach " + url + " (connection refused): is ./inkwell dev running?\n", r.err());
  }

  @Test
  void appDeleteWithDataSendsTheConfirmation() {
    api.answer("DELETE /v1/apps/a1", 200, "{\"deleted\": \"a1\", \"dataDeleted\": true}");

    Run r = call("app", "delete", "a1", "--delete-data", "--confirm", "a1");

    assertEquals(0, r.code(), r.err());
    assertEquals("deleteData=true&confirm=a1", api.requests().getFirst().query());
  }

  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
