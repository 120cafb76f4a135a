package dev.inkwell.controller.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The checks APISIX's Admin API applies to a route (its {@code route} and {@code upstream} JSON schemas, plus the
 * upstream's {@code pass_host} rule and the schemas of the plugins we write), restated in Java so that nothing is
 * written to etcd that APISIX would refuse (a direct etcd write bypasses the Admin API, and APISIX only logs and
 * ignores a value it cannot load). Returns the violations, each with its JSON path; empty means valid.
 *
 * <p>Plugins other than {@code ext-plugin-pre-req} and {@code proxy-rewrite} are only checked to be objects: their
 * schemas live with the plugins.
 */
public final class RouteValidator {

  static final Set<String> ROUTE_PROPERTIES = Set.of("id", "create_time", "update_time", "uri", "uris", "name", "desc",
      "priority", "methods", "host", "hosts", "remote_addr", "remote_addrs", "timeout", "vars", "filter_func", "script",
      "script_id", "plugins", "plugin_config_id", "upstream", "labels", "service_id", "upstream_id",
      "service_protocol", "enable_websocket", "status");
  static final Set<String> UPSTREAM_PROPERTIES = Set.of("create_time", "update_time", "nodes", "retries", "retry_timeout",
      "timeout", "tls", "keepalive_pool", "type", "checks", "hash_on", "key", "scheme", "labels", "discovery_type",
      "discovery_args", "pass_host", "upstream_host", "name", "desc", "service_name", "id");
  static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "CONNECT",
      "TRACE", "PURGE");
  static final Pattern ID = Pattern.compile("[a-zA-Z0-9-_.]+");
  static final Pattern HOST = Pattern.compile("\\*?[0-9a-zA-Z-._]+");
  static final Pattern LABEL_VALUE = Pattern.compile("\\S+");
  static final int MAX_LABELS = 16;
  static final int MAX_LABEL_VALUE = 64;

  private final List<String> errors = new ArrayList<>();

  private RouteValidator() {
  }

  public static List<String> validate(JsonNode route) {
    RouteValidator v = new RouteValidator();
    v.route(route);
    return List.copyOf(v.errors);
  }

  private void route(JsonNode r) {
    if (!r.isObject()) {
      error("", "must be an object");
      return;
    }
    unknown(r, ROUTE_PROPERTIES, "");
    id(r.get("id"), "id");
    timestamps(r, "");
    exactlyOne(r, "uri", "uris", "");
    atMostOne(r, "host", "hosts", "");
    atMostOne(r, "remote_addr", "remote_addrs", "");
    if (!(r.has("plugins") || r.has("upstream") || r.has("upstream_id") || r.has("service_id") || r.has("script"))) {
      error("", "needs one of plugins, upstream, upstream_id, service_id or script");
    }
    if (r.has("script") && (r.has("plugins") || r.has("plugin_config_id"))) {
      error("script", "excludes plugins and plugin_config_id");
    }
    string(r.get("uri"), "uri", 1, 4096);
    if (r.has("uris")) {
      uniqueStrings(r.get("uris"), "uris", null);
    }
    string(r.get("name"), "name", 1, 100);
    string(r.get("desc"), "desc", 0, 256);
    integer(r.get("priority"), "priority", Long.MIN_VALUE);
    if (r.has("methods")) {
      JsonNode m = r.get("methods");
      if (uniqueStrings(m, "methods", null)) {
        m.forEach(x -> {
          if (!METHODS.contains(x.asText())) {
            error("methods", x.asText() + " is not an HTTP method APISIX knows");
          }
        });
      }
    }
    if (r.has("host")) {
      host(r.get("host"), "host");
    }
    if (r.has("hosts")) {
      uniqueStrings(r.get("hosts"), "hosts", HOST);
    }
    timeout(r.get("timeout"), "timeout");
    if (r.has("vars") && !r.get("vars").isArray()) {
      error("vars", "must be an array");
    }
    bool(r.get("enable_websocket"), "enable_websocket");
    if (r.has("status") && !(r.get("status").isIntegralNumber() && (r.get("status").asInt() == 0
        || r.get("status").asInt() == 1))) {
      error("status", "must be 0 or 1");
    }
    for (String ref : List.of("script_id", "plugin_config_id", "service_id", "upstream_id")) {
      id(r.get(ref), ref);
    }
    labels(r.get("labels"), "labels");
    plugins(r.get("plugins"));
    if (r.has("upstream")) {
      upstream(r.get("upstream"), "upstream");
    }
  }

  private void upstream(JsonNode u, String path) {
    if (!u.isObject()) {
      error(path, "must be an object");
      return;
    }
    unknown(u, UPSTREAM_PROPERTIES, path + ".");
    timestamps(u, path + ".");
    boolean byNodes = u.has("type") && u.has("nodes");
    boolean byDiscovery = u.has("type") && u.has("service_name") && u.has("discovery_type");
    if (byNodes == byDiscovery) {
      error(path, "needs exactly one of {type, nodes} or {type, service_name, discovery_type}");
    }
    if (u.has("type") && !Set.of("chash", "roundrobin", "ewma", "least_conn").contains(u.get("type").asText())) {
      error(path + ".type", "must be chash, roundrobin, ewma or least_conn");
    }
    if (u.has("nodes")) {
      nodes(u.get("nodes"), path + ".nodes");
    }
    integer(u.get("retries"), path + ".retries", 0);
    timeout(u.get("timeout"), path + ".timeout");
    if (u.has("scheme") && !Set.of("grpc", "grpcs", "http", "https", "tcp", "tls", "udp", "kafka")
        .contains(u.get("scheme").asText())) {
      error(path + ".scheme", "unknown scheme " + u.get("scheme"));
    }
    String passHost = u.path("pass_host").asText("pass");
    if (!Set.of("pass", "node", "rewrite").contains(passHost)) {
      error(path + ".pass_host", "must be pass, node or rewrite");
    }
    if (u.has("upstream_host")) {
      host(u.get("upstream_host"), path + ".upstream_host");
    }
    if (passHost.equals("rewrite") && !u.has("upstream_host")) {
      error(path + ".upstream_host", "is required when pass_host is rewrite");
    }
    if (passHost.equals("node") && u.path("nodes").size() > 1) {
      // APISIX's upstream check: with several nodes, "node" cannot pick one host
      error(path + ".pass_host", "node needs exactly one node");
    }
    labels(u.get("labels"), path + ".labels");
    string(u.get("name"), path + ".name", 1, 100);
    string(u.get("desc"), path + ".desc", 0, 256);
    id(u.get("id"), path + ".id");
  }

  private void nodes(JsonNode n, String path) {
    if (n.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        integer(e.getValue(), path + "." + e.getKey(), 0);
      }
    } else if (n.isArray()) {
      for (int i = 0; i < n.size(); i++) {
        JsonNode node = n.get(i);
        String p = path + "[" + i + "]";
        if (!node.isObject() || !node.has("host") || !node.has("port") || !node.has("weight")) {
          error(p, "needs host, port and weight");
          continue;
        }
        host(node.get("host"), p + ".host");
        integer(node.get("port"), p + ".port", 1);
        integer(node.get("weight"), p + ".weight", 0);
        integer(node.get("priority"), p + ".priority", Long.MIN_VALUE);
      }
    } else {
      error(path, "must be an object or an array");
    }
  }

  private void plugins(JsonNode p) {
    if (p == null) {
      return;
    }
    if (!p.isObject()) {
      error("plugins", "must be an object");
      return;
    }
    p.fields().forEachRemaining(e -> {
      if (!e.getValue().isObject()) {
        error("plugins." + e.getKey(), "must be an object");
      }
    });
    JsonNode ext = p.get("ext-plugin-pre-req");
    if (ext != null && ext.isObject()) {
      extPlugin(ext, "plugins.ext-plugin-pre-req");
    }
    JsonNode rewrite = p.get("proxy-rewrite");
    if (rewrite != null && rewrite.isObject()) {
      proxyRewrite(rewrite, "plugins.proxy-rewrite");
    }
  }

  /** ext-plugin's schema: {@code conf} is an array of {name, value} strings; {@code allow_degradation} a boolean. */
  private void extPlugin(JsonNode ext, String path) {
    bool(ext.get("allow_degradation"), path + ".allow_degradation");
    JsonNode conf = ext.get("conf");
    if (conf == null) {
      return;
    }
    if (!conf.isArray() || conf.isEmpty()) {
      error(path + ".conf", "must be a non-empty array");
      return;
    }
    for (int i = 0; i < conf.size(); i++) {
      JsonNode c = conf.get(i);
      String cp = path + ".conf[" + i + "]";
      if (!c.isObject() || !c.path("name").isTextual() || c.path("name").asText().isEmpty()
          || !c.path("value").isTextual()) {
        error(cp, "needs a non-empty string name and a string value");
      }
    }
  }

  /** proxy-rewrite: {@code regex_uri} is an even-length array (pairs of regex and replacement) of valid regexes. */
  private void proxyRewrite(JsonNode pr, String path) {
    JsonNode rx = pr.get("regex_uri");
    if (rx == null) {
      return;
    }
    if (!rx.isArray() || rx.size() < 2 || rx.size() % 2 != 0) {
      error(path + ".regex_uri", "must be pairs of [regex, replacement]");
      return;
    }
    for (int i = 0; i < rx.size(); i++) {
      if (!rx.get(i).isTextual()) {
        error(path + ".regex_uri[" + i + "]", "must be a string");
      } else if (i % 2 == 0) {
        try {
          Pattern.compile(rx.get(i).asText());
        } catch (PatternSyntaxException e) {
          error(path + ".regex_uri[" + i + "]", "is not a valid regex: " + e.getDescription());
        }
      }
    }
  }

  private void labels(JsonNode l, String path) {
    if (l == null) {
      return;
    }
    if (!l.isObject()) {
      error(path, "must be an object");
      return;
    }
    if (l.size() > MAX_LABELS) {
      error(path, "at most " + MAX_LABELS + " labels");
    }
    l.fields().forEachRemaining(e -> {
      JsonNode v = e.getValue();
      if (!v.isTextual() || v.asText().isEmpty() || v.asText().length() > MAX_LABEL_VALUE
          || !LABEL_VALUE.matcher(v.asText()).matches()) {
        error(path + "." + e.getKey(), "must be 1-64 characters without white space");
      }
    });
  }

  private void timeout(JsonNode t, String path) {
    if (t == null) {
      return;
    }
    if (!t.isObject()) {
      error(path, "must be an object");
      return;
    }
    for (String f : List.of("connect", "send", "read")) {
      JsonNode v = t.get(f);
      if (v == null || !v.isNumber() || !(v.asDouble() > 0)) {
        error(path + "." + f, "must be a number > 0");
      }
    }
  }

  private void timestamps(JsonNode o, String prefix) {
    for (String f : List.of("create_time", "update_time")) {
      if (o.has(f) && !o.get(f).isIntegralNumber()) {
        error(prefix + f, "must be an integer (unix seconds)");
      }
    }
  }

  private void id(JsonNode id, String path) {
    if (id == null) {
      return;
    }
    boolean ok = id.isTextual() ? !id.asText().isEmpty() && id.asText().length() <= 64 && ID.matcher(id.asText()).matches()
        : id.isIntegralNumber() && id.asLong() >= 1;
    if (!ok) {
      error(path, "must be 1-64 characters of [a-zA-Z0-9-_.] or an integer >= 1");
    }
  }

  private void host(JsonNode h, String path) {
    if (!h.isTextual() || !HOST.matcher(h.asText()).matches()) {
      error(path, h + " is not a host name");
    }
  }

  private boolean uniqueStrings(JsonNode a, String path, Pattern each) {
    if (!a.isArray() || a.isEmpty()) {
      error(path, "must be a non-empty array");
      return false;
    }
    Set<String> seen = new HashSet<>();
    for (JsonNode x : a) {
      if (!x.isTextual()) {
        error(path, "must hold strings");
        return false;
      }
      if (!seen.add(x.asText())) {
        error(path, "repeats " + x.asText());
      }
      if (each != null && !each.matcher(x.asText()).matches()) {
        error(path, x.asText() + " is not valid");
      }
    }
    return true;
  }

  private void string(JsonNode s, String path, int min, int max) {
    if (s != null && (!s.isTextual() || s.asText().length() < min || s.asText().length() > max)) {
      error(path, "must be a string of " + min + "-" + max + " characters");
    }
  }

  private void integer(JsonNode n, String path, long min) {
    if (n != null && (!n.isIntegralNumber() || n.asLong() < min)) {
      error(path, min == Long.MIN_VALUE ? "must be an integer" : "must be an integer >= " + min);
    }
  }

  private void bool(JsonNode b, String path) {
    if (b != null && !b.isBoolean()) {
      error(path, "must be true or false");
    }
  }

  private void unknown(JsonNode o, Set<String> allowed, String prefix) {
    o.fieldNames().forEachRemaining(f -> {
      if (!allowed.contains(f)) {
        error(prefix + f, "is not a property APISIX allows here (additionalProperties is false)");
      }
    });
  }

  private void exactlyOne(JsonNode o, String a, String b, String prefix) {
    if (o.has(a) == o.has(b)) {
      error(prefix + a, "exactly one of " + a + " and " + b + " is required");
    }
  }

  private void atMostOne(JsonNode o, String a, String b, String prefix) {
    if (o.has(a) && o.has(b)) {
      error(prefix + a, "at most one of " + a + " and " + b);
    }
  }

  private void error(String path, String message) {
    errors.add((path.isEmpty() ? "route" : path) + ": " + message);
  }
}
