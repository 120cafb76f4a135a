package dev.inkwell.runner.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.inkwell.runner.Runner;
import dev.inkwell.runner.RunnerConfig;
import dev.inkwell.runner.harness.ApisixSide;
import dev.inkwell.runner.harness.ApisixSide.Answer;
import dev.inkwell.runner.harness.ApisixSide.Request;
import io.github.api7.A6.Err.Code;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner over a real unix socket, with {@link ApisixSide} playing APISIX (no APISIX package exists for these
 * machines; the harness follows its ext-plugin client frame for frame). Rate-limit time is a fake clock.
 */
class RunnerIT {

  private static final String RATE = "{\"appid\":\"a1\",\"rate\":1,\"burst\":2}";
  private static final String AUTH = "{\"appid\":\"a1\",\"public_paths\":[\"/public/*\"],\"api_keys\":[{\"id\":\"k1\","
      + "\"sha256\":\"" + sha256("key-1") + "\"}]}";

  @TempDir
  Path dir;
  private Path socket;
  private final AtomicLong ticker = new AtomicLong(1_000_000_000_000L);
  private Runner runner;

  @BeforeEach
  void start() throws Exception {
    socket = dir.resolve("runner.sock");
    RunnerConfig cfg = RunnerConfig.fromEnv(Map.of(
        "APISIX_LISTEN_ADDRESS", "unix:" + socket,
        "APISIX_CONF_EXPIRE_TIME", "60",
        "INKWELL_RUNNER_METRICS", "off",
        "INKWELL_RUNNER_MAX_FRAME_BYTES", "65536",
        "INKWELL_RUNNER_IO_THREADS", "2",
        "INKWELL_RUNNER_FILTERS", EchoVarsFilter.class.getName()));
    runner = Runner.start(cfg, Clock.systemUTC(), ticker::get, getClass().getClassLoader());
  }

  @AfterEach
  void stop() {
    runner.close();
  }

  @Test
  void socketIsConnectableByOtherUsers() throws Exception {
    assertEquals("rwxrw-rw-", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
  }

  @Test
  void aSecondRunnerRefusesToTakeOverALiveSocket() throws Exception {
    RunnerConfig again = RunnerConfig.fromEnv(Map.of("APISIX_LISTEN_ADDRESS", "unix:" + socket,
        "INKWELL_RUNNER_METRICS", "off"));
    IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> Runner.start(again, Clock.systemUTC(), ticker::get, getClass().getClassLoader()));
    assertTrue(e.getMessage().startsWith("another runner is listening"));
    try (ApisixSide apisix = ApisixSide.connect(socket)) { // the first one is untouched
      assertTrue(apisix.prepare("tenant-rate-limit", RATE) > 0);
    }
  }

  @Test
  void authThenRateLimitDecideEachCall() throws Exception {
    try (ApisixSide apisix = ApisixSide.connect(socket)) {
      long token = apisix.prepare("tenant-auth", AUTH, "tenant-rate-limit", RATE);
      assertTrue(token > 0);
      Answer denied = apisix.call(Request.get(token, "/private"));
      assertEquals(401, denied.status());
      assertTrue(denied.header("WWW-Authenticate").startsWith("Bearer"));
      Answer ok = apisix.call(Request.get(token, "/private").header("x-api-key", "key-1")
          .header("x-inkwell-user", "forged"));
      assertTrue(ok.passed());
      assertEquals("k1", ok.upstreamHeader("X-Inkwell-Key-Id"));
      assertTrue(ok.removedHeaders().contains("x-inkwell-user"));
      assertEquals("1", ok.header("X-RateLimit-Remaining"));
      assertTrue(apisix.call(Request.get(token, "/public/x")).passed());
      Answer limited = apisix.call(Request.get(token, "/public/x"));
      assertEquals(429, limited.status());
      assertEquals("1", limited.header("Retry-After"));
    }
  }

