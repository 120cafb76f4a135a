package dev.inkwell.standalone.edge;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.io.InputStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Serves a bucket site: the route's regex_uri turns the path into {@code /<bucket>/<key>} (the controller's rules
 * already map {@code /} and {@code dir/} to {@code index.html}, and extension-less paths to {@code /index.html} when
 * the SPA fallback is on), then the object is read through the {@link ObjectSource}, with ETag revalidation and single
 * byte ranges. Object reads block, so they run on virtual threads, never on the event loop.
 */
final class SiteResponder {

  private static final Logger LOG = Logger.getLogger(SiteResponder.class.getName());
  private static final int CHUNK = 64 * 1024;
  /** HTML names the current asset versions: always revalidate. Assets may be reused briefly (this is a dev edge). */
  static final String HTML_CACHE = "no-cache";
  static final String ASSET_CACHE = "public, max-age=300";

  private final ObjectSource objects;
  private final ExecutorService blocking;

  SiteResponder(ObjectSource objects, ExecutorService blocking) {
    this.objects = objects;
    this.blocking = blocking;
  }

  void serve(EdgeHandler handler, Channel ch, HttpRequest req, EdgeRoute.Site site, String path, boolean keepAlive) {
    String target = EdgeRoute.rewrite(site.rewrites(), path);
    int slash = target.indexOf('/', 1);
    if (!target.startsWith("/") || slash < 0 || slash == target.length() - 1) {
      handler.respond(Responses.json(404, Responses.NO_OBJECT), keepAlive);
      return;
    }
    String bucket = target.substring(1, slash);
    String key = target.substring(slash + 1);
    boolean head = req.method().equals(HttpMethod.HEAD);
    String range = req.headers().get(HttpHeaderNames.RANGE);
    String ifNoneMatch = req.headers().get(HttpHeaderNames.IF_NONE_MATCH);
    blocking.execute(() -> {
      try {
        answer(handler, ch, bucket, key, head, range, ifNoneMatch, keepAlive);
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.WARNING, "site object " + bucket + "/" + key + " could not be read", e);
        ch.eventLoop().execute(() -> handler.respond(Responses.json(502, Responses.BAD_GATEWAY), keepAlive));
      }
    });
  }

  private void answer(EdgeHandler handler, Channel ch, String bucket, String key, boolean head, String rangeHeader,
      String ifNoneMatch, boolean keepAlive) throws IOException {
    ByteRange range = ByteRange.parse(rangeHeader);
    ObjectSource.Read read;
    if (head) {
      Optional<ObjectSource.ObjectInfo> info = objects.head(bucket, key);
      read = info.isEmpty() ? new ObjectSource.Missing()
          : ObjectSource.matches(ifNoneMatch, info.get().etag()) ? new ObjectSource.NotModified(info.get())
          : headRead(info.get(), range);
    } else {
      read = objects.get(bucket, key, range, ifNoneMatch);
    }
    switch (read) {
      case ObjectSource.Missing m -> full(handler, ch, Responses.json(404, Responses.NO_OBJECT), keepAlive);
      case ObjectSource.NotModified n -> {
        FullHttpResponse r = Responses.json(304, null);
        r.headers().remove(HttpHeaderNames.CONTENT_TYPE).remove(HttpHeaderNames.CONTENT_LENGTH);
        describe(r.headers(), key, n.info());
        full(handler, ch, r, keepAlive);
      }
      case ObjectSource.Unsatisfiable u -> {
        FullHttpResponse r = Responses.json(416, Responses.RANGE);
        r.headers().set(HttpHeaderNames.CONTENT_RANGE, "bytes */" + u.info().size());
        full(handler, ch, r, keepAlive);
      }
      case ObjectSource.Found f -> stream(handler, ch, key, f, head, keepAlive);
    }
  }

  /** HEAD answers what GET would, without reading the body. */
  private static ObjectSource.Read headRead(ObjectSource.ObjectInfo info, ByteRange range) {
    if (range == null) {
      return new ObjectSource.Found(info, 0, info.size(), false, InputStream.nullInputStream());
    }
    long[] r = range.resolve(info.size());
    return r == null ? new ObjectSource.Unsatisfiable(info)
        : new ObjectSource.Found(info, r[0], r[1], true, InputStream.nullInputStream());
  }

  private static void stream(EdgeHandler handler, Channel ch, String key, ObjectSource.Found f, boolean head,
      boolean keepAlive) throws IOException {
    try (InputStream in = f.body()) {
      HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1,
          f.partial() ? HttpResponseStatus.PARTIAL_CONTENT : HttpResponseStatus.OK);
      describe(r.headers(), key, f.info());
      r.headers().set(HttpHeaderNames.CONTENT_LENGTH, f.length());
      if (f.partial()) {
        r.headers().set(HttpHeaderNames.CONTENT_RANGE,
            "bytes " + f.first() + "-" + (f.first() + f.length() - 1) + "/" + f.info().size());
      }
      if (!keepAlive) {
        r.headers().set(HttpHeaderNames.CONNECTION, "close");
      }
      ch.write(r);
      if (!head) {
        byte[] buf = new byte[CHUNK];
        long left = f.length();
        while (left > 0) {
          int n = in.read(buf, 0, (int) Math.min(buf.length, left));
          if (n < 0) {
            break;
          }
          left -= n;
          // waiting for each chunk to be written keeps at most one chunk in memory per response (backpressure)
          ch.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(buf, 0, n))).syncUninterruptibly();
        }
      }
      ch.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
    } catch (RuntimeException e) {
      // the client went away mid-body: nothing to answer
      ch.close();
      return;
    }
    ch.eventLoop().execute(handler::responseDone);
  }

  private static void full(EdgeHandler handler, Channel ch, FullHttpResponse r, boolean keepAlive) {
    ch.eventLoop().execute(() -> handler.respond(r, keepAlive));
  }

  private static void describe(HttpHeaders h, String key, ObjectSource.ObjectInfo info) {
    String type = ContentTypes.of(key, info.contentType());
    h.set(HttpHeaderNames.CONTENT_TYPE, type);
    h.set(HttpHeaderNames.ETAG, "\"" + info.etag() + "\"");
    h.set(HttpHeaderNames.ACCEPT_RANGES, "bytes");
    h.set(HttpHeaderNames.CACHE_CONTROL, ContentTypes.html(type) ? HTML_CACHE : ASSET_CACHE);
    if (info.lastModified() != null) {
      h.set(HttpHeaderNames.LAST_MODIFIED,
          DateTimeFormatter.RFC_1123_DATE_TIME.format(info.lastModified().atOffset(ZoneOffset.UTC)));
    }
  }
}
