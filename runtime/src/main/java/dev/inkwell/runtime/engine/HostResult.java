package dev.inkwell.runtime.engine;

import java.util.Objects;

/**
 * What a host operation run off the loop (database, storage, HTTP) hands back to the promise that waits for it: a value
 * to resolve with, or an error to reject with. Values are strings (usually JSON), byte buffers, host objects or null.
 */
public sealed interface HostResult {

  static HostResult done(Object value) {
    return new Done(value);
  }

  record Done(Object value) implements HostResult {
  }

  /**
   * Becomes a JS {@code Error} with these properties. {@code code} is the server's code (a MongoDB error number, an S3
   * error code), null when there is none.
   */
  record Failed(String name, String message, Object code, String codeName) implements HostResult {

    public Failed {
      Objects.requireNonNull(name, "name");
      message = message == null ? "" : message;
    }

    /** {"name":...,"message":...,"code":...,"codeName":...}: what the glue turns into an Error. */
    public String toJson() {
      StringBuilder sb = new StringBuilder("{\"name\":");
      Json.quote(sb, name);
      sb.append(",\"message\":");
      Json.quote(sb, message);
      if (code instanceof Number n) {
        sb.append(",\"code\":").append(n.longValue());
      } else if (code != null) {
        sb.append(",\"code\":");
        Json.quote(sb, code.toString());
      }
      if (codeName != null) {
        sb.append(",\"codeName\":");
        Json.quote(sb, codeName);
      }
      return sb.append('}').toString();
    }
  }
}
