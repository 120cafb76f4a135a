package org.apache.apisix.plugin.runner;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.inkwell.runner.filter.Verdict;
import dev.inkwell.runner.protocol.Replies;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the filters decided for one HTTPReqCall. Setting a status or a body stops the request (APISIX answers the
 * client itself); setting request headers, args or the path rewrites it; {@link #setHeader} adds a response header in
 * either case.
 */
public class HttpResponse implements A6Response {

  private final long requestId;
  private final Map<String, String> reqHeaders = new LinkedHashMap<>();
  private final Map<String, String> respHeaders = new LinkedHashMap<>();
  private final Map<String, String> args = new LinkedHashMap<>();
  private String path;
  private String body;
  private Integer statusCode;

  public HttpResponse(long requestId) {
    this.requestId = requestId;
  }

  /** Sets (or, with a null value, removes) a request header before APISIX proxies the request. */
  public void setReqHeader(String name, String value) {
    reqHeaders.put(name, value);
  }

  public void setArg(String name, String value) {
    args.put(name, value);
  }

  public void setPath(String path) {
    this.path = path;
  }

  /** Sets a header of the response the client gets. */
  public void setHeader(String name, String value) {
    respHeaders.put(name, value);
  }

  public void setBody(String body) {
    this.body = body;
  }

  public void setStatusCode(int statusCode) {
    this.statusCode = statusCode;
  }

  /** Stop if a status or body was set, else rewrite if anything was set, else none. */
  public ActionType getActionType() {
    if (statusCode != null || body != null) {
      return ActionType.Stop;
    }
    return reqHeaders.isEmpty() && respHeaders.isEmpty() && args.isEmpty() && path == null
        ? ActionType.NONE : ActionType.Rewrite;
  }

  /** Adds this response's decisions to {@code verdict} (used by the runner; filters need not call it). */
  public void applyTo(Verdict verdict) {
    if (getActionType() == ActionType.Stop) {
      verdict.reject(statusCode == null ? 200 : statusCode, body);
    }
    reqHeaders.forEach(verdict::upstreamHeader);
    respHeaders.forEach(verdict::responseHeader);
    args.forEach(verdict::rewriteArg);
    if (path != null) {
      verdict.rewritePath(path);
    }
  }

  @Override
  public ByteBuffer encode() {
    Verdict v = new Verdict();
    applyTo(v);
    FlatBufferBuilder b = new FlatBufferBuilder(256);
    b.finish(Replies.httpReqCall(b, requestId, v));
    return b.dataBuffer();
  }

  @Override
  public byte getType() {
    return 2;
  }
}
