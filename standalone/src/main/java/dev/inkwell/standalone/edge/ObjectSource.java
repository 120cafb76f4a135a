package dev.inkwell.standalone.edge;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Optional;

/**
 * Where the local edge reads bucket-site objects from. Blocking: the edge calls it off its event loops.
 * {@link S3ObjectSource} reads from S3 (MinIO, or s3proxy in standalone mode) with the platform's credentials.
 */
public interface ObjectSource {

  /** What is known of a stored object without its content. {@code etag} has no quotes; {@code contentType} may be null. */
  record ObjectInfo(String etag, long size, String contentType, Instant lastModified) {
  }

  /** The result of a {@link #get}. */
  sealed interface Read {
  }

  /** The object's bytes {@code [first, first + length)}; the caller closes {@code body}. */
  record Found(ObjectInfo info, long first, long length, boolean partial, InputStream body) implements Read {
  }

  /** The client's copy is current ({@code If-None-Match} matched the object's ETag): no body. */
  record NotModified(ObjectInfo info) implements Read {
  }

  /** The requested range lies wholly past the end of the object. */
  record Unsatisfiable(ObjectInfo info) implements Read {
  }

  /** No such object (or no such bucket). */
  record Missing() implements Read {
  }

  /** The object's metadata, or empty when it does not exist. */
  Optional<ObjectInfo> head(String bucket, String key) throws IOException;

  /**
   * Reads an object.
   *
   * @param range the client's {@code Range}, or null for the whole object
   * @param ifNoneMatch the client's {@code If-None-Match}, or null
   */
  Read get(String bucket, String key, ByteRange range, String ifNoneMatch) throws IOException;

  /** Whether an {@code If-None-Match} value names this ETag ({@code *}, a list, weak or strong, quoted or not). */
  static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null || etag == null) {
      return false;
    }
    for (String part : ifNoneMatch.split(",")) {
      String t = part.trim();
      if (t.equals("*")) {
        return true;
      }
      if (t.startsWith("W/")) {
        t = t.substring(2);
      }
      if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
        t = t.substring(1, t.length() - 1);
      }
      if (t.equals(etag)) {
        return true;
      }
    }
    return false;
  }
}
