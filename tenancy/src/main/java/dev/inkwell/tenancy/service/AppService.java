package dev.inkwell.tenancy.service;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.client.model.Updates;
import dev.inkwell.records.App;
import dev.inkwell.records.InvalidRecordException;
import dev.inkwell.tenancy.api.ApiException;
import dev.inkwell.tenancy.provision.AppWorkload;
import dev.inkwell.tenancy.provision.DatabaseProvisioner;
import dev.inkwell.tenancy.provision.ProvisioningException;
import dev.inkwell.tenancy.provision.StorageProvisioner;
import dev.inkwell.tenancy.provision.WorkloadProvisioner;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Date;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.bson.Document;

/**
 * Apps: their records and their provisioning. An app's {@code state} says where it is: {@code provisioning},
 * {@code running}, {@code stopped}, {@code failed} (a step failed; every step done before it was undone, and
 * {@code status} names the step and the reason) or {@code deleting}. Only {@code running} apps get a route.
 *
 * <p>Provisioning runs the steps database -> storage -> workload, each idempotent; when one fails, the ones done are
 * undone in reverse order, so nothing is half-created, and the app is left {@code failed} to be retried (by
 * {@code POST /provision} or the {@link Reconciler}). Operations on one app are serialised by a per-app lock.
 */
public final class AppService {

  private static final Logger LOG = Logger.getLogger(AppService.class.getName());
  /** Tenancy's rule, stricter than a DNS label: no '-', so {@code <appid>-<bucket>} splits in exactly one way. */
  public static final Pattern APPID = Pattern.compile("[a-z][a-z0-9]{2,15}");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
  private static final java.util.Set<String> RESERVED_ENV = java.util.Set.of("APPID", "DB_URI", "SERVER_SECRET",
      "OSS_ACCESS_KEY", "OSS_ACCESS_SECRET", "OSS_INTERNAL_ENDPOINT", "OSS_EXTERNAL_ENDPOINT", "OSS_REGION",
      "INKWELL_EDGE_SIGNING_KEY", "INKWELL_DOMAIN", "PORT");

  public static final String PROVISIONING = "provisioning";
  public static final String STOPPED = "stopped";
  public static final String FAILED = "failed";
  public static final String DELETING = "deleting";

  private final Store store;
  private final TenancySettings settings;
  private final DatabaseProvisioner database;
  private final StorageProvisioner storage;
  private final WorkloadProvisioner workloads;
  private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

  public AppService(Store store, TenancySettings settings, DatabaseProvisioner database, StorageProvisioner storage,
      WorkloadProvisioner workloads) {
    this.store = store;
    this.settings = settings;
    this.database = database;
    this.storage = storage;
    this.workloads = workloads;
  }

  public TenancySettings settings() {
    return settings;
  }

  /** What {@link #create} takes; null fields take defaults. */
  public record NewApp(String appid, String name, App.Limits limits, Map<String, String> env,
      AppWorkload.Resources resources, Integer databaseQuotaMiB) {

    public NewApp(String appid, String name, App.Limits limits, Map<String, String> env,
        AppWorkload.Resources resources) {
      this(appid, name, limits, env, resources, null);
    }
  }

  /** Database size above which an app's user keeps only {@code read} (data + indexes), unless the app sets its own. */
  public static final int DEFAULT_DATABASE_QUOTA_MIB = 1024;

  /**
   * Whether {@code appid} may name a new app. An app's database is named after it, so MongoDB's own databases and the
   * system database are never appids; nor is the appid of a deleted app whose data was kept (its database and
   * {@code <appid>-*} buckets would otherwise fall to the next app of that name).
   */
  private String unavailable(String appid) {
    if (RESERVED_DATABASES.contains(appid) || appid.equals(store.systemDatabaseName()) || appid.startsWith("system")) {
      return "reserved (a database name MongoDB or the platform uses)";
    }
    if (store.retired().find(eq("_id", appid)).first() != null) {
      return "held by the kept data of a deleted app";
    }
    if (store.apps().find(eq("_id", appid)).first() != null) {
      return "taken";
    }
    return null;
  }

  private static final java.util.Set<String> RESERVED_DATABASES = java.util.Set.of("admin", "local", "config");

