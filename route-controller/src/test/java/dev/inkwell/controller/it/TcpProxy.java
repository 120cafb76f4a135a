package dev.inkwell.controller.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP proxy whose {@link #cut()} drops every connection and refuses new ones: a network partition between
 * one replica and etcd, with no goodbye (the replica cannot revoke its lease), as when its node dies.
 */
final class TcpProxy implements AutoCloseable {

  private final ServerSocket server;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile boolean cut;

  TcpProxy(int targetPort) throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofPlatform().daemon().name("proxy-accept").start(() -> {
      while (!server.isClosed()) {
        try {
          Socket client = server.accept();
          if (cut) {
            client.close();
            continue;
          }
          Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
          sockets.add(client);
          sockets.add(upstream);
          pump(client, upstream);
          pump(upstream, client);
        } catch (IOException e) {
          // closed, or the target refused: the client sees its connection fail
        }
      }
    });
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  private void pump(Socket from, Socket to) {
    Thread.ofPlatform().daemon().name("proxy-pump").start(() -> {
      byte[] buf = new byte[16384];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buf)) >= 0) {
          out.write(buf, 0, n);
        }
      } catch (IOException e) {
        // one side went away
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    });
  }

  /** Drops every connection and refuses new ones. */
  void cut() {
    cut = true;
    sockets.forEach(TcpProxy::closeQuietly);
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    cut();
    server.close();
  }
}
