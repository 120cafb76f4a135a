package dev.inkwell.runtime.engine;

import java.nio.charset.StandardCharsets;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;

/**
 * One open WebSocket as functions see it ({@code ctx.socket}, the members of {@code cloud.sockets}): send, close, and
 * whether it is still open. A transport (the HTTP server) implements the writes.
 *
 * <p>Concurrency: any Context of the app may call these methods at any time; implementations hand the writes to the
 * connection's event loop.
 */
public abstract class LiveSocket {

  private final long id;

  protected LiveSocket(long id) {
    this.id = id;
  }

  @HostAccess.Export
  public final long id() {
    return id;
  }

  @HostAccess.Export
  public final boolean open() {
    return isOpen();
  }

  @HostAccess.Export
  public final void sendText(String text) {
    writeText(text);
  }

  /** Sends the bytes of {@code data} (an ArrayBuffer or typed array) as one binary message. */
  @HostAccess.Export
  public final void sendBytes(Value data, int offset, int length) {
    byte[] out = new byte[length];
    if (length > 0) {
      data.readBuffer(offset, out, 0, length);
    }
    writeBytes(out);
  }

  /** Closes with {@code code}: 1000, or an application code 3000-4999 (RFC 6455 7.4.2). */
  @HostAccess.Export
  public final void close(int code, String reason) {
    if (code != 1000 && (code < 3000 || code > 4999)) {
      throw new IllegalArgumentException("close code " + code + " (expected: 1000 or 3000-4999)");
    }
    closeWith(code, reason == null ? "" : reason);
  }

  protected abstract boolean isOpen();

  protected abstract void writeText(String text);

  protected abstract void writeBytes(byte[] bytes);

  /** Starts the closing handshake with this status code and reason. */
  public abstract void closeWith(int code, String reason);

  @Override
  public String toString() {
    return "socket-" + id + (isOpen() ? "" : " (closed)");
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
