package dev.inkwell.standalone.edge;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** The edge's own answers: short, stable JSON bodies (the details go to the log). */
final class Responses {

  static final String NO_ROUTE = "{\"error_msg\":\"404 Route Not Found\"}"; // APISIX's own body
  static final String BAD_GATEWAY = "{\"error\":{\"code\":\"bad_gateway\",\"message\":\"upstream unavailable\"}}";
  static final String GATEWAY_TIMEOUT = "{\"error\":{\"code\":\"gateway_timeout\",\"message\":\"upstream timed out\"}}";
  static final String UNAVAILABLE = "{\"error\":{\"code\":\"unavailable\",\"message\":\"service unavailable\"}}";
  static final String NO_OBJECT = "{\"error\":{\"code\":\"not_found\",\"message\":\"no such object\"}}";
  static final String METHOD = "{\"error\":{\"code\":\"method_not_allowed\",\"message\":\"GET or HEAD only\"}}";
  static final String BAD_REQUEST = "{\"error\":{\"code\":\"bad_request\",\"message\":\"malformed request\"}}";
  static final String RANGE = "{\"error\":{\"code\":\"range_not_satisfiable\",\"message\":\"range not satisfiable\"}}";

  private Responses() {
  }

  static FullHttpResponse json(int status, String body) {
    byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
        Unpooled.wrappedBuffer(b));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
    r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, b.length);
    return r;
  }
}
