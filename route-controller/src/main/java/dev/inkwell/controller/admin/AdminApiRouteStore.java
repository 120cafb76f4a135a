package dev.inkwell.controller.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.controller.desired.RecordKey;
import dev.inkwell.controller.election.Leadership;
import dev.inkwell.controller.reconcile.Change;
import dev.inkwell.controller.reconcile.RouteStore;
import dev.inkwell.controller.reconcile.StoreUnavailableException;
import dev.inkwell.controller.reconcile.StoredRoute;
import dev.inkwell.controller.reconcile.WriteResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Routes written through APISIX's Admin API ({@code /apisix/admin/routes}), for installs that forbid direct etcd
 * writes. Same desired objects as the etcd writer; APISIX validates them again and sets {@code create_time} /
 * {@code update_time} itself (it refuses them in request bodies, so they are left out).
 *
 * <p>The Admin API has no conditional write, so the revision check is done just before each write: the key's
 * {@code modifiedIndex} is read and compared with the revision the diff was computed from (a mismatch is a
 * {@link WriteResult.Conflict}, re-read and diffed again). A write from someone else in the few milliseconds between
 * that read and the write is not detected, and the leadership guard is only checked before the batch: both are weaker
 * than the etcd writer's transactions, and said so in the README.
 *
 * <p>The admin key travels in the {@code X-API-KEY} header and is never logged.
 */
public final class AdminApiRouteStore implements RouteStore {

  private static final Logger LOG = Logger.getLogger(AdminApiRouteStore.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();
  static final int PAGE = 500; // the Admin API's largest page_size

  private final HttpClient http;
  private final URI routes;
  private final String adminKey;
  private final Duration timeout;

  /**
   * @param base the Admin API's address, e.g. {@code http://127.0.0.1:9180}
   * @param timeout how long one call may take before the store counts as unavailable
   */
  public AdminApiRouteStore(URI base, String adminKey, Duration timeout) {
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    String b = base.toString();
    this.routes = URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + "/apisix/admin/routes");
    this.adminKey = adminKey;
    this.timeout = timeout;
  }

  @Override
  public Map<String, StoredRoute> listCandidates() {
    Map<String, StoredRoute> out = new HashMap<>();
    for (int page = 1; ; page++) {
      JsonNode body = call("GET", URI.create(routes + "?page=" + page + "&page_size=" + PAGE), null, 200);
      JsonNode list = body.path("list");
      for (JsonNode item : list) {
        StoredRoute r = stored(item);
        if (r != null && r.id().startsWith(RecordKey.ID_PREFIX)) {
          out.put(r.id(), r);
        }
      }
      if (list.size() < PAGE) {
        return out;
      }
    }
  }

  @Override
  public Map<String, StoredRoute> get(Collection<String> ids) {
    Map<String, StoredRoute> out = new HashMap<>();
    for (String id : ids) {
      StoredRoute r = getOne(id);
      if (r != null) {
        out.put(id, r);
      }
    }
    return out;
  }

  @Override
  public List<WriteResult> apply(List<Change> changes, Leadership.Guard guard) {
    List<WriteResult> results = new ArrayList<>(changes.size());
    for (Change c : changes) {
      StoredRoute now = getOne(c.id());
      long actual = now == null ? 0 : now.modRevision();
      if (actual != c.expectedModRevision()) {
        results.add(new WriteResult.Conflict(c.id()));
        continue;
      }
      URI uri = URI.create(routes + "/" + c.id());
      switch (c) {
        case Change.Put p -> {
          ObjectNode body = p.value().deepCopy();
          body.remove("create_time");
          body.remove("update_time");
          JsonNode answer = call("PUT", uri, body.toString(), 200, 201);
          results.add(new WriteResult.Written(c.id(), answer.path("modifiedIndex").asLong()));
        }
        case Change.Delete d -> {
          call("DELETE", uri, null, 200, 404);
          results.add(new WriteResult.Written(c.id(), 0));
        }
      }
    }
    return results;
  }

  private StoredRoute getOne(String id) {
    HttpResponse<String> r = send("GET", URI.create(routes + "/" + id), null);
    if (r.statusCode() == 404) {
      return null;
    }
    return stored(check(r, "GET", 200));
  }

  /** A list item or a single answer: {@code {"key": ".../routes/<id>", "value": {...}, "modifiedIndex": n}}. */
  private static StoredRoute stored(JsonNode item) {
    String key = item.path("key").asText("");
    if (!key.contains("/routes/")) {
      return null;
    }
    JsonNode value = item.get("value");
    return new StoredRoute(key.substring(key.lastIndexOf('/') + 1), value != null && value.isObject() ? value : null,
        item.path("modifiedIndex").asLong());
  }

  private JsonNode call(String method, URI uri, String body, int... ok) {
    return check(send(method, uri, body), method, ok);
  }

  private HttpResponse<String> send(String method, URI uri, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).header("X-API-KEY", adminKey)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new StoreUnavailableException("APISIX Admin API: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("interrupted", e);
    }
  }

  private static JsonNode check(HttpResponse<String> r, String method, int... ok) {
    for (int code : ok) {
      if (r.statusCode() == code) {
        try {
          return r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
        } catch (IOException e) {
          throw new StoreUnavailableException("APISIX Admin API answered " + method + " with non-JSON", e);
        }
      }
    }
    String msg = "APISIX Admin API: " + method + " " + r.uri().getPath() + " -> " + r.statusCode() + " "
        + r.body().substring(0, Math.min(300, r.body().length()));
    if (r.statusCode() == 401 || r.statusCode() == 403) {
      LOG.warning(() -> msg + " (check --admin-key)");
    }
    // Unavailable, so the pass is retried with backoff: a 4xx here is a configuration problem (key, version) or a rule
    // our validator does not know yet, and the log line says which.
    throw new StoreUnavailableException(msg, null);
  }

  @Override
  public void close() {
    http.close();
  }
}
