package dev.inkwell.controller.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for APISIX's Admin API (no APISIX package exists for these machines), over the real etcd: the routes
 * endpoints as APISIX 3.x answers them. {@code X-API-KEY} checked (401 otherwise); list with {@code page} /
 * {@code page_size}; {@code create_time}/{@code update_time} refused in bodies (400) and set by the server, create time
 * kept on update; {@code modifiedIndex} is the etcd mod revision; 404 for a missing key.
 */
final class AdminApiStandIn implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpServer server;
  private final Client etcd;
  private final String adminKey;
  final AtomicInteger writes = new AtomicInteger();

  AdminApiStandIn(Client etcd, String adminKey) throws IOException {
    this.etcd = etcd;
    this.adminKey = adminKey;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.createContext("/apisix/admin/routes", this::handle);
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private void handle(HttpExchange ex) throws IOException {
    try {
      if (!adminKey.equals(ex.getRequestHeaders().getFirst("X-API-KEY"))) {
        answer(ex, 401, "{\"message\":\"failed to check token\"}");
        return;
      }
      String path = ex.getRequestURI().getPath();
      String id = path.length() > "/apisix/admin/routes/".length() ? path.substring(path.lastIndexOf('/') + 1) : null;
      switch (ex.getRequestMethod() + (id == null ? " list" : " one")) {
        case "GET list" -> list(ex);
        case "GET one" -> {
          KeyValue kv = get(id);
          answer(ex, kv == null ? 404 : 200, kv == null ? "{\"message\":\"Key not found\"}" : item(kv).toString());
        }
        case "PUT one" -> put(ex, id);
        case "DELETE one" -> {
          KeyValue kv = get(id);
          if (kv == null) {
            answer(ex, 404, "{\"message\":\"Key not found\"}");
          } else {
            etcd.getKVClient().delete(key(id)).get(5, TimeUnit.SECONDS);
            writes.incrementAndGet();
            answer(ex, 200, "{\"deleted\":\"1\",\"key\":\"/apisix/routes/" + id + "\"}");
          }
        }
        default -> answer(ex, 405, "{\"message\":\"not supported by the stand-in\"}");
      }
    } catch (Exception e) {
      answer(ex, 500, "{\"message\":\"" + e + "\"}");
    }
  }

  private void list(HttpExchange ex) throws Exception {
    int page = 1;
    int size = 10;
    String q = ex.getRequestURI().getQuery();
    for (String kv : q == null ? new String[0] : q.split("&")) {
      String[] p = kv.split("=", 2);
      if (p[0].equals("page")) {
        page = Integer.parseInt(p[1]);
      } else if (p[0].equals("page_size")) {
        size = Integer.parseInt(p[1]);
      }
    }
    if (size < 10 || size > 500) {
      answer(ex, 400, "{\"error_msg\":\"page_size must be 10..500\"}");
      return;
    }
    List<KeyValue> all = etcd.getKVClient().get(key(""), GetOption.builder().isPrefix(true)
        .withSortField(GetOption.SortTarget.KEY).build()).get(5, TimeUnit.SECONDS).getKvs();
    ObjectNode body = JSON.createObjectNode().put("total", all.size());
    ArrayNode list = body.putArray("list");
    for (KeyValue kv : all.subList(Math.min(all.size(), (page - 1) * size), Math.min(all.size(), page * size))) {
      list.add(item(kv));
    }
    answer(ex, 200, body.toString());
  }

  private void put(HttpExchange ex, String id) throws Exception {
    JsonNode body = JSON.readTree(ex.getRequestBody());
    if (!body.isObject() || body.has("create_time") || body.has("update_time")) {
      answer(ex, 400, "{\"error_msg\":\"invalid configuration: additional properties forbidden, found create_time\"}");
      return;
    }
    ObjectNode value = (ObjectNode) body;
    value.put("id", id);
    KeyValue before = get(id);
    long now = System.currentTimeMillis() / 1000;
    value.put("create_time", before == null ? now : JSON.readTree(before.getValue().getBytes()).path("create_time")
        .asLong(now));
    value.put("update_time", now);
    etcd.getKVClient().put(key(id), ByteSequence.from(value.toString(), StandardCharsets.UTF_8)).get(5, TimeUnit.SECONDS);
    writes.incrementAndGet();
    answer(ex, before == null ? 201 : 200, item(get(id)).toString());
  }

  private KeyValue get(String id) throws Exception {
    List<KeyValue> kvs = etcd.getKVClient().get(key(id)).get(5, TimeUnit.SECONDS).getKvs();
    return kvs.isEmpty() ? null : kvs.getFirst();
  }

  private static ObjectNode item(KeyValue kv) throws IOException {
    ObjectNode o = JSON.createObjectNode();
    o.put("key", kv.getKey().toString(StandardCharsets.UTF_8));
    o.set("value", JSON.readTree(kv.getValue().getBytes()));
    o.put("createdIndex", kv.getCreateRevision());
    o.put("modifiedIndex", kv.getModRevision());
    return o;
  }

  private static ByteSequence key(String id) {
    return ByteSequence.from("/apisix/routes/" + id, StandardCharsets.UTF_8);
  }

  private static void answer(HttpExchange ex, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, b.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(b);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
