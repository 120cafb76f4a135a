package dev.inkwell.runtime.cloud;

import dev.inkwell.runtime.engine.HostResult;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * {@code cloud.fetch} and the global {@code fetch}: outbound HTTP on the JDK client. The exchange (headers and body) is
 * bounded by a timeout, and a response body larger than the limit is refused, whether it is read at once or streamed.
 *
 * <p>Concurrency: thread-safe; {@link #send} never blocks (the JDK client is asynchronous), body reads block and run
 * off the loop.
 */
public final class Fetcher {

  /**
   * @param timeout default for the whole exchange; a call may ask for another with {@code {timeout: ms}}
   * @param maxBodyBytes largest response body a function may read
   */
  public record Settings(Duration timeout, long maxBodyBytes) {
    public Settings {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("INKWELL_FETCH_TIMEOUT_MS: " + timeout.toMillis()
            + " (expected: a positive number of milliseconds)");
      }
      if (maxBodyBytes < 1) {
        throw new IllegalArgumentException("INKWELL_FETCH_MAX_BYTES: " + maxBodyBytes
            + " (expected: a positive number of bytes)");
      }
    }
  }

  /** Headers the JDK client sets itself and refuses from callers (as browsers and undici forbid them too). */
  private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade",
      "keep-alive", "transfer-encoding");

  private final Settings settings;
  private final HttpClient follow;
  private final HttpClient manual;

  public Fetcher(Settings settings) {
    this.settings = settings;
    this.follow = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
        .connectTimeout(settings.timeout()).build();
    this.manual = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(settings.timeout()).build();
  }

  public Settings settings() {
    return settings;
  }

  /**
   * Sends a request; completes when the response headers arrive, with a {@link FetchResponse} whose body is read on
   * demand, or with a failure (bad URL, refused connection, timeout).
   *
   * @param headers names and values, alternating
   * @param timeoutMs the whole exchange's time limit; 0 or less for the default
   */
  public CompletableFuture<HostResult> send(String method, String url, String[] headers, byte[] body, long timeoutMs,
      boolean followRedirects) {
    Duration timeout = timeoutMs > 0 ? Duration.ofMillis(timeoutMs) : settings.timeout();
    HttpRequest request;
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        return CompletableFuture.completedFuture(typeError("fetch failed: unsupported URL " + url));
      }
      HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).method(method.toUpperCase(Locale.ROOT),
          body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
      for (int i = 0; i + 1 < headers.length; i += 2) {
        if (!RESTRICTED.contains(headers[i].toLowerCase(Locale.ROOT))) {
          b.header(headers[i], headers[i + 1]);
        }
      }
      request = b.build();
    } catch (URISyntaxException | IllegalArgumentException e) {
      return CompletableFuture.completedFuture(typeError("fetch failed: " + e.getMessage()));
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    return (followRedirects ? follow : manual).sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
        .handle((res, err) -> {
          if (err != null) {
            Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
            return cause instanceof HttpTimeoutException
                ? new HostResult.Failed("TimeoutError", "fetch timed out after " + timeout.toMillis() + " ms",
                    "ETIMEDOUT", null)
                : typeError("fetch failed: " + cause);
          }
          FetchResponse r = new FetchResponse(res, url, settings.maxBodyBytes());
          long left = deadline - System.nanoTime();
          // The body counts against the same deadline: past it, the stream is closed and a pending read fails.
          CompletableFuture.delayedExecutor(Math.max(0, left), TimeUnit.NANOSECONDS).execute(r::expire);
          return HostResult.done(r);
        });
  }

  private static HostResult typeError(String message) {
    return new HostResult.Failed("TypeError", message, null, null);
  }

  /** Names and values, alternating, in the order the server sent them (names lower case, as HTTP/2 and fetch give). */
  static String[] flatHeaders(HttpResponse<?> res) {
    List<String> out = new ArrayList<>();
    res.headers().map().forEach((k, vs) -> {
      if (!k.startsWith(":")) {
        for (String v : vs) {
          out.add(k.toLowerCase(Locale.ROOT));
          out.add(v);
        }
      }
    });
    return out.toArray(String[]::new);
  }

  static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException ignored) {
      // closing after an error or a timeout
    }
  }
}