  /** Creates the record, provisions it and returns the document and a first developer token (shown once). */
  public Created create(NewApp req) {
    String appid = req.appid() != null ? req.appid() : freeAppid();
    if (!APPID.matcher(appid).matches()) {
      throw ApiException.invalid("appid", appid, "3-16 lowercase letters or digits, starting with a letter");
    }
    String why = unavailable(appid);
    if (why != null) {
      throw ApiException.conflict("appid " + appid + " is " + why).with("field", "appid");
    }
    Map<String, String> env = checkEnv(req.env() == null ? Map.of() : req.env(), "env");
    Instant now = Instant.now();
    Secrets.EdgeKeyPair edge = Secrets.edgeKey(appid + "-edge-1");
    App record = new App(appid, req.name(), PROVISIONING, req.limits(),
        new App.Auth(List.of("/*"), List.of(new App.Jwk("OKP", "Ed25519", edge.kid(), edge.x(), null)), List.of()),
        null, now, now);
    Document doc = record.toDocument()
        .append("env", new Document(env))
        .append("resources", resourcesDocument(req.resources()))
        .append("quota", new Document("databaseMiB",
            req.databaseQuotaMiB() == null ? DEFAULT_DATABASE_QUOTA_MIB : req.databaseQuotaMiB()).append("readOnly",
            false));
    // Secrets first: a record without them could never be provisioned (a crash in between leaves only secrets, which
    // the next create of this appid replaces).
    store.secrets().replaceOne(eq("_id", appid), new Document("_id", appid)
        .append("serverSecret", Secrets.random(32))
        .append("databasePassword", Secrets.random(24))
        .append("storageSecret", Secrets.random(30))
        .append("edgeSigningKey", edge.privateJwk()), new com.mongodb.client.model.ReplaceOptions().upsert(true));
    try {
      store.apps().insertOne(doc);
    } catch (com.mongodb.MongoWriteException e) {
      if (e.getError().getCode() == 11000) {
        throw ApiException.conflict("app " + appid + " already exists").with("field", "appid");
      }
      throw e;
    }
    String token = Tokens.issue(store, appid);
    LOG.info(() -> "app " + appid + ": created, provisioning");
    try {
      provision(appid);
    } catch (ApiException e) {
      // the app exists (failed, retryable); its first token is lost with this answer, so say how to get one
      throw new ApiException(e.status(), e.code(), e.getMessage() + "; then POST /v1/apps/" + appid
          + "/tokens issues a developer token").with("step", e.details().get("step")).with("appid", appid);
    }
    return new Created(get(appid), token);
  }

  /** @param developerToken shown once, only its hash is kept */
  public record Created(Document app, String developerToken) {
  }

  private String freeAppid() {
    for (int i = 0; i < 20; i++) {
      String id = Secrets.randomId(6);
      if (unavailable(id) == null) {
        return id;
      }
    }
    throw new ApiException(500, "internal", "could not find a free appid");
  }

