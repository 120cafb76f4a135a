package dev.inkwell.runtime.dev;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import dev.inkwell.runtime.InkwellRuntime;
import dev.inkwell.runtime.RuntimeConfig;
import dev.inkwell.runtime.cloud.Fetcher;
import dev.inkwell.runtime.http.WebSocketSettings;
import dev.inkwell.runtime.compile.CompileError;
import dev.inkwell.runtime.compile.FunctionCompiler;
import dev.inkwell.runtime.log.LineFormatter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import org.bson.Document;

/**
 * {@code ./inkwell dev}: the runtime in multi-app mode on an embedded database kept in a local folder, with a demo app.
 * A development platform only: production runs the runtime per app behind APISIX, on MongoDB.
 */
public final class DevMain {

  private DevMain() {
  }

  public static void main(String[] args) throws Exception {
    LineFormatter.install(Level.INFO);
    Path data = Path.of(".inkwell");
    int httpPort = 8080;
    int mongoPort = 27018;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--data" -> data = Path.of(value(args, ++i, "--data"));
        case "--http-port" -> httpPort = port(value(args, ++i, "--http-port"), "--http-port");
        case "--mongo-port" -> mongoPort = port(value(args, ++i, "--mongo-port"), "--mongo-port");
        case "--demo" -> {
          // the demo app is always seeded when missing; the flag is accepted for the standalone interface
        }
        default -> usage("unknown option " + args[i]);
      }
    }
    EmbeddedMongo mongo = EmbeddedMongo.onDisk(data, mongoPort);
    String secret = secret(data);
    seedDemo(mongo.connectionString());
    RuntimeConfig config = new RuntimeConfig("127.0.0.1", httpPort, true, null, mongo.connectionString(), secret,
        "localhost", 2, 1, Duration.ofSeconds(60), 10 * 1024 * 1024, Duration.ofSeconds(60), Duration.ofMillis(2),
        Map.of(), new Fetcher.Settings(Duration.ofSeconds(30), 10 * 1024 * 1024),
        WebSocketSettings.defaults(), null, null);
    InkwellRuntime runtime = InkwellRuntime.start(config);
    System.out.println();
    System.out.println("Inkwell development runtime (not a gateway: production runs behind APISIX)");
    System.out.println("  data:      " + data.toAbsolutePath());
    System.out.println("  database:  " + mongo.connectionString() + "  (one database per app, functions in __functions__)");
    System.out.println("  try:       curl http://demo.localhost:" + runtime.port() + "/hello");
    System.out.println("  publish:   ./inkwell publish --db " + mongo.connectionString() + "/demo --name NAME --file FILE.ts");
    System.out.println("  Ctrl-C stops it.");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      runtime.close();
      mongo.close();
      stopped.countDown();
    }, "shutdown"));
    stopped.await();
  }

  private static void seedDemo(String uri) throws CompileError {
    try (MongoClient client = MongoClients.create(uri)) {
      FunctionCompiler compiler = FunctionCompiler.shared();
      MongoCollection<Document> functions = client.getDatabase("demo").getCollection("__functions__");
      if (functions.countDocuments() > 0) {
        return;
      }
      System.out.println("seeding the demo app (first run: compiling with TypeScript takes a few seconds)...");
      Publisher publisher = new Publisher(compiler);
      publisher.publish(functions, "hello", """
          export default async function (ctx: FunctionContext) {
            return 'Hello from Inkwell, ' + (ctx.query.name ?? 'world') + '!'
          }
          """, List.of());
      publisher.publish(functions, "echo", """
          import cloud from '@lafjs/cloud'

          export default async function (ctx: FunctionContext) {
            const hits = (cloud.shared.get('hits') ?? 0) + 1
            cloud.shared.set('hits', hits)
            return { method: ctx.method, query: ctx.query, body: ctx.body, hits, appid: cloud.appid }
          }
          """, List.of("GET", "POST"));
    }
  }

  private static String secret(Path data) throws java.io.IOException {
    Path file = data.resolve("server-secret");
    if (Files.exists(file)) {
      return Files.readString(file).trim();
    }
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    String s = HexFormat.of().formatHex(b);
    Files.writeString(file, s);
    return s;
  }

  private static String value(String[] args, int i, String name) {
    if (i >= args.length) {
      usage(name + " needs a value");
    }
    return args[i];
  }

  private static int port(String v, String name) {
    try {
      int p = Integer.parseInt(v);
      if (p >= 0 && p <= 65535) {
        return p;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    usage(name + ": " + v + " (expected: 0..65535)");
    return 0;
  }

  private static void usage(String problem) {
    System.err.println("inkwell dev: " + problem);
    System.err.println("usage: ./inkwell dev [--data DIR] [--http-port N] [--mongo-port N] [--demo]");
    System.exit(2);
  }
}
