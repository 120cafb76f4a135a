package dev.inkwell.records;

import static dev.inkwell.records.InvalidRecordException.invalid;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.bson.Document;

/**
 * An app record of the system database ({@code apps} collection). Only verification material is stored: public JWKs and
 * SHA-256 hashes of API keys, never a private key or a plaintext API key.
 *
 * <p>Stored shape: {@code {_id: appid, name, state, limits: {rate, burst, key, dryRun}, auth: {publicPaths, jwks,
 * apiKeys: [{id, sha256}]}, runtime: {upstream}, createdAt, updatedAt, routeStatus}}. {@code routeStatus} belongs to the
 * route controller and is not part of this type (see {@link RouteStatus}).
 *
 * @param appid short DNS label, the app's subdomain
 * @param state {@code running} serves; anything else ({@code stopped}, {@code deleting}, ...) does not
 * @param limits the app's rate limit, or null for the platform default
 * @param auth which paths are public and what verifies the others
 * @param upstream optional {@code host:port} overriding the runtime Service address
 */
public record App(String appid, String name, String state, Limits limits, Auth auth, String upstream, Instant createdAt,
    Instant updatedAt) {

  public static final String RUNNING = "running";
  private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9.-]{1,253}:[0-9]{1,5}");

  public App {
    Fields.appid(appid, "_id");
    Objects.requireNonNull(state, "state");
    auth = auth == null ? Auth.PUBLIC : auth;
    if (upstream != null && (!HOST_PORT.matcher(upstream).matches()
        || Integer.parseInt(upstream.substring(upstream.lastIndexOf(':') + 1)) > 65535)) {
      throw invalid("runtime.upstream", upstream, "host:port");
    }
  }

  public boolean running() {
    return RUNNING.equals(state);
  }

  /**
   * A rate limit: {@code rate} requests per second with bursts up to {@code burst}, per app or per client key.
   *
   * @param key null (one bucket for the whole app), {@code remote_addr}, {@code http_<header>} or {@code arg_<name>}
   * @param dryRun count and report, never reject
   */
  public record Limits(double rate, int burst, String key, boolean dryRun) {
    private static final Pattern KEY = Pattern.compile("remote_addr|http_[a-z0-9_-]{1,64}|arg_[A-Za-z0-9_-]{1,64}");

    public Limits {
      if (!(rate > 0) || Double.isInfinite(rate)) {
        throw invalid("limits.rate", rate, "requests per second > 0");
      }
      if (burst < 1) {
        throw invalid("limits.burst", burst, "an integer >= 1");
      }
      if (key != null && !KEY.matcher(key).matches()) {
        throw invalid("limits.key", key, "remote_addr, http_<header> or arg_<name>");
      }
    }
  }

  /**
   * The edge's auth policy. Laf serves everything publicly, so the default is {@code publicPaths: ["/*"]}.
   *
   * @param publicPaths exact paths, prefixes ending in {@code /*}, or {@code /*} for everything
   */
  public record Auth(List<String> publicPaths, List<Jwk> jwks, List<ApiKey> apiKeys) {
    // PATH first: PUBLIC's constructor uses it
    private static final Pattern PATH = Pattern.compile("/[^*\\s]*|/(?:[^*\\s]*/)?\\*");
    public static final Auth PUBLIC = new Auth(List.of("/*"), List.of(), List.of());

    public Auth {
      publicPaths = publicPaths == null ? List.of("/*") : List.copyOf(publicPaths);
      for (String p : publicPaths) {
        if (!PATH.matcher(p).matches()) {
          throw invalid("auth.publicPaths", p, "an exact path, a prefix ending in /*, or /*");
        }
      }
      jwks = jwks == null ? List.of() : List.copyOf(jwks);
      apiKeys = apiKeys == null ? List.of() : List.copyOf(apiKeys);
    }
  }

  /**
   * A public JSON Web Key: Ed25519 ({@code kty OKP, crv Ed25519, x}) or ES256 ({@code kty EC, crv P-256, x, y}).
   * A key with a private part is refused when the record is read, so it can never reach a route.
   */
  public record Jwk(String kty, String crv, String kid, String x, String y) {
    private static final Pattern B64URL = Pattern.compile("[A-Za-z0-9_-]{16,128}");
    private static final Pattern KID = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

    public Jwk {
      if (kid == null || !KID.matcher(kid).matches()) {
        throw invalid("auth.jwks.kid", kid, "1-128 characters of [A-Za-z0-9_.:-]");
      }
      boolean okp = "OKP".equals(kty) && "Ed25519".equals(crv) && y == null;
      boolean ec = "EC".equals(kty) && "P-256".equals(crv) && y != null && B64URL.matcher(y).matches();
      if (!(okp || ec) || x == null || !B64URL.matcher(x).matches()) {
        throw invalid("auth.jwks[" + kid + "]", kty + "/" + crv, "an Ed25519 (OKP, x) or P-256 (EC, x, y) public key");
      }
    }
  }

  /** An API key known by its id and the lowercase hex SHA-256 of its value; the value itself is never stored. */
  public record ApiKey(String id, String sha256) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    public ApiKey {
      if (id == null || !ID.matcher(id).matches()) {
        throw invalid("auth.apiKeys.id", id, "1-64 characters of [A-Za-z0-9_.-]");
      }
      if (sha256 == null || !HEX.matcher(sha256).matches()) {
        throw invalid("auth.apiKeys[" + id + "].sha256", "(hidden)", "64 lowercase hex digits");
      }
    }
  }

  /** Reads a stored record; throws {@link InvalidRecordException} naming the first bad field. */
  public static App fromDocument(Document d) {
    Object id = d.get("_id");
    if (!(id instanceof String appid)) {
      throw invalid("_id", id, "the appid, a string");
    }
    return new App(appid, Fields.string(d, "name", "name"), Fields.requiredString(d, "state", "state"),
        limits(Fields.document(d, "limits", "limits")), auth(Fields.document(d, "auth", "auth")),
        runtimeUpstream(Fields.document(d, "runtime", "runtime")),
        Fields.instant(d, "createdAt", "createdAt"), Fields.instant(d, "updatedAt", "updatedAt"));
  }

  private static Limits limits(Document l) {
    if (l == null) {
      return null;
    }
    Object rate = l.get("rate");
    Object burst = l.get("burst");
    if (!(rate instanceof Number r)) {
      throw invalid("limits.rate", rate, "a number");
    }
    if (!(burst instanceof Integer || burst instanceof Long) || ((Number) burst).longValue() > Integer.MAX_VALUE) {
      throw invalid("limits.burst", burst, "an integer");
    }
    return new Limits(r.doubleValue(), ((Number) burst).intValue(), Fields.string(l, "key", "limits.key"),
        Fields.bool(l, "dryRun", "limits.dryRun", false));
  }

  private static Auth auth(Document a) {
    if (a == null) {
      return Auth.PUBLIC;
    }
    List<Document> jwks = Fields.list(a, "jwks", "auth.jwks", Document.class);
    List<Document> keys = Fields.list(a, "apiKeys", "auth.apiKeys", Document.class);
    return new Auth(Fields.list(a, "publicPaths", "auth.publicPaths", String.class),
        jwks == null ? null : jwks.stream().map(App::jwk).toList(),
        keys == null ? null : keys.stream()
            .map(k -> new ApiKey(Fields.string(k, "id", "auth.apiKeys.id"), Fields.string(k, "sha256", "auth.apiKeys.sha256")))
            .toList());
  }

  private static Jwk jwk(Document j) {
    String kid = Fields.string(j, "kid", "auth.jwks.kid");
    if (j.containsKey("d")) {
      throw invalid("auth.jwks[" + kid + "]", "(private key)", "a public key only: remove 'd'");
    }
    return new Jwk(Fields.string(j, "kty", "auth.jwks.kty"), Fields.string(j, "crv", "auth.jwks.crv"), kid,
        Fields.string(j, "x", "auth.jwks.x"), Fields.string(j, "y", "auth.jwks.y"));
  }

  private static String runtimeUpstream(Document r) {
    return r == null ? null : Fields.string(r, "upstream", "runtime.upstream");
  }

  /** The stored form (without {@code routeStatus}), as the tenancy service writes it. */
  public Document toDocument() {
    Document d = new Document("_id", appid);
    if (name != null) {
      d.append("name", name);
    }
    d.append("state", state);
    if (limits != null) {
      Document l = new Document("rate", limits.rate()).append("burst", limits.burst());
      if (limits.key() != null) {
        l.append("key", limits.key());
      }
      d.append("limits", l.append("dryRun", limits.dryRun()));
    }
    d.append("auth", new Document("publicPaths", auth.publicPaths())
        .append("jwks", auth.jwks().stream().map(App::jwkDocument).toList())
        .append("apiKeys", auth.apiKeys().stream()
            .map(k -> new Document("id", k.id()).append("sha256", k.sha256())).toList()));
    if (upstream != null) {
      d.append("runtime", new Document("upstream", upstream));
    }
    if (createdAt != null) {
      d.append("createdAt", java.util.Date.from(createdAt));
    }
    if (updatedAt != null) {
      d.append("updatedAt", java.util.Date.from(updatedAt));
    }
    return d;
  }

  private static Document jwkDocument(Jwk k) {
    Document d = new Document("kty", k.kty()).append("crv", k.crv()).append("kid", k.kid()).append("x", k.x());
    return k.y() == null ? d : d.append("y", k.y());
  }
}
