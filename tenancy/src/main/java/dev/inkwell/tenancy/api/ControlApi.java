package dev.inkwell.tenancy.api;

import dev.inkwell.records.App;
import dev.inkwell.records.Bucket;
import dev.inkwell.records.InvalidRecordException;
import dev.inkwell.runtime.engine.Resources;
import dev.inkwell.tenancy.provision.AppWorkload;
import dev.inkwell.tenancy.provision.StorageProvisioner;
import dev.inkwell.tenancy.service.AppService;
import dev.inkwell.tenancy.service.BucketService;
import dev.inkwell.tenancy.service.FunctionService;
import dev.inkwell.tenancy.service.Invoker;
import dev.inkwell.tenancy.service.KeyService;
import dev.inkwell.tenancy.service.Tokens;
import java.io.ByteArrayInputStream;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;

/**
 * The routes of the control API ({@code API.md}, {@code /openapi.json}) and the JSON views of records. Each handler
 * checks who may call it first: operator-only calls, and app calls that a developer token may make for its own app.
 */
public final class ControlApi {

  private static final Set<String> APP_FIELDS = Set.of("name", "appid", "limits", "env", "resources",
      "databaseQuotaMiB");
  private static final Set<String> LIMIT_FIELDS = Set.of("rate", "burst", "key", "dryRun");
  private static final Set<String> RESOURCE_FIELDS = Set.of("cpuMillis", "memoryMiB", "replicas", "autoscaling");
  private static final Set<String> AUTOSCALING_FIELDS = Set.of("minReplicas", "maxReplicas", "targetCpuPercent");
  private static final Set<String> FUNCTION_FIELDS = Set.of("code", "methods", "description", "tags", "publish");
  private static final Set<String> BUCKET_FIELDS = Set.of("name", "policy", "website");
  private static final Set<String> INVOKE_FIELDS = Set.of("method", "query", "headers", "body");

  private final AppService apps;
  private final FunctionService functions;
  private final BucketService buckets;
  private final KeyService keys;
  private final Invoker invoker;
  private final dev.inkwell.tenancy.service.Store store;

  public ControlApi(dev.inkwell.tenancy.service.Store store, AppService apps, FunctionService functions,
      BucketService buckets, KeyService keys, Invoker invoker) {
    this.store = store;
    this.apps = apps;
    this.functions = functions;
    this.buckets = buckets;
    this.keys = keys;
    this.invoker = invoker;
  }

