package dev.inkwell.runtime.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code fetch} from functions against a loopback HTTP server. The harness sets a 2 s default timeout and a 1 MiB
 * response limit.
 */
class FetchIT {

  static RuntimeHarness h;
  static HttpServer upstream;
  static String base;

  @BeforeAll
  static void start() throws Exception {
    h = RuntimeHarness.single(2, Duration.ofSeconds(10));
    upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    upstream.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    upstream.createContext("/echo", ex -> {
      byte[] in = ex.getRequestBody().readAllBytes();
      String json = "{\"method\":\"" + ex.getRequestMethod() + "\",\"x\":\"" + ex.getRequestHeaders().getFirst("x-test")
          + "\",\"type\":\"" + ex.getRequestHeaders().getFirst("content-type") + "\",\"body\":\""
          + new String(in, StandardCharsets.UTF_8).replace("\"", "\\\"") + "\"}";
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.getResponseHeaders().add("Set-Cookie", "a=1");
      ex.getResponseHeaders().add("Set-Cookie", "b=2");
      send(ex, 201, json.getBytes(StandardCharsets.UTF_8));
    });
    upstream.createContext("/chunks", ex -> {
      ex.sendResponseHeaders(200, 0); // chunked
      try (OutputStream out = ex.getResponseBody()) {
        for (int i = 0; i < 3; i++) {
          out.write(("part" + i + ";").getBytes(StandardCharsets.UTF_8));
          out.flush();
          sleep(50);
        }
      }
    });
    upstream.createContext("/slow", ex -> {
      sleep(3_000);
      send(ex, 200, "late".getBytes(StandardCharsets.UTF_8));
    });
    upstream.createContext("/big", ex -> send(ex, 200, new byte[2 * 1024 * 1024]));
    upstream.createContext("/bigchunked", ex -> {
      ex.sendResponseHeaders(200, 0);
      try (OutputStream out = ex.getResponseBody()) {
        for (int i = 0; i < 40; i++) {
          out.write(new byte[64 * 1024]);
        }
      } catch (IOException closedByClient) {
        // the client gave up past its limit
      }
    });
    upstream.createContext("/redirect", ex -> {
      ex.getResponseHeaders().add("Location", "/echo");
      send(ex, 302, new byte[0]);
    });
    upstream.start();
    base = "http://127.0.0.1:" + upstream.getAddress().getPort();
  }

  static void send(HttpExchange ex, int status, byte[] body) throws IOException {
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @AfterAll
  static void stop() {
    upstream.stop(0);
    h.close();
  }

  private static String call(String name, String code) {
    h.publish(name, code.replace("BASE", base));
    HttpResponse<String> r = h.await("/" + name, x -> x.statusCode() != 404);
    assertEquals(200, r.statusCode(), r.body());
    return r.body();
  }

  @Test
  void sendsMethodHeadersAndBodyAndReadsStatusHeadersAndJson() {
    assertEquals("{\"status\":201,\"ok\":true,\"type\":\"application/json\",\"cookies\":\"a=1, b=2\",\"same\":true,"
        + "\"data\":{\"method\":\"POST\",\"x\":\"yes\",\"type\":\"application/json\",\"body\":\"{\\\"a\\\":1}\"}}",
        call("fetchpost", """
            export default async function () {
              const r = await cloud.fetch('BASE/echo', { method: 'POST', headers: { 'X-Test': 'yes', 'Content-Type': 'application/json' }, body: JSON.stringify({ a: 1 }) })
              return { status: r.status, ok: r.ok, type: r.headers.get('content-type'), cookies: r.headers.get('set-cookie'),
                       same: fetch === globalThis.fetch && typeof Headers === 'function', data: await r.json() }
            }
            """));
  }

  @Test
  void readsTextBytesAndFollowsRedirects() {
    assertEquals("[\"hello\",5,true,\"GET\",\"BASE/echo\"]".replace("BASE", base), call("fetchkinds", """
        export default async function () {
          const t = await (await fetch('BASE/echo', { method: 'PUT', body: 'hello' })).json()
          const b = await (await fetch('BASE/echo', { method: 'PUT', body: new TextEncoder().encode('hello') })).arrayBuffer()
          const r = await fetch('BASE/redirect')
          const j = await r.json()
          return [t.body, JSON.parse(new TextDecoder().decode(b)).body.length, r.redirected, j.method, r.url]
        }
        """));
  }

  @Test
  void streamsTheBodyChunkByChunk() {
    assertEquals("{\"chunks\":\"part0;|part1;|part2;\",\"viaReader\":\"part0;part1;part2;\"}", call("fetchstream", """
        export default async function () {
          const parts = []
          for await (const chunk of (await fetch('BASE/chunks')).body) parts.push(new TextDecoder().decode(chunk))
          const reader = (await fetch('BASE/chunks')).body.getReader()
          let all = ''
          for (;;) { const { done, value } = await reader.read(); if (done) break; all += new TextDecoder().decode(value) }
          return { chunks: parts.join('|'), viaReader: all }
        }
        """));
  }

  @Test
  void timesOutWithTheCallsOwnOrTheDefaultLimit() {
    assertEquals("[\"TimeoutError\",\"ETIMEDOUT\",\"TimeoutError\",true]", call("fetchtimeout", """
        export default async function () {
          const out = []
          const t0 = Date.now()
          try { await fetch('BASE/slow', { timeout: 300 }) } catch (e) { out.push(e.name, e.code) }
          try { await fetch('BASE/slow') } catch (e) { out.push(e.name) }
          out.push(Date.now() - t0 < 2900)
          return out
        }
        """));
  }

  @Test
  void refusesBodiesLargerThanTheLimitReadWholeOrStreamed() {
    assertEquals("[\"RangeError\",\"ERR_BODY_TOO_LARGE\",\"RangeError\",\"ERR_BODY_TOO_LARGE\"]", call("fetchbig", """
        export default async function () {
          const out = []
          try { await (await fetch('BASE/big')).arrayBuffer() } catch (e) { out.push(e.name, e.code) }
          try { for await (const c of (await fetch('BASE/bigchunked')).body) { } } catch (e) { out.push(e.name, e.code) }
          return out
        }
        """));
  }

  @Test
  void refusesUrlsThatAreNotHttp() {
    assertEquals("[\"TypeError\",\"TypeError\"]", call("fetchbadurl", """
        export default async function () {
          const out = []
          for (const u of ['file:///etc/passwd', 'not a url']) { try { await fetch(u) } catch (e) { out.push(e.name) } }
          return out
        }
        """));
  }
}
