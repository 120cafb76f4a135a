package dev.inkwell.runtime.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestDataTest {

  private static FullHttpRequest request(String uri) {
    FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, uri,
        Unpooled.copiedBuffer("body", StandardCharsets.UTF_8));
    r.headers().set("Host", "a.localhost").set("X-Custom", "v");
    return r;
  }

  @Test
  void copiesTheRequestOutOfNettysBuffers() {
    FullHttpRequest req = request("/user/login/?x=1");
    RequestData d = RequestData.of(req);
    req.release();
    assertEquals("user/login", d.functionName());
    assertEquals("x=1", d.rawQuery());
    assertEquals("body", new String(d.body(), StandardCharsets.UTF_8));
    assertEquals("x-custom", d.headers()[2]);
  }

  @Test
  void keepsASafeCallerRequestIdAndReplacesAnUnsafeOne() {
    FullHttpRequest req = request("/f");
    req.headers().set("x-request-id", "abc-1.2_3");
    assertEquals("abc-1.2_3", RequestData.of(req).requestId());
    req.headers().set("x-request-id", "evil\"id");
    String generated = RequestData.of(req).requestId();
    assertNotEquals("evil\"id", generated);
    assertTrue(generated.matches("[a-z0-9]+-[a-z0-9]+"), generated);
    req.release();
  }
}
