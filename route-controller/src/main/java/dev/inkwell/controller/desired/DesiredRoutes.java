package dev.inkwell.controller.desired;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.controller.validate.RouteValidator;
import dev.inkwell.records.App;
import dev.inkwell.records.Bucket;
import dev.inkwell.records.InvalidRecordException;
import java.util.List;
import org.bson.Document;

/**
 * The desired APISIX route of a record: a pure function of the record and the {@link Settings}. Every route it returns
 * has passed {@link RouteValidator}; a record that cannot produce a valid route comes back {@link Desired.Invalid}.
 */
public final class DesiredRoutes {

  static final ObjectMapper JSON = new ObjectMapper();

  /** Long AI calls: connect fast, but let a response take up to ten minutes to be sent and read. */
  static final int CONNECT_TIMEOUT_S = 6;
  static final int SEND_READ_TIMEOUT_S = 600;
  private static final int MAX_DNS_LABEL = 63;

  private final Settings settings;

  public DesiredRoutes(Settings settings) {
    this.settings = settings;
  }

  /** The desired state of one record; {@code record} null means the record does not exist. */
  public Desired of(RecordKey key, Document record) {
    if (record == null) {
      return new Desired.Absent(key, "no record");
    }
    Desired d;
    try {
      d = switch (key.kind()) {
        case APP -> app(key, App.fromDocument(record));
        case BUCKET -> bucket(key, Bucket.fromDocument(record));
      };
    } catch (InvalidRecordException e) {
      return new Desired.Invalid(key, e.getMessage());
    }
    if (d instanceof Desired.Route r) {
      List<String> errors = RouteValidator.validate(r.body());
      if (!errors.isEmpty()) {
        return new Desired.Invalid(key, "route " + key.routeId() + " fails APISIX's schema: " + String.join("; ", errors));
      }
    }
    return d;
  }

  Desired app(RecordKey key, App app) {
    if (!app.running()) {
      return new Desired.Absent(key, "app is " + app.state());
    }
    ObjectNode route = base(key, "app " + app.appid(), app.appid() + "." + settings.domain());
    route.put("enable_websocket", true);
    route.putObject("timeout").put("connect", CONNECT_TIMEOUT_S).put("send", SEND_READ_TIMEOUT_S)
        .put("read", SEND_READ_TIMEOUT_S);
    route.with("labels").put("inkwell-app", app.appid());
    ArrayNode conf = route.putObject("plugins").putObject("ext-plugin-pre-req").putArray("conf");
    conf.addObject().put("name", "tenant-auth").put("value", text(tenantAuth(app)));
    App.Limits limits = app.limits() != null ? app.limits() : settings.defaultLimits();
    if (limits != null) {
      conf.addObject().put("name", "tenant-rate-limit").put("value", text(tenantRateLimit(app.appid(), limits)));
    }
    String upstream = app.upstream() != null ? app.upstream()
        : settings.runtimeUpstreamTemplate().replace("{appid}", app.appid());
    ObjectNode up = upstream(route, upstream);
    up.put("retries", 0); // a long POST must not be replayed to another node
    up.put("pass_host", "pass");
    return new Desired.Route(key, route);
  }

  /**
   * The plugin runner's tenant-auth conf: verification material only. Always present, even when every path is
   * public, because the runner also strips forged identity headers.
   */
  static ObjectNode tenantAuth(App app) {
    ObjectNode c = JSON.createObjectNode().put("appid", app.appid());
    ArrayNode paths = c.putArray("public_paths");
    app.auth().publicPaths().forEach(paths::add);
    if (!app.auth().jwks().isEmpty()) {
      ArrayNode jwks = c.putArray("jwks");
      for (App.Jwk k : app.auth().jwks()) {
        ObjectNode j = jwks.addObject().put("kty", k.kty()).put("crv", k.crv()).put("kid", k.kid()).put("x", k.x());
        if (k.y() != null) {
          j.put("y", k.y());
        }
      }
    }
    if (!app.auth().apiKeys().isEmpty()) {
      ArrayNode keys = c.putArray("api_keys");
      app.auth().apiKeys().forEach(k -> keys.addObject().put("id", k.id()).put("sha256", k.sha256()));
    }
    return c;
  }

  static ObjectNode tenantRateLimit(String appid, App.Limits l) {
    ObjectNode c = JSON.createObjectNode().put("appid", appid).put("rate", l.rate()).put("burst", l.burst());
    if (l.key() != null) {
      c.put("key", l.key());
    }
    return c.put("rejected_code", 429).put("dry_run", l.dryRun());
  }

  /**
   * A public bucket as a site: {@code proxy-rewrite.regex_uri} pairs, tried in order (first match wins), map the
   * request path onto the object store's path-style address {@code /<appid>-<bucket>/<key>}:
   * {@code /} and {@code /dir/} to their {@code index.html}; with the SPA fallback, a path whose last segment has no
   * dot (no file extension) to {@code /index.html}; anything else to its object. APISIX cannot retry on a 404 without a
   * plugin, so the fallback is decided by the path's shape, not by whether the object exists.
   */
  Desired bucket(RecordKey key, Bucket b) {
    if (!b.policy().publicRead()) {
      return new Desired.Absent(key, "bucket is private");
    }
    if (b.id().length() > MAX_DNS_LABEL) {
      return new Desired.Invalid(key, "host: " + b.id() + "." + settings.ossDomain()
          + " (expected: <appid>-<bucket> to fit one DNS label of at most 63 characters)");
    }
    ObjectNode route = base(key, "bucket " + b.id(), b.id() + "." + settings.ossDomain());
    route.with("labels").put("inkwell-app", b.appid());
    if (b.policy() == Bucket.Policy.READONLY) {
      route.putArray("methods").add("GET").add("HEAD").add("OPTIONS");
    }
    String root = "/" + b.id();
    ArrayNode rx = route.putObject("plugins").putObject("proxy-rewrite").putArray("regex_uri");
    rx.add("^/$").add(root + "/index.html");
    rx.add("^(/.*)/$").add(root + "$1/index.html");
    if (b.website().spaFallback()) {
      rx.add("^/(?:.*/)?[^/.]+$").add(root + "/index.html");
    }
    rx.add("^(/.*)$").add(root + "$1");
    upstream(route, settings.ossUpstream()).put("pass_host", "node");
    return new Desired.Route(key, route);
  }

  private static ObjectNode base(RecordKey key, String what, String host) {
    ObjectNode route = JSON.createObjectNode();
    route.put("id", key.routeId());
    route.put("name", key.routeId());
    route.put("desc", "Inkwell " + what + " (managed by the route controller: edits are reverted)");
    route.put("uri", "/*");
    route.put("host", host);
    route.putObject("labels").put(Ownership.LABEL, Ownership.VALUE).put("inkwell-kind", key.kind().name().toLowerCase(
        java.util.Locale.ROOT));
    return route;
  }

  private static ObjectNode upstream(ObjectNode route, String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    ObjectNode up = route.putObject("upstream");
    up.put("type", "roundrobin").put("scheme", "http");
    up.putArray("nodes").addObject().put("host", hostPort.substring(0, colon))
        .put("port", Integer.parseInt(hostPort.substring(colon + 1))).put("weight", 1);
    return up;
  }

  private static String text(ObjectNode n) {
    try {
      return JSON.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings and numbers always serialises", e);
    }
  }
}
