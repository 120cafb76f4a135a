package dev.inkwell.standalone;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.inkwell.controller.ControllerConfig;
import dev.inkwell.controller.RouteController;
import dev.inkwell.controller.desired.Settings;
import dev.inkwell.records.Bucket;
import dev.inkwell.records.SystemDatabase;
import dev.inkwell.runtime.InkwellRuntime;
import dev.inkwell.runtime.RuntimeConfig;
import dev.inkwell.runtime.cloud.Fetcher;
import dev.inkwell.runtime.compile.CompileError;
import dev.inkwell.runtime.compile.FunctionCompiler;
import dev.inkwell.runtime.dev.EmbeddedMongo;
import dev.inkwell.runtime.engine.Resources;
import dev.inkwell.runtime.http.WebSocketSettings;
import dev.inkwell.standalone.edge.EdgeConfig;
import dev.inkwell.standalone.edge.LocalEdge;
import dev.inkwell.standalone.edge.S3ObjectSource;
import dev.inkwell.standalone.routes.InProcessController;
import dev.inkwell.standalone.routes.InProcessRouteStore;
import dev.inkwell.tenancy.Tenancy;
import dev.inkwell.tenancy.api.ApiException;
import dev.inkwell.tenancy.local.LocalRuntimeDirectory;
import dev.inkwell.tenancy.local.LocalWorkloads;
import dev.inkwell.tenancy.provision.mongo.SharedServerDatabases;
import dev.inkwell.tenancy.service.AppService;
import dev.inkwell.tenancy.service.FunctionService;
import dev.inkwell.tenancy.service.Secrets;
import dev.inkwell.tenancy.service.TenancySettings;
import dev.inkwell.tenancy.storage.EmbeddedS3;
import dev.inkwell.tenancy.storage.EmbeddedS3Provisioner;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The whole platform in one process, for development: the control API, the route controller writing into an in-process
 * route table, the runtime serving every app, a local edge that routes by Host and runs the plugin runner's filter
 * classes, an embedded MongoDB (mongo-java-server, H2 file) and an embedded S3 (s3proxy, filesystem), all keeping
 * their data in one folder. Production runs the same parts as separate deployables behind APISIX.
 */
