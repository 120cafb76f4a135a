package dev.inkwell.runner.filter;

import java.util.ArrayList;
import java.util.List;

/**
 * What the filters of one call decided: pass (possibly with rewrites and response headers) or stop with a status.
 * A connection reuses one instance for its calls ({@link #reset()} between them), so the decision path allocates
 * only the strings it adds.
 *
 * <p>Headers are kept as flat name/value lists in the order they were set; a null value on an upstream header asks
 * APISIX to remove that header.
 */
public final class Verdict {

  private int status;
  private String body;
  private String path;
  private final List<String> upstreamHeaders = new ArrayList<>();
  private final List<String> responseHeaders = new ArrayList<>();
  private final List<String> args = new ArrayList<>();

  /** Stops the request: APISIX answers the client with this status, the response headers set so far, and body. */
  public void reject(int status, String body) {
    this.status = status;
    this.body = body;
  }

  public boolean stopped() {
    return status != 0;
  }

  /** Sets a request header for the upstream; {@code value == null} removes it. */
  public void upstreamHeader(String name, String value) {
    upstreamHeaders.add(name);
    upstreamHeaders.add(value);
  }

  /** Adds a header to the response the client gets (whether the request passes or stops). */
  public void responseHeader(String name, String value) {
    responseHeaders.add(name);
    responseHeaders.add(value);
  }

  public void rewritePath(String path) {
    this.path = path;
  }

  public void rewriteArg(String name, String value) {
    args.add(name);
    args.add(value);
  }

  public int status() {
    return status;
  }

  public String body() {
    return body;
  }

  public String path() {
    return path;
  }

  /** Flat name, value, name, value... */
  public List<String> upstreamHeaders() {
    return upstreamHeaders;
  }

  public List<String> responseHeaders() {
    return responseHeaders;
  }

  public List<String> args() {
    return args;
  }

  public boolean rewrites() {
    return path != null || !upstreamHeaders.isEmpty() || !responseHeaders.isEmpty() || !args.isEmpty();
  }

  /** The value of the last upstream header set with this name (tests and diagnostics). */
  public String upstreamHeader(String name) {
    return last(upstreamHeaders, name);
  }

  public String responseHeader(String name) {
    return last(responseHeaders, name);
  }

  private static String last(List<String> flat, String name) {
    String found = null;
    for (int i = 0; i < flat.size(); i += 2) {
      if (flat.get(i).equalsIgnoreCase(name)) {
        found = flat.get(i + 1);
      }
    }
    return found;
  }

  public void reset() {
    status = 0;
    body = null;
    path = null;
    upstreamHeaders.clear();
    responseHeaders.clear();
    args.clear();
  }
}
