package dev.inkwell.tenancy.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The control API over the JDK HTTP client: JSON in, JSON out, error answers turned into {@link ApiError}, transport
 * failures into an exit-3 {@link Failure} that names the server. Paths are built from segments, each percent-encoded.
 */
final class Api {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  private final Target target;
  private final HttpClient http;

  Api(Target target, HttpClient http) {
    this.target = target;
    this.http = http;
  }

  Target target() {
    return target;
  }

  /**
   * {@code /v1/apps/{appid}} followed by more segments. A segment may hold '/' (function names such as
   * {@code api/users}, object keys): it is sent as {@code %2F}, so {@code functions/x%2Fpublish} stays the function
   * {@code x/publish} and never reads as the publish call of {@code x}.
   */
  static String app(String appid, String... more) {
    StringBuilder s = new StringBuilder("/v1/apps/").append(segment(appid));
    for (String m : more) {
      s.append('/').append(segment(m));
    }
    return s.toString();
  }

  static String query(Map<String, String> params) {
    StringJoiner q = new StringJoiner("&", "?", "");
    q.setEmptyValue("");
    params.forEach((k, v) -> {
      if (v != null) {
        q.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8));
      }
    });
    return q.toString();
  }

  private static String segment(String s) {
    // URLEncoder is form encoding: a space becomes '+', which a path must spell %20.
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static ObjectNode object() {
    return JSON.createObjectNode();
  }

  JsonNode get(String path) {
    return send("GET", path, BodyPublishers.noBody(), null);
  }

  JsonNode delete(String path) {
    return send("DELETE", path, BodyPublishers.noBody(), null);
  }

  JsonNode post(String path, JsonNode body) {
    return send("POST", path, json(body), "application/json");
  }

  JsonNode put(String path, JsonNode body) {
    return send("PUT", path, json(body), "application/json");
  }

  JsonNode patch(String path, JsonNode body) {
    return send("PATCH", path, json(body), "application/json");
  }

  JsonNode putFile(String path, Path file, String contentType) {
    try {
      return send("PUT", path, BodyPublishers.ofFile(file), contentType);
    } catch (FileNotFoundException e) {
      throw Failure.user(file + ": not readable");
    }
  }

  private static BodyPublisher json(JsonNode body) {
    try {
      return BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body == null ? object() : body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private JsonNode send(String method, String path, BodyPublisher body, String contentType) {
    URI uri = URI.create(target.url() + path);
    HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
        .header("Authorization", "Bearer " + target.token())
        .header("Accept", "application/json")
        .method(method, body);
    if (contentType != null) {
      req.header("Content-Type", contentType);
    }
    String raw;
    int status;
    try {
      var res = http.send(req.build(), BodyHandlers.ofString(StandardCharsets.UTF_8));
      raw = res.body();
      status = res.statusCode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Failure.unreachable("interrupted while calling " + target.url());
    } catch (IOException e) {
      throw unreachable(e);
    }
    JsonNode parsed = parse(raw);
    if (status >= 200 && status < 300) {
      if (parsed == null && !raw.isBlank()) {
        throw Failure.user(method + " " + path + ": the server answered " + status + " with something that is not JSON");
      }
      return parsed == null ? object() : parsed;
    }
    return throwError(status, parsed, raw);
  }

  private JsonNode throwError(int status, JsonNode parsed, String raw) {
    String hint = switch (status) {
      case 401 -> "(token from " + target.tokenSource() + ")";
      case 403 -> "(token from " + target.tokenSource() + ": an operator token is needed)";
      default -> null;
    };
    throw ApiError.of(status, parsed, raw, hint);
  }

  private static JsonNode parse(String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    try {
      return JSON.readTree(raw);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private Failure unreachable(IOException e) {
    String why = reason(e);
    String dev = "localhost".equals(target.url().getHost()) || "127.0.0.1".equals(target.url().getHost())
        ? ": is ./inkwell dev running?" : "";
    return Failure.unreachable("cannot reach " + target.url() + " (" + why + ")" + dev);
  }

  private static String reason(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof HttpConnectTimeoutException) {
        return "connection timed out";
      }
      if (t instanceof HttpTimeoutException) {
        return "no answer within " + TIMEOUT.toMinutes() + " minutes";
      }
      if (t instanceof ConnectException) {
        return "connection refused";
      }
      if (t instanceof UnresolvedAddressException || t instanceof java.net.UnknownHostException) {
        return "unknown host";
      }
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