  public Router router() {
    Router r = new Router();
    r.open("GET", "/healthz", q -> ApiResponse.ok(Map.of("status", "ok")));
    r.open("GET", "/openapi.json", q -> ApiResponse.raw(OPENAPI.get(), "application/json"));

    r.add("POST", "/v1/apps", this::createApp);
    r.add("GET", "/v1/apps", q -> {
      q.principal().requireOperator();
      return ApiResponse.ok(Map.of("apps", apps.list().stream().map(this::appView).toList()));
    });
    r.add("GET", "/v1/apps/{appid}", q -> ApiResponse.ok(appView(apps.get(app(q)))));
    r.add("DELETE", "/v1/apps/{appid}", this::deleteApp);
    r.add("POST", "/v1/apps/{appid}/stop", q -> {
      apps.stop(app(q));
      return ApiResponse.ok(appView(apps.get(app(q))));
    });
    r.add("POST", "/v1/apps/{appid}/start", q -> {
      apps.start(app(q));
      return ApiResponse.ok(appView(apps.get(app(q))));
    });
    r.add("POST", "/v1/apps/{appid}/restart", q -> {
      apps.restart(app(q));
      return ApiResponse.ok(appView(apps.get(app(q))));
    });
    r.add("POST", "/v1/apps/{appid}/provision", q -> {
      q.principal().requireOperator();
      apps.provision(app(q));
      return ApiResponse.ok(appView(apps.get(app(q))));
    });
    r.add("POST", "/v1/apps/{appid}/tokens", q -> {
      String token = Tokens.issue(store, apps.require(app(q)).getString("_id"));
      return ApiResponse.created(Map.of("id", Tokens.idOfToken(token), "developerToken", token));
    });
    r.add("GET", "/v1/apps/{appid}/tokens", q -> ApiResponse.ok(Map.of("tokens",
        Tokens.list(store, apps.require(app(q)).getString("_id")))));
    r.add("DELETE", "/v1/apps/{appid}/tokens/{id}", q -> {
      String appid = apps.require(app(q)).getString("_id");
      if (!Tokens.revoke(store, appid, q.param("id"))) {
        throw ApiException.notFound("token " + q.param("id"));
      }
      return ApiResponse.ok(Map.of("revoked", q.param("id")));
    });

    r.add("GET", "/v1/apps/{appid}/functions", q -> ApiResponse.ok(Map.of("functions", functions.list(app(q)))));
    r.add("PUT", "/v1/apps/{appid}/functions/{name}", this::saveFunction);
    r.add("GET", "/v1/apps/{appid}/functions/{name}", q -> ApiResponse.ok(functions.get(app(q), q.param("name"))));
    r.add("DELETE", "/v1/apps/{appid}/functions/{name}", q -> {
      functions.delete(app(q), q.param("name"));
      return ApiResponse.ok(Map.of("deleted", q.param("name")));
    });
    r.add("POST", "/v1/apps/{appid}/functions/{name}/publish",
        q -> ApiResponse.ok(functions.publish(app(q), q.param("name"))));
    r.add("GET", "/v1/apps/{appid}/functions/{name}/revisions",
        q -> ApiResponse.ok(Map.of("revisions", functions.revisions(app(q), q.param("name")))));
    r.add("POST", "/v1/apps/{appid}/functions/{name}/rollback", q -> {
      Body b = q.json(Set.of("revision"));
      Integer rev = b.integer("revision", "a revision number");
      if (rev == null) {
        throw ApiException.missing("revision", "a revision number (GET .../revisions lists them)");
      }
      return ApiResponse.ok(functions.rollback(app(q), q.param("name"), rev));
    });
    r.add("POST", "/v1/apps/{appid}/functions/{name}/invoke", this::invoke);
    r.add("GET", "/v1/apps/{appid}/logs", q -> ApiResponse.ok(Map.of("logs",
        functions.logs(app(q), q.queryParam("function"), q.queryInt("limit", 100, 1, 1000)))));

    r.add("POST", "/v1/apps/{appid}/buckets", this::createBucket);
    r.add("GET", "/v1/apps/{appid}/buckets",
        q -> ApiResponse.ok(Map.of("buckets", buckets.list(app(q)).stream().map(this::bucketView).toList())));
    r.add("GET", "/v1/apps/{appid}/buckets/{name}", q -> ApiResponse.ok(bucketView(buckets.get(app(q), q.param("name")))));
    r.add("PATCH", "/v1/apps/{appid}/buckets/{name}", this::updateBucket);
    r.add("DELETE", "/v1/apps/{appid}/buckets/{name}", q -> {
      buckets.delete(app(q), q.param("name"), q.queryFlag("force"));
      return ApiResponse.ok(Map.of("deleted", q.param("name")));
    });
    r.add("GET", "/v1/apps/{appid}/buckets/{name}/objects", q -> ApiResponse.ok(Map.of("objects",
        buckets.objects(app(q), q.param("name"), q.queryParam("prefix"), q.queryInt("max", 1000, 1, 10_000)).stream()
            .map(ControlApi::objectView).toList())));
    r.add("PUT", "/v1/apps/{appid}/buckets/{name}/objects/{key+}", q -> {
      String type = q.header("content-type");
      return ApiResponse.ok(objectView(buckets.put(app(q), q.param("name"), q.param("key"),
          new ByteArrayInputStream(q.body()), q.body().length, type == null ? "application/octet-stream" : type)));
    });
    r.add("DELETE", "/v1/apps/{appid}/buckets/{name}/objects/{key+}", q -> {
      buckets.deleteObject(app(q), q.param("name"), q.param("key"));
      return ApiResponse.ok(Map.of("deleted", q.param("key")));
    });

    r.add("GET", "/v1/apps/{appid}/limits", q -> ApiResponse.ok(limitsView(apps.get(app(q)))));
    r.add("PUT", "/v1/apps/{appid}/limits", q -> {
      String appid = app(q);
      apps.setLimits(appid, limits(q.json(LIMIT_FIELDS), true));
      return ApiResponse.ok(limitsView(apps.get(appid)));
    });
    r.add("DELETE", "/v1/apps/{appid}/limits", q -> {
      apps.setLimits(app(q), null);
      return ApiResponse.ok(limitsView(apps.get(app(q))));
    });
    r.add("GET", "/v1/apps/{appid}/auth", q -> ApiResponse.ok(authView(apps.get(app(q)))));
    r.add("PUT", "/v1/apps/{appid}/auth", q -> {
      List<String> paths = q.json(Set.of("publicPaths")).strings("publicPaths", "paths");
      if (paths == null) {
        throw ApiException.missing("publicPaths", "an array of paths ([] makes every path need a key or token)");
      }
      apps.setPublicPaths(app(q), paths);
      return ApiResponse.ok(authView(apps.get(app(q))));
    });
    r.add("POST", "/v1/apps/{appid}/keys", q -> {
      KeyService.Issued k = keys.create(app(q), q.json(Set.of("id")).string("id", "1-64 characters of [A-Za-z0-9_.-]"));
      return ApiResponse.created(Map.of("id", k.id(), "key", k.key()));
    });
    r.add("GET", "/v1/apps/{appid}/keys", q -> ApiResponse.ok(Map.of("keys", keys.list(app(q)))));
    r.add("DELETE", "/v1/apps/{appid}/keys/{id}", q -> {
      keys.revoke(app(q), q.param("id"));
      return ApiResponse.ok(Map.of("revoked", q.param("id")));
    });
    r.add("GET", "/v1/apps/{appid}/env", q -> ApiResponse.ok(Map.of("env", AppService.env(apps.get(app(q))))));
    r.add("PUT", "/v1/apps/{appid}/env", q -> {
      Map<String, String> changes = q.json(Set.of("env")).stringMap("env");
      if (changes == null) {
        throw ApiException.missing("env", "an object of variables (null unsets one)");
      }
      String appid = app(q);
      boolean running = App.RUNNING.equals(apps.get(appid).getString("state"));
      return ApiResponse.ok(Map.of("env", apps.setEnv(appid, changes), "restarted", running));
    });
    return r;
  }

