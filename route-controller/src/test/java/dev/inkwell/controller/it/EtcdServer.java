package dev.inkwell.controller.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real etcd (Debian's etcd-server, {@code /usr/bin/etcd}, or {@code ETCD_BIN}) on free loopback client and peer
 * ports with its own temporary data directory. It can be stopped and started again on the same ports and data, for
 * outage tests.
 */
final class EtcdServer implements AutoCloseable {

  private final Path bin;
  private final Path dataDir;
  private final Path log;
  private final int clientPort;
  private final int peerPort;
  private Process process;

  private EtcdServer() throws IOException {
    bin = findBinary();
    dataDir = Files.createTempDirectory("inkwell-etcd-");
    log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
    clientPort = freePort();
    peerPort = freePort();
  }

  static EtcdServer start() throws IOException, InterruptedException {
    EtcdServer e = new EtcdServer();
    e.startProcess();
    return e;
  }

  String endpoint() {
    return "http://127.0.0.1:" + clientPort;
  }

  void startProcess() throws IOException, InterruptedException {
    String client = "http://127.0.0.1:" + clientPort;
    String peer = "http://127.0.0.1:" + peerPort;
    process = new ProcessBuilder(List.of(bin.toString(), "--name", "test", "--data-dir", dataDir.resolve("data").toString(),
        "--listen-client-urls", client, "--advertise-client-urls", client,
        "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
        "--initial-cluster", "test=" + peer, "--log-level", "warn"))
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("etcd exited with " + process.exitValue() + "; see " + log);
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", clientPort), 200);
        if (healthy()) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("etcd did not become ready within 20 s; see " + log);
  }

  private boolean healthy() {
    try {
      var http = java.net.http.HttpClient.newHttpClient();
      var r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(endpoint() + "/health")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 && r.body().contains("true");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Kills etcd (SIGKILL: an outage, not a clean shutdown). */
  void stopProcess() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() throws InterruptedException, IOException {
    stopProcess();
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    Files.deleteIfExists(log);
  }

  private static Path findBinary() {
    String env = System.getenv("ETCD_BIN");
    if (env != null && Files.isExecutable(Path.of(env))) {
      return Path.of(env);
    }
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      Path p = Path.of(dir, "etcd");
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    if (Files.isExecutable(Path.of("/usr/bin/etcd"))) {
      return Path.of("/usr/bin/etcd");
    }
    throw new IllegalStateException("no etcd binary found (set ETCD_BIN, or install it: apt-get install -y etcd-server)");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
