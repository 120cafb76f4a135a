package dev.inkwell.controller;

import dev.inkwell.records.App;
import dev.inkwell.records.SystemDatabase;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The controller's settings, from command-line flags ({@code --name value} or {@code --name=value}) with the
 * environment as fallback ({@code INKWELL_NAME}, upper case, '-' as '_'). A bad value fails at start with
 * {@code "--name: value (expected: ...)"}. See route-controller/README.md for the list.
 */
public record ControllerConfig(
    String mongoUri,
    String systemDb,
    List<String> etcdEndpoints,
    String etcdPrefix,
    Duration etcdTimeout,
    String domain,
    String ossDomain,
    String ossUpstream,
    String runtimeUpstreamTemplate,
    Duration resync,
    Duration leaseTtl,
    String electionName,
    String metricsHost,
    int metricsPort,
    App.Limits defaultLimits,
    Duration changePoll,
    URI adminApiUrl,
    String adminKey) {

  private static final Pattern DOMAIN = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");
  private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9.-]+:[0-9]{1,5}");
  private static final Pattern PREFIX = Pattern.compile("(/[A-Za-z0-9_.-]+)+");

  public ControllerConfig {
    if (mongoUri == null || !(mongoUri.startsWith("mongodb://") || mongoUri.startsWith("mongodb+srv://"))) {
      throw invalid("mongo-uri", redact(mongoUri), "a mongodb:// or mongodb+srv:// connection string");
    }
    if (systemDb == null || systemDb.isBlank()) {
      throw invalid("system-db", systemDb, "a database name");
    }
    if (adminApiUrl != null) {
      if (adminApiUrl.getHost() == null
          || !("http".equals(adminApiUrl.getScheme()) || "https".equals(adminApiUrl.getScheme()))) {
        throw invalid("admin-api-url", adminApiUrl, "http://host:port of APISIX's Admin API, e.g. http://127.0.0.1:9180");
      }
      if (adminKey == null || adminKey.isBlank()) {
        throw invalid("admin-key", "", "APISIX's admin key (deployment.admin.admin_key), best given as INKWELL_ADMIN_KEY");
      }
    }
    if (etcdEndpoints.isEmpty() && adminApiUrl == null) {
      throw invalid("etcd-endpoints", "none", "comma-separated http://host:port (none only with --admin-api-url)");
    }
    for (String e : etcdEndpoints) {
      URI u = URI.create(e);
      if (u.getHost() == null || u.getPort() < 0 || !("http".equals(u.getScheme()) || "https".equals(u.getScheme()))) {
        throw invalid("etcd-endpoints", e, "http://host:port");
      }
    }
    etcdEndpoints = List.copyOf(etcdEndpoints);
    if (!PREFIX.matcher(etcdPrefix).matches()) {
      throw invalid("etcd-prefix", etcdPrefix, "a key prefix such as /apisix, without a trailing /");
    }
    if (!DOMAIN.matcher(domain).matches()) {
      throw invalid("domain", domain, "a lowercase domain such as apps.example.com");
    }
    if (!DOMAIN.matcher(ossDomain).matches()) {
      throw invalid("oss-domain", ossDomain, "a lowercase domain such as oss.example.com");
    }
    if (!HOST_PORT.matcher(ossUpstream).matches()) {
      throw invalid("oss-upstream", ossUpstream, "host:port of the object store");
    }
    if (!runtimeUpstreamTemplate.contains("{appid}")
        || !HOST_PORT.matcher(runtimeUpstreamTemplate.replace("{appid}", "a")).matches()) {
      throw invalid("runtime-upstream-template", runtimeUpstreamTemplate, "host:port with {appid}, e.g. "
          + "inkwell-app-{appid}.inkwell-apps.svc:8000");
    }
    if (resync.compareTo(Duration.ofSeconds(1)) < 0) {
      throw invalid("resync-seconds", resync.toSeconds(), "at least 1");
    }
    if (leaseTtl.compareTo(Duration.ofSeconds(2)) < 0 || leaseTtl.compareTo(Duration.ofSeconds(300)) > 0) {
      throw invalid("lease-ttl-seconds", leaseTtl.toSeconds(), "2..300");
    }
    if (metricsPort < -1 || metricsPort > 65535) {
      throw invalid("metrics-port", metricsPort, "0..65535, or -1 for no metrics server");
    }
    if (changePoll.isNegative() || changePoll.compareTo(Duration.ofSeconds(1)) > 0) {
      throw invalid("change-poll-ms", changePoll.toMillis(), "0..1000");
    }
    if (etcdTimeout.compareTo(Duration.ofMillis(100)) < 0) {
      throw invalid("etcd-timeout-ms", etcdTimeout.toMillis(), "at least 100");
    }
  }

  /** Flags first, then {@code INKWELL_*} environment variables, then defaults. */
  public static ControllerConfig parse(String[] args, Map<String, String> env) {
    Map<String, String> flags = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        throw invalid("argument", a, "--name value");
      }
      int eq = a.indexOf('=');
      if (eq > 0) {
        flags.put(a.substring(2, eq), a.substring(eq + 1));
      } else if (i + 1 < args.length) {
        flags.put(a.substring(2), args[++i]);
      } else {
        throw invalid(a.substring(2), "", "a value");
      }
    }
    Source s = new Source(flags, env);
    Double rate = s.decimal("default-rate");
    Integer burst = s.integer("default-burst", null);
    App.Limits limits = null;
    if (rate != null || burst != null) {
      if (rate == null || burst == null) {
        throw invalid(rate == null ? "default-rate" : "default-burst", "", "both --default-rate and --default-burst");
      }
      try {
        limits = new App.Limits(rate, burst, null, false);
      } catch (IllegalArgumentException e) {
        throw invalid("default-rate/default-burst", rate + "/" + burst, "rate > 0 and burst >= 1");
      }
    }
    ControllerConfig c = new ControllerConfig(
        s.string("mongo-uri", "mongodb://127.0.0.1:27017"),
        s.string("system-db", SystemDatabase.DEFAULT_NAME),
        endpoints(s.string("etcd-endpoints", "http://127.0.0.1:2379")),
        s.string("etcd-prefix", "/apisix"),
        Duration.ofMillis(s.integer("etcd-timeout-ms", 5000)),
        s.string("domain", "localhost"),
        s.string("oss-domain", "oss.localhost"),
        s.string("oss-upstream", "127.0.0.1:9000"),
        s.string("runtime-upstream-template", "inkwell-app-{appid}.inkwell-apps.svc:8000"),
        Duration.ofSeconds(s.integer("resync-seconds", 60)),
        Duration.ofSeconds(s.integer("lease-ttl-seconds", 10)),
        s.string("election-name", "/inkwell/route-controller/leader"),
        s.string("metrics-host", "127.0.0.1"),
        s.integer("metrics-port", 9464),
        limits,
        Duration.ofMillis(s.integer("change-poll-ms", 5)),
        adminUrl(s.string("admin-api-url", null)),
        s.string("admin-key", null));
    s.rejectUnknown();
    return c;
  }

  /** {@code none}: no etcd at all (Admin API writer, one replica, no election). */
  private static List<String> endpoints(String v) {
    return v.equals("none") ? List.of() : List.of(v.split(","));
  }

  private static URI adminUrl(String v) {
    try {
      return v == null ? null : URI.create(v);
    } catch (IllegalArgumentException e) {
      throw invalid("admin-api-url", v, "http://host:port of APISIX's Admin API");
    }
  }

  /** Flag values with environment fallback; remembers which flags were read so unknown ones can be refused. */
  private record Source(Map<String, String> flags, Map<String, String> env, List<String> known) {
    Source(Map<String, String> flags, Map<String, String> env) {
      this(flags, env, new ArrayList<>());
    }

    String string(String name, String fallback) {
      known.add(name);
      String v = flags.get(name);
      if (v == null) {
        v = env.get("INKWELL_" + name.toUpperCase(Locale.ROOT).replace('-', '_'));
      }
      return v == null || v.isBlank() ? fallback : v.trim();
    }

    Integer integer(String name, Integer fallback) {
      String v = string(name, null);
      try {
        return v == null ? fallback : Integer.valueOf(v);
      } catch (NumberFormatException e) {
        throw invalid(name, v, "an integer");
      }
    }

    Double decimal(String name) {
      String v = string(name, null);
      try {
        return v == null ? null : Double.valueOf(v);
      } catch (NumberFormatException e) {
        throw invalid(name, v, "a number");
      }
    }

    void rejectUnknown() {
      for (String f : flags.keySet()) {
        if (!known.contains(f)) {
          throw invalid(f, flags.get(f), "one of --" + String.join(", --", known));
        }
      }
    }
  }

  static IllegalArgumentException invalid(String name, Object value, String expected) {
    return new IllegalArgumentException("--" + name + ": " + value + " (expected: " + expected + ")");
  }

  static String redact(String uri) {
    return uri == null ? null : uri.replaceAll("//([^:/@]+):[^@/]*@", "//$1:***@");
  }

  @Override
  public String toString() {
    return "ControllerConfig[mongo=" + redact(mongoUri) + "/" + systemDb + ", etcd=" + etcdEndpoints + etcdPrefix
        + ", domain=" + domain + ", ossDomain=" + ossDomain + ", resync=" + resync.toSeconds() + "s, leaseTtl="
        + leaseTtl.toSeconds() + "s, metrics=" + metricsHost + ":" + metricsPort
        + (adminApiUrl == null ? "" : ", writer=Admin API " + adminApiUrl + " (key not shown)") + "]";
  }
}
