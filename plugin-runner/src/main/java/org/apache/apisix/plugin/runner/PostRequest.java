package org.apache.apisix.plugin.runner;

import io.github.api7.A6.HTTPRespCall.Req;
import io.github.api7.A6.TextEntry;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.apisix.plugin.runner.filter.PluginFilter;

/** The upstream's response as one HTTPRespCall carried it ({@code ext-plugin-post-resp}); copied out of the frame. */
public class PostRequest implements A6Request {

  private final long requestId;
  private final long confToken;
  private final int status;
  private final Map<String, String> headers = new LinkedHashMap<>();
  private Map<String, String> config = Map.of();
  private Map<String, String> vars = Map.of();
  private byte[] body;

  public PostRequest(Req req) {
    this.requestId = req.id();
    this.confToken = req.confToken();
    this.status = req.status();
    TextEntry e = new TextEntry();
    for (int i = 0; i < req.headersLength(); i++) {
      req.headers(e, i);
      headers.merge(e.name(), e.value() == null ? "" : e.value(), (a, b) -> a + ", " + b);
    }
  }

  public static PostRequest from(ByteBuffer buffer) {
    return new PostRequest(Req.getRootAsReq(buffer));
  }

  @Override
  public byte getType() {
    return 4;
  }

  public long getConfToken() {
    return confToken;
  }

  public long getRequestId() {
    return requestId;
  }

  public void initCtx(Map<String, String> config) {
    this.config = config == null ? Map.of() : config;
  }

  public String getConfig(PluginFilter filter) {
    return config.get(filter.name());
  }

  public Map<String, String> getUpstreamHeaders() {
    return headers;
  }

  public Integer getUpstreamStatusCode() {
    return status;
  }

  public void setBody(String body) {
    this.body = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
  }

  public void setBody(byte[] body) {
    this.body = body;
  }

  public String getBody() {
    return getBody(StandardCharsets.UTF_8);
  }

  public String getBody(Charset charset) {
    return body == null ? null : new String(body, charset);
  }

  public String getVars(String name) {
    return vars.get(name);
  }

  public void setVars(Map<String, String> vars) {
    this.vars = vars == null ? Map.of() : vars;
  }
}
