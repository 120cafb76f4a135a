package dev.inkwell.runner.filter;

import io.github.api7.A6.HTTPReqCall.Req;
import io.github.api7.A6.TextEntry;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * A read-only view of one HTTPReqCall, valid while its frame is being handled. Lookups compare header and argument
 * names in the frame's bytes, so a filter pays for the strings it actually reads and no others. Header names arrive
 * lower-case from APISIX; lookups here are ASCII case-insensitive all the same.
 *
 * <p>Not thread-safe: one per connection, rebound for each call.
 */
public final class Call {

  private Req req;
  private ByteBuffer scratch;
  private final TextEntry entry = new TextEntry();
  private String path;
  private String sourceIp;

  /** Binds this view to a verified request whose buffer is {@code frame}. */
  public Call bind(Req req, ByteBuffer frame) {
    this.req = req;
    this.scratch = frame.duplicate();
    this.path = null;
    this.sourceIp = null;
    return this;
  }

  public long id() {
    return req.id();
  }

  /** The protocol's method number (0 GET, 1 HEAD, 2 POST, ...). */
  public int method() {
    return req.method();
  }

  public long confToken() {
    return req.confToken();
  }

  public String path() {
    if (path == null) {
      String p = req.path();
      path = p == null ? "/" : p;
    }
    return path;
  }

  /** The first value of this header, or null. */
  public String header(String name) {
    int n = req.headersLength();
    for (int i = 0; i < n; i++) {
      req.headers(entry, i);
      if (nameIs(name)) {
        return entry.value();
      }
    }
    return null;
  }

  /** The first value of this query argument ("" for a bare {@code ?flag}), or null. */
  public String arg(String name) {
    int n = req.argsLength();
    for (int i = 0; i < n; i++) {
      req.args(entry, i);
      if (nameIs(name)) {
        String v = entry.value();
        return v == null ? "" : v;
      }
    }
    return null;
  }

  /** Calls {@code action} with the name of each header whose name starts with {@code lowerPrefix} (ASCII). */
  public void headersStartingWith(String lowerPrefix, Consumer<String> action) {
    int n = req.headersLength();
    for (int i = 0; i < n; i++) {
      req.headers(entry, i);
      ByteBuffer b = entry.nameInByteBuffer(scratch);
      if (b != null && startsWith(b, lowerPrefix)) {
        action.accept(entry.name());
      }
    }
  }

  /** The client address in text form, or "" if APISIX sent none. */
  public String sourceIp() {
    if (sourceIp == null) {
      int n = req.srcIpLength();
      if (n == 4) {
        sourceIp = req.srcIp(0) + "." + req.srcIp(1) + "." + req.srcIp(2) + "." + req.srcIp(3);
      } else if (n == 16) {
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 16; i += 2) {
          if (i > 0) {
            sb.append(':');
          }
          sb.append(Integer.toHexString((req.srcIp(i) << 8) | req.srcIp(i + 1)));
        }
        sourceIp = sb.toString();
      } else {
        sourceIp = "";
      }
    }
    return sourceIp;
  }

  public Req req() {
    return req;
  }

  private boolean nameIs(String name) {
    ByteBuffer b = entry.nameInByteBuffer(scratch);
    if (b == null || b.remaining() != name.length()) {
      return false;
    }
    return startsWith(b, name);
  }

  private static boolean startsWith(ByteBuffer b, String lowerAscii) {
    int p = b.position();
    if (b.remaining() < lowerAscii.length()) {
      return false;
    }
    for (int i = 0; i < lowerAscii.length(); i++) {
      int c = b.get(p + i);
      if (c >= 'A' && c <= 'Z') {
        c += 'a' - 'A';
      }
      int want = lowerAscii.charAt(i);
      if (want >= 'A' && want <= 'Z') {
        want += 'a' - 'A';
      }
      if (c != want) {
        return false;
      }
    }
    return true;
  }
}
