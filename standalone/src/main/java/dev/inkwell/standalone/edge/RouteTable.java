package dev.inkwell.standalone.edge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.controller.reconcile.StoredRoute;
import dev.inkwell.runner.conf.ConfCache;
import dev.inkwell.runner.conf.PreparedConf;
import dev.inkwell.standalone.routes.InProcessRouteStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The routes by host, as APISIX reads the controller's route JSON. Immutable; a new table is built for every change of
 * the route store, reusing the routes (and so the prepared confs) whose revision did not change.
 */
final class RouteTable {

  private static final Logger LOG = Logger.getLogger(RouteTable.class.getName());
  static final RouteTable EMPTY = new RouteTable(0, Map.of(), Map.of());
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60); // APISIX's default per phase

  final long revision;
  private final Map<String, List<EdgeRoute>> byHost;
  private final Map<String, EdgeRoute> byId;

  private RouteTable(long revision, Map<String, List<EdgeRoute>> byHost, Map<String, EdgeRoute> byId) {
    this.revision = revision;
    this.byHost = byHost;
    this.byId = byId;
  }

  /** The first route of this host (port and case ignored) whose uri and methods match, or null. */
  EdgeRoute match(String hostHeader, String path, String method) {
    List<EdgeRoute> routes = byHost.get(host(hostHeader));
    if (routes == null) {
      return null;
    }
    EdgeRoute pathOnly = null;
    for (EdgeRoute r : routes) {
      if (r.matchesPath(path)) {
        if (r.methods().isEmpty() || r.methods().contains(method)) {
          return r;
        }
        pathOnly = pathOnly == null ? r : pathOnly;
      }
    }
    // A site refuses other methods itself (405); an app route that does not allow the method is not a match (404).
    return pathOnly instanceof EdgeRoute.Site ? pathOnly : null;
  }

  static String host(String hostHeader) {
    if (hostHeader == null) {
      return "";
    }
    String h = hostHeader.trim().toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end < 0 ? h : h.substring(0, end + 1);
    }
    int colon = h.indexOf(':');
    if (colon >= 0) {
      h = h.substring(0, colon);
    }
    return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
  }

  /** The next table: routes whose revision is unchanged are kept as they are (their confs are not prepared again). */
  RouteTable next(InProcessRouteStore.Snapshot s, ConfCache confs) {
    Map<String, List<EdgeRoute>> hosts = new HashMap<>();
    Map<String, EdgeRoute> ids = new HashMap<>();
    for (StoredRoute stored : s.routes().values()) {
      EdgeRoute old = byId.get(stored.id());
      EdgeRoute r;
      List<String> routeHosts;
      try {
        routeHosts = hosts(stored.value());
        r = old != null && old.revision() == stored.modRevision() ? old : compile(stored, confs);
      } catch (IllegalArgumentException e) {
        LOG.warning(() -> "route " + stored.id() + " is not served: " + e.getMessage());
        continue;
      }
      if (r == null) {
        continue;
      }
      ids.put(r.id(), r);
      for (String h : routeHosts) {
        hosts.computeIfAbsent(h, k -> new ArrayList<>()).add(r);
      }
    }
    hosts.replaceAll((k, v) -> List.copyOf(v));
    return new RouteTable(s.revision(), Map.copyOf(hosts), Map.copyOf(ids));
  }

  private static List<String> hosts(JsonNode v) {
    if (v == null || !v.isObject()) {
      throw new IllegalArgumentException("value is not a JSON object");
    }
    List<String> out = new ArrayList<>();
    if (v.hasNonNull("host")) {
      out.add(host(v.get("host").asText()));
    }
    v.path("hosts").forEach(h -> out.add(host(h.asText())));
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no host (this edge routes by host only)");
    }
    return out;
  }

  private static EdgeRoute compile(StoredRoute stored, ConfCache confs) {
    JsonNode v = stored.value();
    if (v.path("status").asInt(1) == 0) {
      return null; // disabled, as APISIX treats status 0
    }
    String uri = v.path("uri").asText("/*");
    Set<String> methods = new LinkedHashSet<>();
    v.path("methods").forEach(m -> methods.add(m.asText().toUpperCase(Locale.ROOT)));
    JsonNode plugins = v.path("plugins");
    List<EdgeRoute.Rewrite> rewrites = rewrites(plugins.path("proxy-rewrite").path("regex_uri"));
    JsonNode ext = plugins.get("ext-plugin-pre-req");
    boolean site = "bucket".equals(v.path("labels").path("inkwell-kind").asText())
        || (ext == null && !rewrites.isEmpty());
    if (site) {
      if (rewrites.isEmpty()) {
        throw new IllegalArgumentException("a bucket route without proxy-rewrite.regex_uri");
      }
      return new EdgeRoute.Site(stored.id(), stored.modRevision(), uri, Set.copyOf(methods), rewrites);
    }
    JsonNode node = v.path("upstream").path("nodes");
    JsonNode first = node.isArray() ? node.path(0) : firstOfMap(node);
    if (first == null || first.isMissingNode() || !first.hasNonNull("host")) {
      throw new IllegalArgumentException("no upstream node (upstream_id is not supported here)");
    }
    PreparedConf conf = null;
    if (ext != null) {
      List<String[]> entries = new ArrayList<>();
      ext.path("conf").forEach(e -> entries.add(new String[] {e.path("name").asText(), e.path("value").asText()}));
      conf = confs.prepare(entries);
    }
    JsonNode t = v.path("timeout");
    return new EdgeRoute.App(stored.id(), stored.modRevision(), uri, Set.copyOf(methods), first.get("host").asText(),
        first.path("port").asInt(80), conf, ext != null && ext.path("allow_degradation").asBoolean(false), rewrites,
        seconds(t.path("connect")), seconds(t.path("read")),
        v.path("enable_websocket").asBoolean(false), v.path("labels").path("inkwell-app").asText(null));
  }

  /** The hash form {@code {"host:port": weight}}. */
  private static JsonNode firstOfMap(JsonNode nodes) {
    if (!nodes.isObject() || nodes.isEmpty()) {
      return null;
    }
    String hp = nodes.fieldNames().next();
    int colon = hp.lastIndexOf(':');
    var n = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    return colon < 0 ? n.put("host", hp).put("port", 80)
        : n.put("host", hp.substring(0, colon)).put("port", Integer.parseInt(hp.substring(colon + 1)));
  }

  private static List<EdgeRoute.Rewrite> rewrites(JsonNode regexUri) {
    if (!regexUri.isArray()) {
      return List.of();
    }
    if (regexUri.size() % 2 != 0) {
      throw new IllegalArgumentException("proxy-rewrite.regex_uri has an odd number of items");
    }
    List<EdgeRoute.Rewrite> out = new ArrayList<>();
    for (int i = 0; i < regexUri.size(); i += 2) {
      try {
        out.add(new EdgeRoute.Rewrite(Pattern.compile(regexUri.get(i).asText()), regexUri.get(i + 1).asText()));
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("proxy-rewrite.regex_uri[" + i + "]: " + e.getDescription());
      }
    }
    return List.copyOf(out);
  }

  private static Duration seconds(JsonNode n) {
    return n.isNumber() && n.asDouble() > 0 ? Duration.ofMillis((long) (n.asDouble() * 1000)) : DEFAULT_TIMEOUT;
  }
}
