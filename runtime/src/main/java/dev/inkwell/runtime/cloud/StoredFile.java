package dev.inkwell.runtime.cloud;

import java.nio.ByteBuffer;
import org.graalvm.polyglot.HostAccess;

/** An object read by {@code readFile}: its bytes and what the store said about it. */
public final class StoredFile {

  private final byte[] bytes;
  private final String contentType;
  private final String etag;
  private final long lastModifiedMillis;

  StoredFile(byte[] bytes, String contentType, String etag, long lastModifiedMillis) {
    this.bytes = bytes;
    this.contentType = contentType;
    this.etag = etag;
    this.lastModifiedMillis = lastModifiedMillis;
  }

  @HostAccess.Export
  public ByteBuffer bytes() {
    return ByteBuffer.wrap(bytes);
  }

  @HostAccess.Export
  public String contentType() {
    return contentType;
  }

  @HostAccess.Export
  public String etag() {
    return etag;
  }

  @HostAccess.Export
  public double lastModified() {
    return lastModifiedMillis;
  }

  @HostAccess.Export
  public double size() {
    return bytes.length;
  }
}