  /**
   * Runs (or re-runs) every provisioning step; on a failure undoes the steps done, leaves the app {@code failed} with
   * the step and reason, and throws {@code 502 provisioning_failed}.
   */
  public void provision(String appid) {
    withLock(appid, () -> {
      Document doc = require(appid);
      String state = doc.getString("state");
      if (DELETING.equals(state)) {
        throw ApiException.conflict("app " + appid + " is being deleted");
      }
      if (App.RUNNING.equals(state) || STOPPED.equals(state)) {
        return; // already provisioned (a reconciler pass raced with the request that did it)
      }
      setState(appid, PROVISIONING, null);
      Document secrets = store.secrets().find(eq("_id", appid)).first();
      if (secrets == null) {
        throw new ApiException(500, "internal", "app " + appid + " has no secrets record");
      }
      Deque<Undo> done = new ArrayDeque<>();
      String step = "database";
      try {
        DatabaseProvisioner.DatabaseGrant grant = database.create(appid, secrets.getString("databasePassword"));
        done.push(() -> database.removeUser(appid));
        store.secrets().updateOne(eq("_id", appid), Updates.set("databaseUri", grant.uri()));
        step = "storage";
        storage.createUser(appid, secrets.getString("storageSecret"));
        done.push(() -> storage.removeUser(appid));
        for (Document b : store.buckets().find(eq("appid", appid))) {
          storage.createBucket(b.getString("_id"), dev.inkwell.records.Bucket.fromDocument(b).policy());
        }
        step = "workload";
        String wanted = doc.getBoolean("stopRequested", false) ? STOPPED : App.RUNNING;
        if (wanted.equals(App.RUNNING)) {
          workloads.apply(workload(appid));
          done.push(() -> workloads.delete(appid));
        }
        // the user was (re)granted full roles: the next quota pass decides read-only afresh
        store.apps().updateOne(eq("_id", appid), Updates.combine(Updates.set("state", wanted),
            Updates.set("runtime", new Document("upstream", workloads.upstream(appid))), Updates.unset("status"),
            Updates.set("quota.readOnly", false), Updates.set("updatedAt", new Date())));
        LOG.info(() -> "app " + appid + ": provisioned (" + wanted + ")");
      } catch (ProvisioningException | RuntimeException failure) {
        // any failure, not only the provisioners' own: nothing may stay half-made
        ProvisioningException e = failure instanceof ProvisioningException pe ? pe
            : new ProvisioningException(step, failure.getClass().getSimpleName()
                + (failure.getMessage() == null ? "" : ": " + failure.getMessage()), failure);
        List<String> undoFailures = new ArrayList<>();
        while (!done.isEmpty()) {
          try {
            done.pop().run();
          } catch (ProvisioningException | RuntimeException u) {
            undoFailures.add(u.getMessage());
          }
        }
        String message = e.getMessage() + (undoFailures.isEmpty() ? "; steps before it were undone"
            : "; undo incomplete: " + String.join("; ", undoFailures));
        setState(appid, FAILED, new Document("step", e.step()).append("message", message));
        LOG.warning(() -> "app " + appid + ": provisioning failed at " + e.step() + ": " + message);
        throw new ApiException(502, "provisioning_failed", "app " + appid + ": " + message
            + " (retry: POST /v1/apps/" + appid + "/provision)").with("step", e.step());
      }
    });
  }

  @FunctionalInterface
  private interface Undo {
    void run() throws ProvisioningException;
  }

  /** The workload spec of an app, from its record and secrets. */
  public AppWorkload workload(String appid) {
    Document doc = require(appid);
    Document s = store.secrets().find(eq("_id", appid)).first();
    if (s == null || s.getString("databaseUri") == null) {
      throw new ApiException(500, "internal", "app " + appid + " is not provisioned");
    }
    Map<String, String> secrets = new LinkedHashMap<>();
    secrets.put("DB_URI", s.getString("databaseUri"));
    secrets.put("SERVER_SECRET", s.getString("serverSecret"));
    secrets.put("OSS_ACCESS_SECRET", s.getString("storageSecret"));
    secrets.put("INKWELL_EDGE_SIGNING_KEY", s.getString("edgeSigningKey"));
    StorageProvisioner.Endpoint ep = storage.endpoint();
    Map<String, String> plain = new LinkedHashMap<>();
    plain.put("APPID", appid);
    plain.put("INKWELL_DOMAIN", settings.domain());
    plain.put("OSS_ACCESS_KEY", appid);
    plain.put("OSS_INTERNAL_ENDPOINT", ep.url());
    plain.put("OSS_EXTERNAL_ENDPOINT", ep.url());
    plain.put("OSS_REGION", ep.region());
    return new AppWorkload(appid, env(doc), secrets, plain, resources(doc.get("resources", Document.class)));
  }

  /** The app's secrets (for the debug invoke's token), or null when it has none: never for an API answer. */
  public Document secrets(String appid) {
    return store.secrets().find(eq("_id", appid)).first();
  }

  public Document get(String appid) {
    return require(appid);
  }

  public List<Document> list() {
    return store.apps().find().sort(new Document("_id", 1)).into(new ArrayList<>());
  }

  public void stop(String appid) {
    withLock(appid, () -> {
      Document doc = requireSettled(appid);
      store.apps().updateOne(eq("_id", appid), Updates.set("stopRequested", true));
      if (App.RUNNING.equals(doc.getString("state"))) {
        // route first (the controller drops it), then the workload; if the workload cannot be stopped, the app is
        // still running: its route comes back and the caller sees the 502
        setState(appid, STOPPED, null);
        try {
          call(() -> workloads.stop(appid));
        } catch (ApiException e) {
          setState(appid, App.RUNNING, null);
          store.apps().updateOne(eq("_id", appid), Updates.unset("stopRequested"));
          throw e;
        }
      }
    });
  }

