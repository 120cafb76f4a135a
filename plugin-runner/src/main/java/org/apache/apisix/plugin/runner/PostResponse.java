package org.apache.apisix.plugin.runner;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.inkwell.runner.protocol.Replies;
import io.github.api7.A6.HTTPRespCall.Resp;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Changes to the upstream's response: status, headers, body. Unset parts stay as the upstream sent them. */
public class PostResponse implements A6Response {

  private final long requestId;
  private final Map<String, String> headers = new LinkedHashMap<>();
  private String body;
  private Integer statusCode;
  private Charset charset = StandardCharsets.UTF_8;

  public PostResponse(long requestId) {
    this.requestId = requestId;
  }

  @Override
  public ByteBuffer encode() {
    FlatBufferBuilder b = new FlatBufferBuilder(256);
    int headersVec = 0;
    if (!headers.isEmpty()) {
      List<String> flat = new ArrayList<>(2 * headers.size());
      headers.forEach((name, value) -> {
        flat.add(name);
        flat.add(value);
      });
      headersVec = Resp.createHeadersVector(b, Replies.entries(b, flat));
    }
    int bodyVec = body == null ? 0 : Resp.createBodyVector(b, body.getBytes(charset));
    Resp.startResp(b);
    Resp.addId(b, requestId);
    if (statusCode != null) {
      Resp.addStatus(b, statusCode);
    }
    if (headersVec != 0) {
      Resp.addHeaders(b, headersVec);
    }
    if (bodyVec != 0) {
      Resp.addBody(b, bodyVec);
    }
    b.finish(Resp.endResp(b));
    return b.dataBuffer();
  }

  @Override
  public byte getType() {
    return 4;
  }

  public void setHeader(String name, String value) {
    headers.put(name, value);
  }

  public void setBody(String body) {
    this.body = body;
  }

  public void setStatusCode(int statusCode) {
    this.statusCode = statusCode;
  }

  public void setCharset(Charset charset) {
    this.charset = charset;
  }
}
