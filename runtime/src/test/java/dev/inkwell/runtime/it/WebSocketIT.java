package dev.inkwell.runtime.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code __websocket__} with real clients (the JDK's WebSocket client, and a raw socket for a peer that never answers
 * pings). The harness sets a 2 s idle timeout and a 64 KiB message limit.
 */
class WebSocketIT {

  static RuntimeHarness h;

  static final String HANDLER = """
      import cloud from '@lafjs/cloud'
      export default async function (ctx) {
        if (ctx.method === 'WebSocket:connection') ctx.socket.send('welcome ' + (ctx.query.name || '?'))
        if (ctx.method === 'WebSocket:message') {
          const { data, isBinary } = ctx.params
          if (isBinary) { ctx.socket.send(Buffer.concat([Buffer.from('bin:'), data])); return }
          if (data.startsWith('all:')) { for (const s of cloud.sockets) s.send('broadcast ' + data.substring(4) + ' to ' + cloud.sockets.size); return }
          if (data === 'later') { await new Promise((r) => setTimeout(r, 50)); ctx.socket.send('later done'); return }
          if (data === 'bye') { ctx.socket.close(4000, 'asked'); return }
          ctx.socket.send('echo:' + data)
        }
        if (ctx.method === 'WebSocket:close') cloud.shared.set('lastClose', ctx.params)
      }
      """;

  @BeforeAll
  static void start() throws InterruptedException {
    h = RuntimeHarness.single(2, Duration.ofSeconds(10));
    h.publish("ping", "export default async function () { return 'pong' }");
    h.await("/ping", x -> x.statusCode() == 200);
    // Without __websocket__, an upgrade is refused.
    assertEquals(404, rawHandshakeStatus());
    h.publish("__websocket__", HANDLER);
    h.publish("lastclose", "export default async function () { return cloud.shared.get('lastClose') ?? null }");
    h.await("/lastclose", x -> x.statusCode() == 200);
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  /** A client that queues what it receives. */
  static final class Client implements WebSocket.Listener {
    final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
    final CompletableFuture<String> closed = new CompletableFuture<>();
    final StringBuilder text = new StringBuilder();
    WebSocket ws;

    static Client open(String path) {
      Client c = new Client();
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (true) {
        try {
          c.ws = h.http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + h.runtime.port() + path), c)
              .get(10, TimeUnit.SECONDS);
          return c;
        } catch (Exception e) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException(e);
          }
          sleep(50); // the __websocket__ function is still being published
        }
      }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        received.add(text.toString());
        text.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      byte[] b = new byte[data.remaining()];
      data.get(b);
      received.add("binary " + new String(b, StandardCharsets.UTF_8));
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(statusCode + " " + reason);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.complete("error " + error);
    }

    String next() throws InterruptedException {
      String s = received.poll(10, TimeUnit.SECONDS);
      if (s == null) {
        throw new AssertionError("nothing received in 10 s");
      }
      return s;
    }
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void greetsEchoesTextAndBinaryInOrder() throws Exception {
    Client c = Client.open("/chat?name=ada");
    assertEquals("welcome ada", c.next());
    c.ws.sendText("later", true).join();
    c.ws.sendText("one", true).join();
    c.ws.sendBinary(ByteBuffer.wrap("raw".getBytes(StandardCharsets.UTF_8)), true).join();
    List<String> got = new ArrayList<>(List.of(c.next(), c.next(), c.next()));
    // 'later' awaits a timer: the Context serves the next messages meanwhile, as Node would.
    assertEquals(List.of("echo:one", "binary bin:raw", "later done"), got);
    c.ws.sendClose(1000, "done").join();
    assertEquals("1000 ", c.closed.get(10, TimeUnit.SECONDS));
  }

  @Test
  void broadcastsToEveryOpenSocketThroughCloudSockets() throws Exception {
    List<Client> clients = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Client c = Client.open("/room?name=c" + i);
      assertEquals("welcome c" + i, c.next());
      clients.add(c);
    }
    clients.get(0).ws.sendText("all:hello", true).join();
    for (Client c : clients) {
      String m = c.next();
      assertTrue(m.startsWith("broadcast hello to "), m);
    }
    for (Client c : clients) {
      c.ws.sendClose(1000, "").join();
    }
  }

  @Test
  void functionClosesWithItsCodeAndHearsTheCloseEvent() throws Exception {
    Client c = Client.open("/x");
    c.next();
    c.ws.sendText("bye", true).join();
    assertEquals("4000 asked", c.closed.get(10, TimeUnit.SECONDS));
    assertEquals("{\"code\":4000,\"reason\":\"asked\"}", h.await("/lastclose",
        x -> x.body().contains("4000")).body());
  }

  @Test
  void closesWith1009OnAMessageOverTheLimit() throws Exception {
    Client c = Client.open("/x");
    c.next();
    c.ws.sendText("x".repeat(70 * 1024), true);
    assertEquals("1009 message too big", c.closed.get(10, TimeUnit.SECONDS));
  }

  @Test
  void pingsAndThenClosesAPeerThatStaysSilent() throws Exception {
    try (Socket s = new Socket("127.0.0.1", h.runtime.port())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(handshake("/silent").getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      String head = readHead(in);
      assertTrue(head.startsWith("HTTP/1.1 101"), head);
      long start = System.nanoTime();
      List<Integer> opcodes = new ArrayList<>();
      int closeCode = -1;
      while (true) {
        int b0 = in.read();
        if (b0 < 0) {
          break;
        }
        int len = in.read() & 0x7f;
        if (len == 126) {
          len = (in.read() << 8) | in.read();
        }
        byte[] payload = in.readNBytes(len);
        int opcode = b0 & 0x0f;
        opcodes.add(opcode);
        if (opcode == 0x8) {
          closeCode = ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
          break;
        }
      }
      long ms = (System.nanoTime() - start) / 1_000_000;
      // text (welcome), ping after 1 s of silence, close 1001 after 2 s without anything from the peer
      assertTrue(opcodes.contains(0x9), "a ping was sent: " + opcodes);
      assertEquals(1001, closeCode);
      assertTrue(ms >= 1_500 && ms < 6_000, "closed after " + ms + " ms");
    }
  }

  @Test
  void closesOpenSocketsWith1012WhenANewVersionIsPublished() throws Exception {
    Client c = Client.open("/x");
    c.next();
    h.publish("__websocket__", HANDLER + "\n// v2\n");
    assertEquals("1012 new version published", c.closed.get(20, TimeUnit.SECONDS));
    Client again = Client.open("/x?name=again");
    assertEquals("welcome again", again.next());
    again.ws.sendClose(1000, "").join();
  }

  static String handshake(String path) {
    return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
  }

  static String readHead(InputStream in) throws java.io.IOException {
    StringBuilder sb = new StringBuilder();
    while (!sb.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        break;
      }
      sb.append((char) c);
    }
    return sb.toString();
  }

  static int rawHandshakeStatus() {
    try (Socket s = new Socket("127.0.0.1", h.runtime.port())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(handshake("/x").getBytes(StandardCharsets.US_ASCII));
      String head = readHead(s.getInputStream());
      return Integer.parseInt(head.substring(9, 12));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
