package dev.inkwell.runtime.http;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** The runtime's own small responses: short, stable JSON error bodies that carry the request id. */
final class Responses {

  private Responses() {
  }

  static FullHttpResponse error(HttpResponseStatus status, String message, String requestId) {
    return json(status, HttpInvocation.errorJson(message, requestId), requestId);
  }

  static FullHttpResponse json(HttpResponseStatus status, String json, String requestId) {
    return of(status, "application/json; charset=utf-8", json.getBytes(StandardCharsets.UTF_8), requestId);
  }

  static FullHttpResponse of(HttpResponseStatus status, String contentType, byte[] body, String requestId) {
    FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
    res.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    if (requestId != null) {
      res.headers().set("x-request-id", requestId);
    }
    HttpUtil.setContentLength(res, body.length);
    return res;
  }
}