  /** The path's appid, after checking the caller may reach it. */
  private static String app(ApiRequest q) {
    String appid = q.param("appid");
    q.principal().checkApp(appid);
    return appid;
  }

  private ApiResponse createApp(ApiRequest q) {
    q.principal().requireOperator();
    Body b = q.json(APP_FIELDS);
    String name = b.string("name", "a display name");
    if (name != null && (name.isBlank() || name.length() > 64)) {
      throw ApiException.invalid("name", name, "1-64 characters");
    }
    Body l = b.object("limits", "an object {rate, burst, key, dryRun}");
    Body res = b.object("resources", "an object {cpuMillis, memoryMiB, replicas, autoscaling}");
    Integer quota = b.integer("databaseQuotaMiB", "an integer in 1..1048576");
    if (quota != null && (quota < 1 || quota > 1_048_576)) {
      throw ApiException.invalid("databaseQuotaMiB", quota, "an integer in 1..1048576");
    }
    AppService.Created c = apps.create(new AppService.NewApp(b.string("appid", "3-16 lowercase letters or digits"),
        name, l == null ? null : limits(l.only(LIMIT_FIELDS), true), b.stringMap("env"),
        res == null ? null : resources(res.only(RESOURCE_FIELDS)), quota));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("appid", c.app().getString("_id"));
    out.put("url", apps.settings().appUrl(c.app().getString("_id")));
    out.put("developerToken", c.developerToken());
    out.put("app", appView(c.app()));
    return ApiResponse.created(out);
  }

  private ApiResponse deleteApp(ApiRequest q) {
    q.principal().requireOperator();
    String appid = q.param("appid");
    boolean deleteData = q.queryFlag("deleteData");
    if (deleteData && !appid.equals(q.queryParam("confirm"))) {
      throw ApiException.invalid("confirm", q.queryParam("confirm"),
          "the appid again (" + appid + "): deleteData drops the database and buckets for good");
    }
    AppService.Deleted d = apps.delete(appid, deleteData);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("deleted", d.appid());
    out.put("dataDeleted", d.dataDeleted());
    if (!d.dataDeleted()) {
      out.put("kept", Map.of("database", d.appid(), "buckets", d.keptBuckets()));
    }
    return ApiResponse.ok(out);
  }

