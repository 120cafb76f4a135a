package dev.inkwell.runtime.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** HTTP behaviour of the runtime's server: body limit, keep-alive and pipelining. MongoDB: the in-process stand-in. */
class HttpLimitsIT {

  static RuntimeHarness h;

  @BeforeAll
  static void start() throws InterruptedException {
    h = RuntimeHarness.single(2, Duration.ofSeconds(10));
    h.publish("size", "export default async function (ctx) { return String(ctx.body.length) }");
    h.publish("a", "export default async function () { await new Promise(r => setTimeout(r, 30)); return 'A' }");
    h.publish("b", "export default async function () { return 'B' }");
    h.await("/b", x -> x.statusCode() == 200);
    h.await("/a", x -> x.statusCode() == 200);
    h.await("/size", x -> x.statusCode() != 404);
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  @Test
  void oversizedBodyIs413() {
    HttpResponse<String> ok = h.post("/size", "text/plain", "x".repeat(1000));
    assertEquals("1000", ok.body());
    HttpResponse<String> tooBig = h.send(h.request("/size").header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString("x".repeat(1024 * 1024 + 1))).build());
    assertEquals(413, tooBig.statusCode());
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() throws Exception {
    try (Socket s = new Socket("127.0.0.1", h.runtime.port())) {
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      // /a awaits 30 ms; /b answers at once; the answers must still come in request order.
      out.write(("GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
      assertEquals("A", readBody(in));
      assertEquals("B", readBody(in));
    }
  }

  private static String readBody(BufferedReader in) throws java.io.IOException {
    int length = -1;
    String line;
    while (!(line = in.readLine()).isEmpty()) {
      if (line.toLowerCase().startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    char[] body = new char[length];
    int read = 0;
    while (read < length) {
      read += in.read(body, read, length - read);
    }
    return new String(body);
  }
}
