package dev.inkwell.runtime.http;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A request copied out of Netty's buffers on the event loop, so the JS side can read it on its own thread at any time
 * without reference-counting hazards.
 */
record RequestData(
    String method,
    String uri,
    String path,
    String rawQuery,
    String host,
    String[] headers,
    String contentType,
    String authorization,
    byte[] body,
    boolean keepAlive,
    String requestId) {

  private static final AtomicLong SEQUENCE = new AtomicLong();
  // Request ids: a per-process random prefix plus a counter, unique without collision checks.
  private static final String PREFIX = Integer.toString(new java.security.SecureRandom().nextInt() & 0x7fffffff, 36);

  /** The first value of a header (name in lower case), or null. */
  String header(String name) {
    for (int i = 0; i + 1 < headers.length; i += 2) {
      if (headers[i].equals(name)) {
        return headers[i + 1];
      }
    }
    return null;
  }

  static RequestData of(FullHttpRequest req) {
    String uri = req.uri();
    int q = uri.indexOf('?');
    String rawPath = q < 0 ? uri : uri.substring(0, q);
    String path = QueryStringDecoder.decodeComponent(rawPath);
    List<String> flat = new ArrayList<>(req.headers().size() * 2);
    for (Map.Entry<CharSequence, CharSequence> h : (Iterable<Map.Entry<CharSequence, CharSequence>>) req.headers()::iteratorCharSequence) {
      flat.add(h.getKey().toString().toLowerCase(java.util.Locale.ROOT));
      flat.add(h.getValue().toString());
    }
    byte[] body = new byte[req.content().readableBytes()];
    req.content().getBytes(req.content().readerIndex(), body);
    String requestId = req.headers().get("x-request-id");
    if (requestId == null || requestId.isEmpty() || requestId.length() > 128 || !safeId(requestId)) {
      requestId = PREFIX + "-" + Long.toString(SEQUENCE.incrementAndGet(), 36);
    }
    String host = req.headers().get(HttpHeaderNames.HOST);
    return new RequestData(req.method().name(), uri, path, q < 0 ? "" : uri.substring(q + 1),
        host == null ? "" : host, flat.toArray(String[]::new), req.headers().get(HttpHeaderNames.CONTENT_TYPE),
        req.headers().get(HttpHeaderNames.AUTHORIZATION), body, HttpUtil.isKeepAlive(req), requestId);
  }

  private static boolean safeId(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.' || c == ':')) {
        return false;
      }
    }
    return true;
  }

  /** Query parameter names and values, alternating. */
  String[] queryPairs() {
    return rawQuery.isEmpty() ? new String[0] : pairs(new QueryStringDecoder(rawQuery, false).parameters());
  }

  /** Names and values of decoded parameters, alternating. */
  static String[] pairs(Map<String, List<String>> params) {
    List<String> flat = new ArrayList<>();
    params.forEach((k, values) -> values.forEach(v -> {
      flat.add(k);
      flat.add(v);
    }));
    return flat.toArray(String[]::new);
  }

  /** The function name a path asks for: the path without its leading and trailing slashes. */
  String functionName() {
    int start = 0;
    int end = path.length();
    while (start < end && path.charAt(start) == '/') {
      start++;
    }
    while (end > start && path.charAt(end - 1) == '/') {
      end--;
    }
    return path.substring(start, end);
  }
}
