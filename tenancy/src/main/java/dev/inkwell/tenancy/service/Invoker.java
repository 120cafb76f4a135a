package dev.inkwell.tenancy.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.runtime.app.AppRuntime;
import dev.inkwell.tenancy.api.ApiException;
import dev.inkwell.tenancy.api.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;

/**
 * Debug calls of published functions for {@code POST .../invoke}: a request to the app's runtime (its upstream), with
 * the app's Host and {@code X-Inkwell-Debug}, a token derived from the app's server secret. The runtime then answers
 * with the console lines of that call in {@code X-Inkwell-Logs}. The edge strips client copies of every
 * {@code X-Inkwell-*} header, so only the control plane can ask for logs.
 *
 * <p>Setting the Host header needs {@code -Djdk.httpclient.allowRestrictedHeaders=host}; {@link #allowHostHeader()}
 * sets it before the first client is built.
 */
public final class Invoker {

  private static final Set<String> HOP = Set.of("connection", "content-length", "host", "transfer-encoding",
      "upgrade", "keep-alive", "expect");

  private final HttpClient client;
  private final Duration timeout;

  public Invoker(Duration timeout) {
    allowHostHeader();
    this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).version(HttpClient.Version.HTTP_1_1)
        .build();
    this.timeout = timeout;
  }

  /** Must run before the JDK's HTTP client classes initialise; every Inkwell main calls it first. */
  public static void allowHostHeader() {
    String current = System.getProperty("jdk.httpclient.allowRestrictedHeaders", "");
    if (!current.contains("host")) {
      System.setProperty("jdk.httpclient.allowRestrictedHeaders", current.isEmpty() ? "host" : current + ",host");
    }
  }

  public Document invoke(String upstream, String host, String serverSecret, String function, String method,
      Map<String, String> query, Map<String, String> headers, JsonNode body) {
    check(query, "query");
    check(headers, "headers");
    if (headers != null) {
      for (String name : headers.keySet()) {
        if (!HEADER_NAME.matcher(name).matches()) {
          throw ApiException.invalid("headers." + name, name, "an HTTP header name");
        }
      }
    }
    StringBuilder url = new StringBuilder("http://").append(upstream).append('/').append(function);
    if (query != null && !query.isEmpty()) {
      String sep = "?";
      for (Map.Entry<String, String> e : query.entrySet()) {
        url.append(sep).append(enc(e.getKey())).append('=').append(enc(e.getValue()));
        sep = "&";
      }
    }
    byte[] payload = body == null || body.isNull() || body.isMissingNode() ? new byte[0] : Json.bytes(body);
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url.toString())).timeout(timeout)
        .header("Host", host).header("X-Inkwell-Debug", AppRuntime.debugToken(serverSecret))
        .method(method, payload.length == 0 ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(payload));
    if (payload.length > 0) {
      b.header("Content-Type", "application/json");
    }
    if (headers != null) {
      headers.forEach((k, v) -> {
        String l = k.toLowerCase(java.util.Locale.ROOT);
        if (!HOP.contains(l) && !l.startsWith("x-inkwell-") && !(payload.length > 0 && l.equals("content-type"))) {
          b.header(k, v);
        }
      });
    }
    long start = System.nanoTime();
    HttpResponse<byte[]> r;
    try {
      r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new ApiException(502, "runtime_unavailable", "the app's runtime did not answer: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(503, "interrupted", "interrupted");
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    Map<String, Object> outHeaders = new LinkedHashMap<>();
    r.headers().map().forEach((k, v) -> {
      if (!k.equalsIgnoreCase("x-inkwell-logs") && !k.startsWith(":")) {
        outHeaders.put(k, v.size() == 1 ? v.get(0) : v);
      }
    });
    String type = r.headers().firstValue("content-type").orElse("");
    Object outBody;
    if (type.contains("json")) {
      try {
        outBody = Json.MAPPER.readTree(r.body());
      } catch (IOException e) {
        outBody = new String(r.body(), StandardCharsets.UTF_8);
      }
    } else {
      outBody = new String(r.body(), StandardCharsets.UTF_8);
    }
    return new Document("status", r.statusCode()).append("headers", outHeaders).append("body", outBody)
        .append("logs", logs(r.headers().firstValue("x-inkwell-logs").orElse(null))).append("durationMs", ms);
  }

  private static final java.util.regex.Pattern HEADER_NAME = java.util.regex.Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}");

  private static void check(Map<String, String> values, String field) {
    if (values != null) {
      for (Map.Entry<String, String> e : values.entrySet()) {
        if (e.getValue() == null || e.getValue().indexOf('\n') >= 0 || e.getValue().indexOf('\r') >= 0) {
          throw ApiException.invalid(field + "." + e.getKey(), e.getValue(), "a string on one line");
        }
      }
    }
  }

  private static Object logs(String header) {
    if (header == null) {
      return List.of();
    }
    try {
      return Json.MAPPER.readTree(Base64.getUrlDecoder().decode(header));
    } catch (IOException | IllegalArgumentException e) {
      return List.of();
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