  private ApiResponse saveFunction(ApiRequest q) {
    String appid = app(q);
    Body b = q.json(FUNCTION_FIELDS);
    Boolean publish = b.bool("publish");
    FunctionService.Saved s = functions.save(appid, q.param("name"), new FunctionService.Save(
        b.requiredString("code", "the function's TypeScript or JavaScript source"), b.strings("methods", "HTTP methods"),
        b.string("description", "text"), b.strings("tags", "strings"), publish == null || publish));
    return ApiResponse.ok(Map.of("function", s.function(), "changed", s.changed()));
  }

  private ApiResponse invoke(ApiRequest q) {
    String appid = app(q);
    String name = q.param("name");
    functions.get(appid, name);
    Document app = apps.get(appid);
    if (!App.RUNNING.equals(app.getString("state"))) {
      throw ApiException.conflict("app " + appid + " is " + app.getString("state") + ": start it to invoke functions");
    }
    Body b = q.json(INVOKE_FIELDS);
    String method = b.string("method", "an HTTP method");
    method = method == null ? "GET" : method.toUpperCase(java.util.Locale.ROOT);
    if (!method.matches("GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS")) {
      throw ApiException.invalid("method", method, "GET, POST, PUT, DELETE, PATCH, HEAD or OPTIONS");
    }
    Document secrets = apps.secrets(appid);
    Document runtime = app.get("runtime", Document.class);
    if (secrets == null || runtime == null || runtime.getString("upstream") == null) {
      throw ApiException.conflict("app " + appid + " has no runtime address yet (provisioning did not finish)");
    }
    String upstream = runtime.getString("upstream");
    return ApiResponse.ok(invoker.invoke(upstream, appid + "." + apps.settings().domain(),
        secrets.getString("serverSecret"), name, method, b.stringMap("query"), b.stringMap("headers"), b.raw("body")));
  }

  private ApiResponse createBucket(ApiRequest q) {
    String appid = app(q);
    Body b = q.json(BUCKET_FIELDS);
    Bucket bucket = buckets.create(appid, b.requiredString("name", "a bucket name"), policy(b), website(b));
    return ApiResponse.created(bucketView(bucket));
  }

  private ApiResponse updateBucket(ApiRequest q) {
    String appid = app(q);
    Body b = q.json(Set.of("policy", "website"));
    return ApiResponse.ok(bucketView(buckets.update(appid, q.param("name"), policy(b), website(b))));
  }

  private static Bucket.Policy policy(Body b) {
    String p = b.string("policy", "private, readonly or readwrite");
    if (p == null) {
      return null;
    }
    return switch (p) {
      case "private" -> Bucket.Policy.PRIVATE;
      case "readonly" -> Bucket.Policy.READONLY;
      case "readwrite" -> Bucket.Policy.READWRITE;
      default -> throw ApiException.invalid("policy", p, "private, readonly or readwrite");
    };
  }

  private static Bucket.Website website(Body b) {
    Body w = b.object("website", "an object {spaFallback}");
    if (w == null) {
      return null;
    }
    Boolean spa = w.only(Set.of("spaFallback")).bool("spaFallback");
    return new Bucket.Website(spa != null && spa);
  }

  static App.Limits limits(Body b, boolean required) {
    Double rate = b.number("rate", "requests per second > 0");
    Integer burst = b.integer("burst", "an integer >= 1");
    if (rate == null) {
      throw ApiException.missing(b.name("rate"), "requests per second > 0");
    }
    if (burst == null) {
      throw ApiException.missing(b.name("burst"), "an integer >= 1");
    }
    Boolean dry = b.bool("dryRun");
    try {
      return new App.Limits(rate, burst, b.string("key", "remote_addr, http_<header> or arg_<name>"),
          dry != null && dry);
    } catch (InvalidRecordException e) {
      String field = e.getMessage().substring(0, e.getMessage().indexOf(':'));
      throw new ApiException(400, "invalid_field", e.getMessage()).with("field", field);
    }
  }