  @Test
  void aRaisedLimitAppliesFromTheNextRequestWithoutResettingCounters() throws Exception {
    try (ApisixSide apisix = ApisixSide.connect(socket)) {
      long slow = apisix.prepare("tenant-rate-limit", RATE);
      apisix.call(Request.get(slow, "/"));
      apisix.call(Request.get(slow, "/"));
      assertEquals(429, apisix.call(Request.get(slow, "/")).status());
      // the operator raises the limit: APISIX prepares the route's new conf
      long fast = apisix.prepare("tenant-rate-limit", "{\"appid\":\"a1\",\"rate\":100,\"burst\":50}");
      assertEquals(429, apisix.call(Request.get(fast, "/")).status()); // same bucket, still empty
      ticker.addAndGet(10_000_000L); // 10 ms at 100/s = one token
      Answer a = apisix.call(Request.get(fast, "/"));
      assertTrue(a.passed());
      assertEquals("50", a.header("X-RateLimit-Limit"));
    }
  }

  @Test
  void unknownTokenAsksApisixToPrepareAgain() throws Exception {
    try (ApisixSide apisix = ApisixSide.connect(socket)) {
      Answer a = apisix.call(Request.get(987654, "/"));
      assertEquals(0, a.type());
      assertEquals(Code.CONF_TOKEN_NOT_FOUND, a.errorCode());
      long token = apisix.prepare("tenant-rate-limit", RATE); // what APISIX does next, same connection
      assertTrue(apisix.call(Request.get(token, "/")).passed());
    }
  }

  @Test
  void expiredConfsAreForgottenAfterTheExpireTimeAndMargin() throws Exception {
    try (ApisixSide apisix = ApisixSide.connect(socket)) {
      long token = apisix.prepare("tenant-rate-limit", RATE);
      ticker.addAndGet(59_000_000_000L); // 59 s: APISIX (expire 60 s) may still use it
      assertTrue(apisix.call(Request.get(token, "/")).passed());
      ticker.addAndGet(62_000_000_000L); // past 60 s + 60 s margin
      assertEquals(Code.CONF_TOKEN_NOT_FOUND, apisix.call(Request.get(token, "/")).errorCode());
    }
  }

  @Test
  void invalidConfsFailClosedWithServiceUnavailable() throws Exception {
    try (ApisixSide apisix = ApisixSide.connect(socket)) {
      long bad = apisix.prepare("tenant-rate-limit", "{\"appid\":\"a1\",\"rate\":-5,\"burst\":1}");
      assertTrue(bad > 0, "APISIX gets a token, so it does not re-prepare on every request");
      assertEquals(Code.SERVICE_UNAVAILABLE, apisix.call(Request.get(bad, "/")).errorCode());
      long unknown = apisix.prepare("tenant-rate-limt", RATE);
      assertEquals(Code.SERVICE_UNAVAILABLE, apisix.call(Request.get(unknown, "/")).errorCode());
      assertTrue(runner.metrics().scrape().contains("kind=\"conf_invalid\""));
    }
  }

  @Test
  void officialFiltersGetTheirVarsAndBodyThroughExtraInfo() throws Exception {
    try (ApisixSide apisix = ApisixSide.connect(socket)) {
      long token = apisix.prepare("tenant-rate-limit", RATE, "echo-vars", "cfg-1");
      Answer a = apisix.call(Request.get(token, "/x")
          .withVars(Map.of("remote_addr", "10.0.0.1", "server_port", "9080"), "hello".getBytes(StandardCharsets.UTF_8)));
      assertEquals(List.of("remote_addr", "server_port", "<request body>"), a.extraInfoAsked());
      assertTrue(a.passed());
      assertEquals("10.0.0.1|9080", a.upstreamHeader("x-vars"));
      assertEquals("5", a.header("x-body-length"));
      assertEquals("1", a.header("X-RateLimit-Remaining")); // the Inkwell filter's headers survive the merge
      Answer stopped = apisix.call(Request.get(token, "/x").withVars(Map.of(), "stop".getBytes(StandardCharsets.UTF_8)));
      assertEquals(403, stopped.status());
      assertEquals("stopped by cfg-1", stopped.body());
      // and no ExtraInfo round trip at all when an Inkwell filter already stopped the request
      Answer limited = apisix.call(Request.get(token, "/x"));
      assertEquals(429, limited.status());
      assertEquals(List.of(), limited.extraInfoAsked());
    }
  }

