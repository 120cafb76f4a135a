package org.apache.apisix.plugin.runner;

import io.github.api7.A6.HTTPReqCall.Req;
import io.github.api7.A6.TextEntry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.apisix.plugin.runner.filter.PluginFilter;

/**
 * The request APISIX is about to proxy, as one HTTPReqCall carried it. Everything is copied out of the frame when the
 * request is built, so a filter may keep using it after the frame's buffer is gone (our filters of this kind run on
 * another thread). Setters do not change this request: they record what APISIX should rewrite, in the response.
 */
public class HttpRequest implements A6Request {

  /** The methods of the protocol, in the order of its {@code Method} enum. */
  public enum Method {
    GET, HEAD, POST, PUT, DELETE, MKCOL, COPY, MOVE, OPTIONS, PROPFIND, PROPPATCH, LOCK, UNLOCK, PATCH, TRACE
  }

  private final long requestId;
  private final long confToken;
  private final byte[] sourceIp;
  private final Method method;
  private final String path;
  private final Map<String, String> headers;
  private final Map<String, String> args;
  private HttpResponse response;
  private Map<String, String> config = Map.of();
  private Map<String, String> vars = Map.of();
  private byte[] body;

  public HttpRequest(Req req) {
    this.requestId = req.id();
    this.confToken = req.confToken();
    this.sourceIp = new byte[req.srcIpLength()];
    for (int i = 0; i < sourceIp.length; i++) {
      sourceIp[i] = (byte) req.srcIp(i);
    }
    Method[] methods = Method.values();
    this.method = req.method() < methods.length ? methods[req.method()] : null;
    this.path = req.path();
    TextEntry e = new TextEntry();
    this.headers = new LinkedHashMap<>();
    for (int i = 0; i < req.headersLength(); i++) {
      req.headers(e, i);
      headers.merge(e.name(), nullToEmpty(e.value()), (a, b) -> a + ", " + b);
    }
    this.args = new LinkedHashMap<>();
    for (int i = 0; i < req.argsLength(); i++) {
      req.args(e, i);
      args.putIfAbsent(e.name(), nullToEmpty(e.value()));
    }
  }

  public static HttpRequest from(ByteBuffer buffer) {
    return new HttpRequest(Req.getRootAsReq(buffer));
  }

  public void initCtx(HttpResponse response, Map<String, String> config) {
    this.response = response;
    this.config = config == null ? Map.of() : config;
  }

  /** This filter's {@code value} string from the route's conf, or null. */
  public String getConfig(PluginFilter filter) {
    return config.get(filter.name());
  }

  public long getRequestId() {
    return requestId;
  }

  public long getConfToken() {
    return confToken;
  }

  /** The client address in text form ({@code 192.0.2.1}, {@code 2001:db8::1}), or null if APISIX sent none. */
  public String getSourceIP() {
    if (sourceIp.length != 4 && sourceIp.length != 16) {
      return null;
    }
    try {
      return InetAddress.getByAddress(sourceIp).getHostAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }

  public Method getMethod() {
    return method;
  }

  public String getPath() {
    return path;
  }

  /** Asks APISIX to send the request upstream with this path. */
  public void setPath(String path) {
    response().setPath(path);
  }

  /** Request headers (names lower-case, as APISIX sends them; repeated headers joined with ", "). */
  public Map<String, String> getHeaders() {
    return headers;
  }

  public String getHeader(String name) {
    String v = headers.get(name);
    return v != null || name == null ? v : headers.get(name.toLowerCase(Locale.ROOT));
  }

  /** Asks APISIX to set (or, with a null value, remove) this request header upstream. */
  public void setHeader(String name, String value) {
    response().setReqHeader(name, value);
  }

  public Map<String, String> getArgs() {
    return args;
  }

  public String getArg(String name) {
    return args.get(name);
  }

  public void setArg(String name, String value) {
    response().setArg(name, value);
  }

  /** An nginx variable this filter listed in {@code requiredVars()}; null if APISIX has no value for it. */
  public String getVars(String name) {
    return vars.get(name);
  }

  public void setVars(Map<String, String> vars) {
    this.vars = vars == null ? Map.of() : vars;
  }

  /** The request body, if a filter of this conf asked for it with {@code requiredBody()}. */
  public String getBody() {
    return getBody(StandardCharsets.UTF_8);
  }

  public String getBody(Charset charset) {
    return body == null ? null : new String(body, charset);
  }

  public void setBody(String body) {
    this.body = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
  }

  public void setBody(byte[] body) {
    this.body = body;
  }

  @Override
  public byte getType() {
    return 2;
  }

  private HttpResponse response() {
    if (response == null) {
      response = new HttpResponse(requestId);
    }
    return response;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