  public void start(String appid) {
    withLock(appid, () -> {
      Document doc = requireSettled(appid);
      store.apps().updateOne(eq("_id", appid), Updates.unset("stopRequested"));
      if (STOPPED.equals(doc.getString("state"))) {
        call(() -> workloads.apply(workload(appid)));
        setState(appid, App.RUNNING, null);
      }
    });
  }

  public void restart(String appid) {
    withLock(appid, () -> {
      Document doc = requireSettled(appid);
      if (App.RUNNING.equals(doc.getString("state"))) {
        call(() -> workloads.apply(workload(appid)));
        call(() -> workloads.restart(appid));
      }
    });
  }

  /** What a delete did: data is dropped only on explicit request. */
  public record Deleted(String appid, boolean dataDeleted, List<String> keptBuckets) {
  }

  /**
   * Deletes the app's route (the record goes), runtime, users and records; with {@code deleteData} also its database
   * and buckets with their objects. Re-running after a failure continues where it stopped.
   */
  public Deleted delete(String appid, boolean deleteData) {
    return withLock(appid, () -> {
      Document retired = store.apps().find(eq("_id", appid)).first() == null
          ? store.retired().find(eq("_id", appid)).first() : null;
      if (retired != null && deleteData) {
        return purgeRetired(appid, retired);
      }
      require(appid);
      setState(appid, DELETING, null);
      List<String> buckets = store.buckets().find(eq("appid", appid)).map(b -> b.getString("_id"))
          .into(new ArrayList<>());
      call(() -> workloads.delete(appid));
      if (deleteData) {
        for (String b : buckets) {
          call(() -> storage.deleteBucket(b, true));
        }
      }
      call(() -> storage.removeUser(appid));
      call(() -> database.removeUser(appid));
      if (deleteData) {
        call(() -> database.dropDatabase(appid));
      }
      store.buckets().deleteMany(eq("appid", appid));
      store.functions().deleteMany(eq("appid", appid));
      store.revisions().deleteMany(eq("appid", appid));
      store.devTokens().deleteMany(eq("appid", appid));
      store.secrets().deleteOne(eq("_id", appid));
      if (deleteData) {
        store.retired().deleteOne(eq("_id", appid));
      } else {
        // the kept database and buckets must never fall to a new app of the same name
        store.retired().replaceOne(eq("_id", appid), new Document("_id", appid).append("deletedAt", new Date())
            .append("buckets", buckets), new com.mongodb.client.model.ReplaceOptions().upsert(true));
      }
      store.apps().deleteOne(eq("_id", appid));
      LOG.info(() -> "app " + appid + ": deleted" + (deleteData ? " with its data" : " (database and buckets kept)"));
      return new Deleted(appid, deleteData, deleteData ? List.of() : buckets);
    });
  }

  /** Drops the kept database and buckets of a deleted app; its appid can then be used again. */
  private Deleted purgeRetired(String appid, Document retired) {
    List<String> buckets = retired.getList("buckets", String.class, List.of());
    for (String b : buckets) {
      call(() -> storage.deleteBucket(b, true));
    }
    call(() -> database.dropDatabase(appid));
    store.retired().deleteOne(eq("_id", appid));
    LOG.info(() -> "app " + appid + ": the kept data of the deleted app was dropped; the appid is free again");
    return new Deleted(appid, true, List.of());
  }

  // ---- limits, auth policy, env ----

  public void setLimits(String appid, App.Limits limits) {
    require(appid);
    store.apps().updateOne(eq("_id", appid), Updates.combine(limits == null ? Updates.unset("limits")
        : Updates.set("limits", limitsDocument(limits)), Updates.set("updatedAt", new Date())));
  }

  public static Document limitsDocument(App.Limits l) {
    Document d = new Document("rate", l.rate()).append("burst", l.burst());
    if (l.key() != null) {
      d.append("key", l.key());
    }
    return d.append("dryRun", l.dryRun());
  }