public final class DevPlatform implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(DevPlatform.class.getName());
  private static final String PLATFORM_ACCESS_KEY = "inkwell-platform";
  public static final String DOMAIN = "localhost";

  /**
   * @param data the folder that keeps everything (created when missing)
   * @param bind the address the edge and the control API listen on (127.0.0.1: this machine only)
   * @param httpPort the edge (0: any free port)
   * @param apiPort the control API (0: any free port)
   * @param mongoPort the embedded MongoDB (0: any free port)
   * @param demo create the demo app, functions and site when missing
   * @param etcd etcd endpoints to write the routes into as well (for an APISIX of your own), or null
   */
  public record Options(Path data, String bind, int httpPort, int apiPort, int mongoPort, boolean demo, String etcd) {

    public Options(Path data, String bind, int httpPort, int apiPort, int mongoPort, boolean demo) {
      this(data, bind, httpPort, apiPort, mongoPort, demo, null);
    }
  }

  private final Deque<AutoCloseable> parts = new ArrayDeque<>();
  private final Options options;
  private final String operatorToken;
  private Tenancy tenancy;
  private LocalEdge edge;
  private EmbeddedMongo mongo;

  private DevPlatform(Options options) throws IOException {
    this.options = options;
    Files.createDirectories(options.data());
    this.operatorToken = secretFile(options.data().resolve("operator-token"), 32);
  }

  public static DevPlatform start(Options options) throws Exception {
    DevPlatform p = new DevPlatform(options);
    try {
      p.startParts();
    } catch (Exception | Error e) {
      p.close();
      throw e;
    }
    return p;
  }

  private void startParts() throws Exception {
    Path data = options.data();
    mongo = EmbeddedMongo.onDisk(data, options.mongoPort());
    parts.push(mongo);
    MongoClient client = MongoClients.create(mongo.connectionString());
    parts.push(client);

    String s3Secret = secretFile(data.resolve("s3-platform-secret"), 30);
    EmbeddedS3 s3 = EmbeddedS3.start(data.resolve("s3"), 0, PLATFORM_ACCESS_KEY, s3Secret);
    parts.push(s3);
    EmbeddedS3Provisioner storage = EmbeddedS3Provisioner.over(s3, PLATFORM_ACCESS_KEY, s3Secret);

    int runtimePort = freePort();
    String runtimeUpstream = "127.0.0.1:" + runtimePort;
    LocalWorkloads workloads = new LocalWorkloads(runtimeUpstream, null);
    int httpPort = options.httpPort() == 0 ? freePort() : options.httpPort();
    tenancy = new Tenancy(new Tenancy.Parts(client, SystemDatabase.DEFAULT_NAME,
        new TenancySettings(DOMAIN, DOMAIN, "http", httpPort, null), operatorToken,
        new SharedServerDatabases(client, mongo.connectionString()), storage, workloads, options.bind(),
        options.apiPort(), Duration.ofSeconds(30)));
    parts.push(tenancy);

    RuntimeConfig config = new RuntimeConfig("127.0.0.1", runtimePort, true, null, mongo.connectionString(),
        Secrets.random(32), DOMAIN, 2, 1, Duration.ofSeconds(60), 10 * 1024 * 1024, Duration.ofSeconds(60),
        Duration.ofMillis(2), Map.of(), new Fetcher.Settings(Duration.ofSeconds(30), 10 * 1024 * 1024),
        WebSocketSettings.defaults(), null, null);
    InkwellRuntime runtime = InkwellRuntime.start(config, c -> new LocalRuntimeDirectory(tenancy.apps(), c));
    parts.push(runtime);
    workloads.reloadWith(runtime.apps()::reload);

    InProcessRouteStore routes = new InProcessRouteStore();
    String s3HostPort = s3.endpoint().getHost() + ":" + s3.endpoint().getPort();
    InProcessController controller = InProcessController.start(client.getDatabase(SystemDatabase.DEFAULT_NAME),
        new Settings(DOMAIN, DOMAIN, s3HostPort, runtimeUpstream, null), routes, Duration.ofSeconds(30),
        Clock.systemUTC());
    parts.push(controller);
    if (options.etcd() != null) {
      // The real controller as well, writing the same routes into etcd for an APISIX (with the plugin runner) of the
      // developer's own; it elects itself leader there like any replica. The local edge keeps serving.
      parts.push(RouteController.start(ControllerConfig.parse(new String[] {"--mongo-uri", mongo.connectionString(),
          "--etcd-endpoints", options.etcd(), "--domain", DOMAIN, "--oss-domain", DOMAIN, "--oss-upstream", s3HostPort,
          // every app record carries runtime.upstream (this runtime), so the template is never used; it must name {appid}
          "--runtime-upstream-template", "{appid}.localhost:" + runtimePort, "--metrics-port", "-1"}, Map.of()),
          Clock.systemUTC()));
    }
    edge = LocalEdge.start(new EdgeConfig(options.bind(), httpPort, 2), routes,
        S3ObjectSource.of(s3.endpoint(), "us-east-1", PLATFORM_ACCESS_KEY, s3Secret));
    parts.push(edge);

    Files.writeString(data.resolve("api-url"), apiUrl() + "\n");
    if (options.demo()) {
      seedDemo();
    }
    warmCompilerLater();
  }

  /**
   * The TypeScript compiler takes seconds of CPU to load: load it once the platform is up and has had a moment to
   * answer its first requests (on 2 cores, loading it during start-up delayed the first answer by seconds), so the
   * first {@code fn push} is quick. A platform thread: GraalJS contexts on virtual threads are experimental.
   */
  private void warmCompilerLater() {
    Thread t = new Thread(() -> {
      try {
        Thread.sleep(3000);
        FunctionCompiler.shared().compile("warmup", "export default async function () { return 1 }");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (CompileError | RuntimeException e) {
        LOG.fine(() -> "compiler warm-up: " + e.getMessage());
      }
    }, "compiler-warmup");
    t.setDaemon(true);
    t.setPriority(Thread.MIN_PRIORITY);
    t.start();
  }

  /**
   * The demo app {@code demo}: three functions and a small site in the bucket {@code demo-site}. Whatever of it is
   * missing is made (a start stopped half-way through seeding is completed by the next one); what exists is left as the
   * developer made it.
   */
  private void seedDemo() throws IOException {
    AppService apps = tenancy.apps();
    if (!exists(() -> apps.get("demo"))) {
      LOG.info("creating the demo app (the first compile loads TypeScript: a few seconds)");
      apps.create(new AppService.NewApp("demo", "Demo", null, Map.of(), null));
    }
    FunctionService functions = tenancy.functions();
    for (String name : List.of("hello", "json", "visits")) {
      if (!exists(() -> functions.get("demo", name))) {
        String code = Resources.read(DevPlatform.class, "/dev/inkwell/standalone/demo/functions/" + name + ".ts");
        functions.save("demo", name, new FunctionService.Save(code, List.of("GET", "POST"), "demo function",
            List.of("demo"), true));
      }
    }
    if (!exists(() -> tenancy.buckets().get("demo", "site"))) {
      tenancy.buckets().create("demo", "site", Bucket.Policy.READONLY, Bucket.Website.SPA);
    }
    for (String key : List.of("index.html", "assets/app.js", "assets/style.css")) {
      if (!tenancy.buckets().objects("demo", "site", key, 1).isEmpty()) {
        continue;
      }
      byte[] bytes = Resources.read(DevPlatform.class, "/dev/inkwell/standalone/demo/site/" + key)
          .getBytes(StandardCharsets.UTF_8);
      String type = key.endsWith(".html") ? "text/html; charset=utf-8" : key.endsWith(".css") ? "text/css; charset=utf-8"
          : "text/javascript; charset=utf-8";
      tenancy.buckets().put("demo", "site", key, new ByteArrayInputStream(bytes), bytes.length, type);
    }
  }

  private static boolean exists(Runnable lookup) {
    try {
      lookup.run();
      return true;
    } catch (ApiException e) {
      if (e.status() == 404) {
        return false;
      }
      throw e;
    }
  }

  public int httpPort() {
    return edge.port();
  }

  public int apiPort() {
    return tenancy.port();
  }

  public String apiUrl() {
    return "http://" + hostForUrl(options.bind()) + ":" + tenancy.port();
  }

  /** The control plane, for tests and tools in the same process. */
  public Tenancy tenancy() {
    return tenancy;
  }

  public String operatorToken() {
    return operatorToken;
  }

  public String mongoUri() {
    return mongo.connectionString();
  }

  public Path data() {
    return options.data();
  }

  private static String hostForUrl(String bind) {
    return bind.equals("0.0.0.0") || bind.equals("::") ? "127.0.0.1" : bind;
  }

  /** A random secret kept in {@code file} (mode 0600), made on first use. */
  static String secretFile(Path file, int bytes) throws IOException {
    if (Files.exists(file)) {
      return Files.readString(file).trim();
    }
    String s = Secrets.random(bytes);
    Files.writeString(file, s + "\n");
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException ignored) {
      // not a POSIX file system: nothing more to do
    }
    return s;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    while (!parts.isEmpty()) {
      AutoCloseable part = parts.pop();
      try {
        part.close();
      } catch (Exception e) {
        LOG.warning(() -> "closing " + part.getClass().getSimpleName() + ": " + e.getMessage());
      }
    }
  }
}
