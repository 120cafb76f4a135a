package dev.inkwell.standalone;

import dev.inkwell.runtime.log.LineFormatter;
import dev.inkwell.tenancy.service.Invoker;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code ./inkwell dev [--data DIR] [--http-port N] [--api-port N] [--mongo-port N] [--bind ADDR] [--demo]
 * [--etcd URLS]}: the whole platform on this machine (see {@link DevPlatform}). Prints the URLs and the operator token,
 * writes {@code DIR/api-url} and {@code DIR/operator-token} for the CLI, and stops cleanly on Ctrl-C.
 */
public final class DevMain {

  private static final List<Logger> QUIET = new java.util.ArrayList<>();

  private DevMain() {
  }

  public static void main(String[] args) throws Exception {
    Invoker.allowHostHeader();
    LineFormatter.install(Level.INFO);
    // The embedded servers' own start-up chatter is not what a developer needs to see: warnings and errors only.
    for (String noisy : List.of("org.mongodb.driver", "org.eclipse.jetty", "org.gaul", "de.bwaldvogel")) {
      Logger.getLogger(noisy).setLevel(noisy.equals("de.bwaldvogel") ? Level.SEVERE : Level.WARNING);
      QUIET.add(Logger.getLogger(noisy)); // held: java.util.logging keeps loggers weakly
    }
    long start = System.nanoTime();
    Path data = Path.of(".inkwell");
    String bind = "127.0.0.1";
    int httpPort = 8080;
    int apiPort = 8000;
    int mongoPort = 27018;
    boolean demo = false;
    String etcd = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--data" -> data = Path.of(value(args, ++i, "--data"));
        case "--http-port" -> httpPort = port(value(args, ++i, "--http-port"), "--http-port");
        case "--api-port" -> apiPort = port(value(args, ++i, "--api-port"), "--api-port");
        case "--mongo-port" -> mongoPort = port(value(args, ++i, "--mongo-port"), "--mongo-port");
        case "--bind" -> bind = value(args, ++i, "--bind");
        case "--demo" -> demo = true;
        case "--etcd" -> etcd = value(args, ++i, "--etcd");
        case "-h", "--help" -> {
          System.out.println(USAGE);
          return;
        }
        default -> usage("unknown option " + args[i]);
      }
    }
    DevPlatform platform;
    try {
      platform = DevPlatform.start(new DevPlatform.Options(data, bind, httpPort, apiPort, mongoPort, demo, etcd));
    } catch (java.net.BindException e) {
      System.err.println("inkwell dev: a port is taken (" + e.getMessage() + "): stop the other process or choose "
          + "--http-port / --api-port / --mongo-port");
      System.exit(1);
      return;
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    String web = "http://%s.localhost:" + platform.httpPort();
    System.out.println();
    System.out.println("Inkwell development platform, up in " + ms + " ms (for development: production runs on APISIX,");
    System.out.println("etcd, MongoDB, MinIO and Kubernetes; see README.md)");
    System.out.println("  apps:         " + web.formatted("<appid>") + "/<function>");
    System.out.println("  bucket sites: " + web.formatted("<appid>-<bucket>") + "/");
    System.out.println("  control API:  " + platform.apiUrl() + "  (openapi: " + platform.apiUrl() + "/openapi.json)");
    System.out.println("  operator token: " + platform.operatorToken() + "  (also in " + data.resolve("operator-token")
        + ")");
    System.out.println("  data:         " + data.toAbsolutePath());
    if (demo) {
      System.out.println("  demo:         " + web.formatted("demo") + "/hello   " + web.formatted("demo-site") + "/");
    }
    System.out.println("  try:          ./inkwell app create blog --json");
    System.out.println("Ctrl-C stops it.");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("inkwell dev: stopping");
      platform.close();
      stopped.countDown();
    }, "shutdown"));
    stopped.await();
  }

  private static final String USAGE = """
      usage: ./inkwell dev [--data DIR] [--http-port N] [--api-port N] [--mongo-port N] [--bind ADDR] [--demo]
                           [--etcd URLS]
        --data DIR       where apps, functions, buckets and objects are kept (default .inkwell)
        --http-port N    the local edge: http://<appid>.localhost:N (default 8080)
        --api-port N     the control API (default 8000)
        --mongo-port N   the embedded MongoDB (default 27018)
        --bind ADDR      listen address of the edge and the API (default 127.0.0.1: this machine only)
        --demo           create the demo app, its functions and its site when missing
        --etcd URLS      also write the routes into this etcd (e.g. http://127.0.0.1:2379), for an APISIX of
                         your own with the plugin runner; the local edge keeps serving""";

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
    System.err.println(USAGE);
    System.exit(2);
  }
}
