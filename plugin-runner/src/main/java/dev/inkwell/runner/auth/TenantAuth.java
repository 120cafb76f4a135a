package dev.inkwell.runner.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.inkwell.runner.filter.Call;
import dev.inkwell.runner.filter.ConfJson;
import dev.inkwell.runner.filter.EdgeFilter;
import dev.inkwell.runner.filter.Verdict;
import dev.inkwell.runner.metrics.RunnerMetrics;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code tenant-auth}: who may call an app, decided at the edge from verification material only (public keys, SHA-256
 * hashes of API keys; never secrets).
 *
 * <p>Every request first loses any client-sent {@code X-Inkwell-*} header: those names carry identity the runtime
 * trusts, so only this filter sets them. Credentials are a JWT ({@code Authorization: Bearer <jwt>}) or an API key
 * ({@code X-API-Key: <key>}, or {@code Authorization: Bearer <key>}). Valid credentials set {@code X-Inkwell-Auth}
 * ({@code jwt} or {@code api-key}) and {@code X-Inkwell-User} (the JWT's {@code sub}) or {@code X-Inkwell-Key-Id}, and
 * for a JWT {@code X-Inkwell-Claims} (its verified payload, base64url JSON, exactly as signed). A non-public path
 * without valid credentials gets 401 with {@code WWW-Authenticate}; a public path passes either way (anonymous if the
 * credentials were bad). The client gets a short fixed message; the reason goes to a metric.
 *
 * <p>Conf value: {@code {"appid":"a1","public_paths":["/login","/public/*"],"jwks":[{...}],
 * "api_keys":[{"id":"k1","sha256":"<hex>"}],"issuer":"...","audience":"..."}}; {@code public_paths} entries are an
 * exact path, a prefix ending in {@code /*} (which also matches the prefix itself), or {@code /*} for everything.
 */
public final class TenantAuth implements EdgeFilter<TenantAuth.Config> {

  public static final String NAME = "tenant-auth";
  public static final String IDENTITY_PREFIX = "x-inkwell-";
  static final String BODY = "{\"error\":{\"code\":\"unauthorized\",\"message\":\"missing or invalid credentials\"}}";
  /** The runtime's own endpoints ({@code /_/healthz}, {@code /_/metrics}, {@code /_/functions}) are not for the public. */
  static final String INTERNAL_PREFIX = "/_/";
  static final String NOT_FOUND = "{\"error\":{\"code\":\"not_found\",\"message\":\"not found\"}}";

  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  });

  private final JwtVerifier jwt;
  private final Clock clock;
  private final RunnerMetrics metrics;

  public TenantAuth(JwtVerifier jwt, Clock clock, RunnerMetrics metrics) {
    this.jwt = jwt;
    this.clock = clock;
    this.metrics = metrics;
  }

  record RawKey(@JsonProperty(value = "id", required = true) String id,
      @JsonProperty(value = "sha256", required = true) String sha256) {
  }

  record Raw(@JsonProperty(value = "appid", required = true) String appid,
      @JsonProperty("public_paths") List<String> publicPaths,
      @JsonProperty("jwks") List<VerificationKey.Jwk> jwks,
      @JsonProperty("api_keys") List<RawKey> apiKeys,
      @JsonProperty("issuer") String issuer,
      @JsonProperty("audience") String audience) {
  }

  /** An API key's id and the SHA-256 of the key. */
  public record ApiKey(String id, byte[] sha256) {
  }

  /** A checked conf. */
  public record Config(String appid, boolean allPublic, Set<String> exactPublic, List<String> prefixPublic,
      List<VerificationKey> jwks, List<ApiKey> apiKeys, String issuer, String audience) {

    public Config {
      if (appid == null || appid.isBlank()) {
        throw new IllegalArgumentException("appid: missing (expected: the app's id)");
      }
    }

    boolean isPublic(String path) {
      if (allPublic || exactPublic.contains(path)) {
        return true;
      }
      for (String p : prefixPublic) {
        if (path.startsWith(p)) {
          return true;
        }
      }
      return false;
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Config parse(String value) {
    Raw raw = ConfJson.read(value, Raw.class);
    boolean all = false;
    java.util.HashSet<String> exact = new java.util.HashSet<>();
    List<String> prefixes = new ArrayList<>();
    List<String> paths = raw.publicPaths() == null ? List.of() : raw.publicPaths();
    for (int i = 0; i < paths.size(); i++) {
      String p = paths.get(i);
      if (p == null || !p.startsWith("/") || p.indexOf('*') >= 0 && !(p.endsWith("/*") && p.indexOf('*') == p.length() - 1)) {
        throw new IllegalArgumentException("public_paths[" + i + "]: " + p
            + " (expected: /exact/path, /prefix/* or /*)");
      }
      if (p.equals("/*")) {
        all = true;
      } else if (p.endsWith("/*")) {
        prefixes.add(p.substring(0, p.length() - 1).intern());
        exact.add(p.substring(0, p.length() - 2).intern());
      } else {
        exact.add(p.intern());
      }
    }
    List<VerificationKey> keys = new ArrayList<>();
    List<VerificationKey.Jwk> jwks = raw.jwks() == null ? List.of() : raw.jwks();
    for (int i = 0; i < jwks.size(); i++) {
      keys.add(VerificationKey.of(jwks.get(i), i));
    }
    List<ApiKey> apiKeys = new ArrayList<>();
    List<RawKey> rawKeys = raw.apiKeys() == null ? List.of() : raw.apiKeys();
    for (int i = 0; i < rawKeys.size(); i++) {
      RawKey k = rawKeys.get(i);
      if (k.id() == null || k.id().isBlank()) {
        throw new IllegalArgumentException("api_keys[" + i + "].id: missing");
      }
      String hex = k.sha256() == null ? "" : k.sha256();
      if (!hex.matches("[0-9a-fA-F]{64}")) {
        throw new IllegalArgumentException("api_keys[" + i + "].sha256: not 64 hex digits (expected: the SHA-256 of "
            + "the key, never the key itself)");
      }
      apiKeys.add(new ApiKey(k.id().intern(), HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT))));
    }
    // Strings repeat across the confs of one app and across apps (paths, key ids): interned, 100,000 confs hold one
    // copy of each instead of one per conf.
    return new Config(raw.appid().intern(), all, Set.copyOf(exact), List.copyOf(prefixes), List.copyOf(keys),
        List.copyOf(apiKeys), raw.issuer(), raw.audience());
  }

  @Override
  public void filter(Config c, Call call, Verdict verdict) {
    call.headersStartingWith(IDENTITY_PREFIX, name -> verdict.upstreamHeader(name, null));
    if (call.path().startsWith(INTERNAL_PREFIX)) {
      // Probes and metric scrapes reach the pods directly; through the edge these paths do not exist, for any caller.
      verdict.responseHeader("Content-Type", "application/json");
      verdict.reject(404, NOT_FOUND);
      return;
    }
    String bearer = bearer(call.header("authorization"));
    String apiKey = call.header("x-api-key");
    boolean presented = bearer != null || apiKey != null;
    String failure = presented ? null : "missing_credentials";
    if (bearer != null && isJwtShaped(bearer)) {
      JwtVerifier.Result r = jwt.verify(bearer, c, clock.millis() / 1000);
      if (r.failure() == null) {
        verdict.upstreamHeader("X-Inkwell-Auth", "jwt");
        if (r.subject() != null) {
          verdict.upstreamHeader("X-Inkwell-User", r.subject());
        }
        verdict.upstreamHeader("X-Inkwell-Claims", r.payload());
        return;
      }
      failure = r.failure();
    } else if (presented) {
      ApiKey k = matchApiKey(c, apiKey != null ? apiKey : bearer);
      if (k != null) {
        verdict.upstreamHeader("X-Inkwell-Auth", "api-key");
        verdict.upstreamHeader("X-Inkwell-Key-Id", k.id());
        return;
      }
      failure = "bad_api_key";
    }
    if (c.isPublic(call.path())) {
      return;
    }
    metrics.authFailure(c.appid(), failure);
    // built here, not kept in the conf: a 401 is rare next to the 100,000 confs a runner may hold
    String realm = "Bearer realm=\"" + c.appid().replace("\"", "") + "\"";
    verdict.responseHeader("WWW-Authenticate", presented ? realm + ", error=\"invalid_token\"" : realm);
    verdict.responseHeader("Content-Type", "application/json");
    verdict.reject(401, BODY);
  }

  /** Compares against every key of the app, without stopping early: the time taken does not depend on which matched. */
  static ApiKey matchApiKey(Config c, String presented) {
    if (c.apiKeys().isEmpty() || presented.isEmpty() || presented.length() > 512) {
      return null;
    }
    byte[] hash = SHA256.get().digest(presented.getBytes(StandardCharsets.UTF_8));
    ApiKey found = null;
    for (ApiKey k : c.apiKeys()) {
      if (MessageDigest.isEqual(hash, k.sha256()) && found == null) {
        found = k;
      }
    }
    return found;
  }

  private static String bearer(String authorization) {
    if (authorization == null || authorization.length() < 8
        || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String t = authorization.substring(7).trim();
    return t.isEmpty() ? null : t;
  }

  private static boolean isJwtShaped(String token) {
    int first = token.indexOf('.');
    return first > 0 && token.indexOf('.', first + 1) > first;
  }
}