  public void setPublicPaths(String appid, List<String> paths) {
    require(appid);
    try {
      new App.Auth(paths, List.of(), List.of());
    } catch (InvalidRecordException e) {
      throw new ApiException(400, "invalid_field", e.getMessage()).with("field", "publicPaths");
    }
    store.apps().updateOne(eq("_id", appid), Updates.combine(Updates.set("auth.publicPaths", paths),
        Updates.set("updatedAt", new Date())));
  }

  /** Merges {@code changes} (null values unset) and restarts a running app so it sees them. */
  public Map<String, String> setEnv(String appid, Map<String, String> changes) {
    return withLock(appid, () -> {
      Document doc = require(appid);
      Map<String, String> env = new java.util.TreeMap<>(env(doc));
      for (Map.Entry<String, String> e : changes.entrySet()) {
        checkEnvName(e.getKey(), "env");
        if (e.getValue() == null) {
          env.remove(e.getKey());
        } else {
          env.put(e.getKey(), e.getValue());
        }
      }
      store.apps().updateOne(eq("_id", appid), Updates.combine(Updates.set("env", new Document(env)),
          Updates.set("updatedAt", new Date())));
      if (App.RUNNING.equals(doc.getString("state"))) {
        call(() -> workloads.apply(workload(appid)));
        call(() -> workloads.restart(appid));
      }
      return env;
    });
  }

  public static Map<String, String> env(Document doc) {
    Map<String, String> env = new java.util.TreeMap<>();
    Document e = doc.get("env", Document.class);
    if (e != null) {
      e.forEach((k, v) -> env.put(k, String.valueOf(v)));
    }
    return env;
  }

  private static Map<String, String> checkEnv(Map<String, String> env, String field) {
    for (Map.Entry<String, String> e : env.entrySet()) {
      checkEnvName(e.getKey(), field);
      if (e.getValue() == null) {
        throw ApiException.invalid(field + "." + e.getKey(), null, "a string");
      }
    }
    return env;
  }

  private static void checkEnvName(String name, String field) {
    if (!ENV_NAME.matcher(name).matches()) {
      throw ApiException.invalid(field + "." + name, name, "a variable name: letters, digits and '_', not first a digit");
    }
    if (RESERVED_ENV.contains(name)) {
      throw ApiException.invalid(field + "." + name, name, "a name the platform does not set itself");
    }
  }

  static Document resourcesDocument(AppWorkload.Resources r) {
    AppWorkload.Resources x = r == null ? AppWorkload.Resources.DEFAULT : r;
    Document d = new Document("cpuMillis", x.cpuMillis()).append("memoryMiB", x.memoryMiB())
        .append("replicas", x.replicas());
    if (x.autoscaling() != null) {
      d.append("autoscaling", new Document("minReplicas", x.autoscaling().minReplicas())
          .append("maxReplicas", x.autoscaling().maxReplicas())
          .append("targetCpuPercent", x.autoscaling().targetCpuPercent()));
    }
    return d;
  }

  static AppWorkload.Resources resources(Document d) {
    if (d == null) {
      return AppWorkload.Resources.DEFAULT;
    }
    Document a = d.get("autoscaling", Document.class);
    return new AppWorkload.Resources(d.getInteger("cpuMillis", 100), d.getInteger("memoryMiB", 256),
        d.getInteger("replicas", 1), a == null ? null : new AppWorkload.Autoscaling(a.getInteger("minReplicas"),
            a.getInteger("maxReplicas"), a.getInteger("targetCpuPercent")));
  }

  // ---- helpers ----

  public Document require(String appid) {
    Document doc = appid == null ? null : store.apps().find(eq("_id", appid)).first();
    if (doc == null) {
      throw ApiException.notFound("app " + appid);
    }
    return doc;
  }

  private Document requireSettled(String appid) {
    Document doc = require(appid);
    String state = doc.getString("state");
    if (!App.RUNNING.equals(state) && !STOPPED.equals(state)) {
      throw ApiException.conflict("app " + appid + " is " + state
          + (FAILED.equals(state) ? " (retry: POST /v1/apps/" + appid + "/provision)" : ""));
    }
    return doc;
  }

  private void setState(String appid, String state, Document status) {
    store.apps().updateOne(eq("_id", appid), Updates.combine(Updates.set("state", state),
        status == null ? Updates.unset("status") : Updates.set("status", status), Updates.set("updatedAt", new Date())));
  }

