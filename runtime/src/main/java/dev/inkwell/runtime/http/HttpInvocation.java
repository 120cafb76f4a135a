package dev.inkwell.runtime.http;

import dev.inkwell.runtime.cloud.TokenService;
import dev.inkwell.runtime.engine.Invocation;
import dev.inkwell.runtime.engine.Json;
import dev.inkwell.runtime.metrics.RuntimeMetrics;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;

/** A function call arriving over HTTP: reads come from a {@link RequestData}, answers go to the connection. */
final class HttpInvocation extends Invocation {

  private static final Logger LOG = Logger.getLogger("inkwell.call");
  private static final String TEXT = "text/plain; charset=utf-8";
  private static final String JSON = "application/json; charset=utf-8";
  private static final String BYTES = "application/octet-stream";

  private final String appid;
  private final RequestData req;
  private final ResponseChannel out;
  private final TokenService tokens;
  private final RuntimeMetrics.FunctionSeries series;
  private final long started = System.nanoTime();

  HttpInvocation(String appid, RequestData req, String functionName, ResponseChannel out, TokenService tokens,
      RuntimeMetrics.FunctionSeries series) {
    super(req.requestId(), functionName);
    this.appid = appid;
    this.req = req;
    this.out = out;
    this.tokens = tokens;
    this.series = series;
  }

  // ---------------------------------------------------------------- request

  @Override
  protected String readMethod() {
    return req.method();
  }

  @Override
  protected String readUrl() {
    return req.uri();
  }

  @Override
  protected String readPath() {
    return req.path();
  }

  @Override
  protected String[] readHeaders() {
    return req.headers();
  }

  @Override
  protected String[] readQuery() {
    return req.queryPairs();
  }

  @Override
  protected int readBodyKind() {
    if (req.body().length == 0) {
      return BODY_NONE;
    }
    String ct = req.contentType() == null ? "" : req.contentType().toLowerCase(java.util.Locale.ROOT);
    if (ct.startsWith("application/json") || ct.contains("+json")) {
      return BODY_JSON;
    }
    if (ct.startsWith("application/x-www-form-urlencoded")) {
      return BODY_FORM;
    }
    if (ct.startsWith("text/")) {
      return BODY_TEXT;
    }
    return BODY_BYTES;
  }

  @Override
  protected String readBodyText() {
    return new String(req.body(), StandardCharsets.UTF_8);
  }

  @Override
  protected String[] readBodyForm() {
    return RequestData.pairs(new QueryStringDecoder(bodyText(), StandardCharsets.UTF_8, false).parameters());
  }

  @Override
  protected ByteBuffer readBodyBuffer() {
    return ByteBuffer.wrap(req.body());
  }

  @Override
  protected String readUserJson() {
    String token = TokenService.bearer(req.authorization());
    return token == null ? null : tokens.verify(token);
  }

  // ---------------------------------------------------------------- answers

  @Override
  protected void writeFull(int status, String[] headers, int payloadKind, String text, byte[] bytes) {
    byte[] body = switch (payloadKind) {
      case PAYLOAD_TEXT, PAYLOAD_JSON -> text.getBytes(StandardCharsets.UTF_8);
      case PAYLOAD_BYTES -> bytes;
      default -> new byte[0];
    };
    FullHttpResponse res;
    try {
      res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
          Unpooled.wrappedBuffer(body));
      HttpHeaders h = res.headers();
      if (payloadKind != PAYLOAD_NONE || body.length > 0) {
        h.set(HttpHeaderNames.CONTENT_TYPE, payloadKind == PAYLOAD_JSON ? JSON : payloadKind == PAYLOAD_BYTES ? BYTES : TEXT);
      }
      applyHeaders(h, headers);
    } catch (IllegalArgumentException e) {
      LOG.warning(() -> "request " + requestId() + ": invalid response from " + functionName() + ": " + e.getMessage());
      res = error(500, "function sent an invalid response");
    }
    common(res.headers());
    HttpUtil.setContentLength(res, res.content().readableBytes());
    out.send(res, req.keepAlive());
  }

  @Override
  protected void writeHead(int status, String[] headers) {
    HttpResponse res = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status));
    try {
      applyHeaders(res.headers(), headers);
    } catch (IllegalArgumentException e) {
      LOG.warning(() -> "request " + requestId() + ": invalid header from " + functionName() + ": " + e.getMessage());
    }
    if (!res.headers().contains(HttpHeaderNames.CONTENT_TYPE)) {
      res.headers().set(HttpHeaderNames.CONTENT_TYPE, TEXT);
    }
    common(res.headers());
    res.headers().remove(HttpHeaderNames.CONTENT_LENGTH);
    HttpUtil.setTransferEncodingChunked(res, true);
    out.sendHead(res);
  }

  @Override
  protected void writeChunk(byte[] chunk) {
    if (chunk.length > 0) {
      out.sendChunk(new DefaultHttpContent(Unpooled.wrappedBuffer(chunk)));
    }
  }

  @Override
  protected void writeEnd() {
    out.sendEnd(LastHttpContent.EMPTY_LAST_CONTENT, req.keepAlive());
  }

  @Override
  protected void writeError(int status, String message) {
    FullHttpResponse res = error(status, message);
    common(res.headers());
    out.send(res, req.keepAlive());
  }

  private FullHttpResponse error(int status, String message) {
    return Responses.error(HttpResponseStatus.valueOf(status), message, requestId());
  }

  private void common(HttpHeaders h) {
    h.set("x-request-id", requestId());
    String origin = req.header("origin");
    if (origin != null && !h.contains("access-control-allow-origin")) {
      cors(h, origin);
    }
    String logs = capturedLogs();
    if (logs != null) {
      h.set("x-inkwell-logs", logs);
    }
  }

  /** The caller's origin reflected, with credentials, as Laf's runtime does (a function may set its own instead). */
  static void cors(HttpHeaders h, String origin) {
    h.set("access-control-allow-origin", origin);
    h.set("access-control-allow-credentials", "true");
    h.add("vary", "Origin");
  }

  private static void applyHeaders(HttpHeaders h, String[] headers) {
    for (int i = 0; i + 1 < headers.length; i += 2) {
      h.set(headers[i], headers[i + 1]);
    }
  }

  @Override
  protected void completed(Outcome outcome, String detail) {
    long nanos = System.nanoTime() - started;
    series.record(outcome, nanos);
    switch (outcome) {
      case ERROR -> LOG.log(Level.WARNING, "app={0} fn={1} requestId={2} error: {3}",
          new Object[] {appid, functionName(), requestId(), detail});
      case TIMEOUT, UNAVAILABLE -> LOG.log(Level.WARNING, "app={0} fn={1} requestId={2} {3}: {4}",
          new Object[] {appid, functionName(), requestId(), outcome, detail});
      default -> {
      }
    }
  }

  static String errorJson(String message, String requestId) {
    StringBuilder sb = new StringBuilder(64).append("{\"error\":");
    Json.quote(sb, message);
    return sb.append(",\"requestId\":").append(Json.quote(requestId)).append('}').toString();
  }
}