  private static AppWorkload.Resources resources(Body b) {
    int cpu = range(b, "cpuMillis", 100, 10, 16_000);
    int mem = range(b, "memoryMiB", 256, 64, 65_536);
    int replicas = range(b, "replicas", 1, 0, 100);
    Body a = b.object("autoscaling", "an object {minReplicas, maxReplicas, targetCpuPercent}");
    AppWorkload.Autoscaling auto = null;
    if (a != null) {
      a.only(AUTOSCALING_FIELDS);
      int min = range(a, "minReplicas", 1, 1, 100);
      int max = range(a, "maxReplicas", Math.max(min, 5), 1, 100);
      if (max < min) {
        throw ApiException.invalid(a.name("maxReplicas"), max, "at least minReplicas (" + min + ")");
      }
      auto = new AppWorkload.Autoscaling(min, max, range(a, "targetCpuPercent", 70, 10, 100));
    }
    return new AppWorkload.Resources(cpu, mem, replicas, auto);
  }

  private static int range(Body b, String field, int dflt, int min, int max) {
    Integer v = b.integer(field, "an integer in " + min + ".." + max);
    if (v == null) {
      return dflt;
    }
    if (v < min || v > max) {
      throw ApiException.invalid(b.name(field), v, "an integer in " + min + ".." + max);
    }
    return v;
  }

  // ---- views ----

  private Map<String, Object> appView(Document d) {
    Map<String, Object> v = new LinkedHashMap<>();
    String appid = d.getString("_id");
    v.put("appid", appid);
    v.put("name", d.getString("name"));
    v.put("state", d.getString("state"));
    if (d.get("status") != null) {
      v.put("status", d.get("status"));
    }
    v.put("url", apps.settings().appUrl(appid));
    v.put("limits", d.get("limits"));
    v.put("auth", authView(d));
    v.put("env", AppService.env(d));
    v.put("resources", d.get("resources"));
    v.put("quota", d.get("quota"));
    Document rs = d.get("routeStatus", Document.class);
    if (rs != null) {
      v.put("routeStatus", rs);
    }
    v.put("createdAt", d.get("createdAt"));
    v.put("updatedAt", d.get("updatedAt"));
    return v;
  }

  private static Map<String, Object> authView(Document d) {
    Document a = d.get("auth", Document.class);
    List<?> paths = a == null ? List.of("/*") : a.getList("publicPaths", String.class);
    List<Document> ks = a == null ? null : a.getList("apiKeys", Document.class);
    return Map.of("publicPaths", paths, "apiKeys", ks == null ? 0 : ks.size());
  }

  private Map<String, Object> limitsView(Document d) {
    Map<String, Object> v = new LinkedHashMap<>();
    Object own = d.get("limits");
    v.put("limits", own);
    App.Limits dflt = apps.settings().defaultLimits();
    v.put("effective", own != null ? own : dflt == null ? null : AppService.limitsDocument(dflt));
    return v;
  }

  private Map<String, Object> bucketView(Bucket b) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("name", b.name());
    v.put("id", b.id());
    v.put("policy", b.policy().stored());
    v.put("website", Map.of("spaFallback", b.website().spaFallback()));
    if (b.policy().publicRead()) {
      v.put("url", apps.settings().bucketUrl(b.id()));
    }
    return v;
  }

  private static Map<String, Object> objectView(StorageProvisioner.StoredObject o) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("key", o.key());
    v.put("size", o.size());
    v.put("etag", o.etag());
    v.put("lastModified", o.lastModified() == null ? null : Date.from(o.lastModified()));
    return v;
  }

  /** {@code /openapi.json}, read once from the classpath. */
  private static final java.util.function.Supplier<byte[]> OPENAPI = new java.util.function.Supplier<>() {
    private volatile byte[] bytes;

    @Override
    public byte[] get() {
      if (bytes == null) {
        bytes = Resources.read(ControlApi.class, "/dev/inkwell/tenancy/openapi.json")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
      }
      return bytes;
    }
  };
}