  /**
   * Points every provisioned app's {@code runtime.upstream} (what the route controller routes to) at where its workload
   * now answers: the standalone runtime gets a new port on each start; on Kubernetes this changes only with the
   * namespace. Returns how many records changed.
   */
  public int refreshUpstreams() {
    int changed = 0;
    for (Document d : store.apps().find(in("state", List.of(App.RUNNING, STOPPED)))) {
      String appid = d.getString("_id");
      String want = workloads.upstream(appid);
      Document runtime = d.get("runtime", Document.class);
      if (runtime == null || !want.equals(runtime.getString("upstream"))) {
        store.apps().updateOne(eq("_id", appid), Updates.combine(Updates.set("runtime.upstream", want),
            Updates.set("updatedAt", new Date())));
        changed++;
      }
    }
    return changed;
  }

  /**
   * Compares each running app's database size (data + indexes, from {@code dbStats}) with its quota and switches its
   * user to read-only above it, back to read-write below it. The record's {@code quota} says what was found and
   * decided. Returns the apps whose mode changed. Called by the {@link Reconciler} on every pass.
   */
  public List<String> enforceQuotas() {
    List<String> changed = new ArrayList<>();
    for (Document d : store.apps().find(eq("state", App.RUNNING))) {
      String appid = d.getString("_id");
      Document quota = d.get("quota", Document.class);
      long limit = (quota == null ? DEFAULT_DATABASE_QUOTA_MIB : quota.getInteger("databaseMiB",
          DEFAULT_DATABASE_QUOTA_MIB)) * 1024L * 1024L;
      long used;
      try {
        Document stats = store.appDatabase(appid).runCommand(new Document("dbStats", 1));
        used = number(stats.get("dataSize")) + number(stats.get("indexSize"));
      } catch (com.mongodb.MongoException e) {
        LOG.fine(() -> "app " + appid + ": dbStats failed: " + e.getMessage());
        continue;
      }
      boolean over = used > limit;
      withLock(appid, () -> {
        // read again under the lock: a provisioning or delete may have run since the first read
        Document now = store.apps().find(eq("_id", appid)).first();
        if (now == null || !App.RUNNING.equals(now.getString("state"))) {
          return;
        }
        Document q0 = now.get("quota", Document.class);
        boolean current = q0 != null && q0.getBoolean("readOnly", false);
        String note = null;
        boolean readOnly = current;
        if (over != current) {
          try {
            database.setReadOnly(appid, over);
            readOnly = over;
            changed.add(appid);
            LOG.warning(() -> "app " + appid + ": database " + used / 1024 / 1024 + " MiB of " + limit / 1024 / 1024
                + " MiB: " + (over ? "read-only until it shrinks" : "read-write again"));
          } catch (ProvisioningException e) {
            note = e.getMessage();
          }
        }
        Document q = new Document("databaseMiB", (int) (limit / 1024 / 1024)).append("usedBytes", used)
            .append("readOnly", readOnly).append("checkedAt", new Date());
        if (note != null) {
          q.append("note", note);
        }
        store.apps().updateOne(eq("_id", appid), Updates.set("quota", q));
      });
    }
    return changed;
  }

  private static long number(Object o) {
    return o instanceof Number n ? n.longValue() : 0;
  }

  /** Apps in these states, for the reconciler. */
  List<String> appsIn(String... states) {
    return store.apps().find(in("state", List.of(states))).map(d -> d.getString("_id")).into(new ArrayList<>());
  }

  /** Runs a provisioning call outside the create flow: a failure is a 502 naming the step. */
  private static void call(Undo step) {
    try {
      step.run();
    } catch (ProvisioningException e) {
      throw new ApiException(502, "provisioning_failed", e.getMessage()).with("step", e.step());
    }
  }

  private void withLock(String appid, Runnable body) {
    withLock(appid, () -> {
      body.run();
      return null;
    });
  }

  private <T> T withLock(String appid, java.util.function.Supplier<T> body) {
    ReentrantLock lock = locks.computeIfAbsent(appid, k -> new ReentrantLock());
    lock.lock();
    try {
      return body.get();
    } finally {
      lock.unlock();
    }
  }
}
