package dev.inkwell.tenancy.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the control API on a free local port: answers canned JSON by "METHOD /raw/path" (query excluded) and
 * records every request. Anything not canned answers the API's 404 error shape.
 */
final class ApiStandIn implements AutoCloseable {

  record Request(String method, String path, String query, String authorization, String contentType, byte[] body) {
    String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private record Answer(int status, String json) {
  }

  private final HttpServer server;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  ApiStandIn() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  ApiStandIn answer(String methodAndPath, int status, String json) {
    answers.put(methodAndPath, new Answer(status, json));
    return this;
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      URI uri = ex.getRequestURI();
      byte[] body = ex.getRequestBody().readAllBytes();
      requests.add(new Request(ex.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(),
          ex.getRequestHeaders().getFirst("Authorization"), ex.getRequestHeaders().getFirst("Content-Type"), body));
      Answer a = answers.getOrDefault(ex.getRequestMethod() + " " + uri.getRawPath(),
          new Answer(404, "{\"error\":{\"code\":\"not_found\",\"message\":\"nothing canned for "
              + ex.getRequestMethod() + " " + uri.getRawPath() + "\"}}"));
      byte[] out = a.json().getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(a.status(), out.length);
      ex.getResponseBody().write(out);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
