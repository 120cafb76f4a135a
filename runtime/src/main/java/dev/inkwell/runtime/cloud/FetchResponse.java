package dev.inkwell.runtime.cloud;

import dev.inkwell.runtime.engine.HostResult;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import org.graalvm.polyglot.HostAccess;

/**
 * A response whose headers have arrived and whose body is read on demand: all at once ({@code text()}, {@code json()},
 * {@code arrayBuffer()}) or chunk by chunk ({@code body.getReader()}, {@code for await}).
 *
 * <p>Concurrency: reads are serialised by the JS side (one pending read at a time) but run on other threads; the
 * counters are guarded by this object's lock. {@link #close} and {@link #expire} may come from any thread.
 */
public final class FetchResponse implements AutoCloseable {

  private static final int CHUNK = 64 * 1024;

  private final HttpResponse<InputStream> response;
  private final String requestUrl;
  private final long maxBytes;
  private final String[] headers;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean expired;
  private long read;

  FetchResponse(HttpResponse<InputStream> response, String requestUrl, long maxBytes) {
    this.response = response;
    this.requestUrl = requestUrl;
    this.maxBytes = maxBytes;
    this.headers = Fetcher.flatHeaders(response);
  }

  @HostAccess.Export
  public int status() {
    return response.statusCode();
  }

  @HostAccess.Export
  public String url() {
    return response.uri().toString();
  }

  @HostAccess.Export
  public boolean redirected() {
    return !response.uri().toString().equals(requestUrl);
  }

  @HostAccess.Export
  public String[] headers() {
    return headers;
  }

  /** The whole body (what is left of it), or a failure past the size limit or the deadline. */
  public synchronized HostResult readAll() {
    long declared = response.headers().firstValueAsLong("content-length").orElse(-1);
    if (declared > maxBytes) {
      close();
      return tooLarge();
    }
    byte[] buf = new byte[declared >= 0 ? (int) declared : 8192];
    int n = 0;
    try (InputStream in = response.body()) {
      while (true) {
        if (n == buf.length) {
          buf = Arrays.copyOf(buf, (int) Math.min(maxBytes + 1, Math.max(16, (long) buf.length * 2)));
        }
        int r = in.read(buf, n, buf.length - n);
        if (r < 0) {
          break;
        }
        n += r;
        read += r;
        if (read > maxBytes) {
          return tooLarge();
        }
      }
    } catch (IOException e) {
      return failure(e);
    } finally {
      closed.set(true);
    }
    return HostResult.done(ByteBuffer.wrap(buf, 0, n).slice());
  }

  /** The next chunk, or null at the end of the body. */
  public synchronized HostResult readChunk() {
    if (closed.get()) {
      return expired ? timedOut() : HostResult.done(null);
    }
    byte[] buf = new byte[CHUNK];
    try {
      int r = response.body().read(buf);
      if (r < 0) {
        close();
        return HostResult.done(null);
      }
      read += r;
      if (read > maxBytes) {
        close();
        return tooLarge();
      }
      return HostResult.done(ByteBuffer.wrap(buf, 0, r).slice());
    } catch (IOException e) {
      close();
      return failure(e);
    }
  }

  private HostResult failure(IOException e) {
    return expired ? timedOut() : new HostResult.Failed("TypeError", "fetch failed: body: " + e, null, null);
  }

  private HostResult tooLarge() {
    return new HostResult.Failed("RangeError", "response body larger than " + maxBytes + " bytes", "ERR_BODY_TOO_LARGE",
        null);
  }

  private static HostResult timedOut() {
    return new HostResult.Failed("TimeoutError", "fetch timed out while reading the body", "ETIMEDOUT", null);
  }

  /** The exchange's deadline passed: a pending or later read fails. */
  void expire() {
    if (!closed.get()) {
      expired = true;
      close();
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      Fetcher.closeQuietly(response.body());
    }
  }
}