  @Test
  void responseCallsRunPostFiltersOrPassUnchanged() throws Exception {
    try (ApisixSide apisix = ApisixSide.connect(socket)) {
      long plain = apisix.prepare("tenant-rate-limit", RATE);
      ApisixSide.PostAnswer pass = apisix.respCall(plain, 5, 200, "content-type", "text/plain");
      assertEquals(4, pass.type());
      assertEquals(0, pass.status()); // nothing to change
      long withPost = apisix.prepare("echo-vars", "cfg");
      // the post filter asks for remote_addr; the harness answers from an empty var map (APISIX sends no value)
      ApisixSide.PostAnswer rewritten = apisix.respCall(withPost, 6, 503, "x-trace", "t-1");
      assertEquals(502, rewritten.status());
      assertEquals("t-1", rewritten.headers().get("x-upstream-failed"));
      assertEquals("upstream failed (null)", rewritten.body());
      assertEquals(0, apisix.respCall(987654, 7, 200).type()); // unknown token: an error frame
    }
  }

  @Test
  void manyConnectionsInParallelEachGetTheirOwnAnswers() throws Exception {
    long token;
    try (ApisixSide apisix = ApisixSide.connect(socket)) {
      token = apisix.prepare("tenant-auth", AUTH, "tenant-rate-limit",
          "{\"appid\":\"a2\",\"rate\":1000000,\"burst\":1000000}");
    }
    ExecutorService pool = Executors.newFixedThreadPool(50);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int c = 0; c < 50; c++) {
        int conn = c;
        results.add(pool.submit(() -> {
          int ok = 0;
          try (ApisixSide apisix = ApisixSide.connect(socket)) {
            for (int i = 0; i < 200; i++) {
              boolean authed = (i + conn) % 2 == 0;
              Request r = Request.get(token, "/p");
              Answer a = apisix.call(authed ? r.header("x-api-key", "key-1") : r);
              if (authed ? a.passed() : a.status() == 401) {
                ok++;
              }
            }
          }
          return ok;
        }));
      }
      for (Future<Integer> f : results) {
        assertEquals(200, f.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void malformedInputClosesOnlyThatConnection() throws Exception {
    try (ApisixSide good = ApisixSide.connect(socket)) {
      long token = good.prepare("tenant-rate-limit", "{\"appid\":\"a3\",\"rate\":1000,\"burst\":1000}");
      byte[] random = new byte[300];
      new Random(7).nextBytes(random);
      random[0] = 2; // an HTTPReqCall header...
      random[1] = 0;
      random[2] = 1;
      random[3] = 40; // ...announcing 296 bytes of garbage
      assertClosed(random);
      assertClosed(new byte[] {9, 0, 0, 1, 0}); // unknown type
      assertClosed(new byte[] {2, (byte) 0xff, (byte) 0xff, (byte) 0xff}); // 16 MiB - 1, over this runner's limit
      assertClosed(new byte[] {3, 0, 0, 8, 1, 2, 3, 4, 5, 6, 7, 8}); // ExtraInfo with no call waiting
      try (ApisixSide truncated = ApisixSide.connect(socket)) {
        ByteBuffer call = ApisixSide.encode(Request.get(token, "/"));
        byte[] half = new byte[4 + call.remaining() / 2];
        half[0] = 2;
        half[3] = (byte) call.remaining(); // announces the whole call, sends half, then hangs up
        call.get(half, 4, half.length - 4);
        truncated.sendRaw(half);
      }
      for (int i = 0; i < 5; i++) {
        assertTrue(good.call(Request.get(token, "/")).passed(), "the healthy connection is still served");
      }
      String scrape = runner.metrics().scrape();
      assertTrue(scrape.contains("kind=\"malformed\""));
      assertTrue(scrape.contains("kind=\"unknown_type\""));
      assertTrue(scrape.contains("kind=\"too_long\""));
    }
  }

  private void assertClosed(byte[] bytes) throws Exception {
    try (ApisixSide bad = ApisixSide.connect(socket)) {
      bad.sendRaw(bytes);
      ApisixSide.Frame f;
      try {
        f = bad.read();
      } catch (java.io.EOFException e) {
        return; // closed without an error frame (too long)
      }
      assertEquals(0, f.type(), "an error frame before closing");
      assertTrue(bad.closedByPeer());
    }
  }

  static String sha256(String s) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

}
