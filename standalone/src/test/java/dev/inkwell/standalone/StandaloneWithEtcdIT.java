package dev.inkwell.standalone;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.inkwell.tenancy.service.AppService;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./inkwell dev --etcd URLS}: the routes also go into a real etcd (Debian's etcd-server, started here on free
 * loopback ports), where an APISIX of the developer's own would read them.
 */
class StandaloneWithEtcdIT {

  @TempDir
  Path dir;

  @Test
  void routesAreWrittenIntoEtcdToo() throws Exception {
    Path bin = Path.of(System.getenv().getOrDefault("ETCD_BIN", "/usr/bin/etcd"));
    assertTrue(Files.isExecutable(bin), "etcd is needed: apt-get install -y etcd-server (./inkwell test does it)");
    int clientPort = freePort();
    int peerPort = freePort();
    String client = "http://127.0.0.1:" + clientPort;
    String peer = "http://127.0.0.1:" + peerPort;
    Process etcd = new ProcessBuilder(List.of(bin.toString(), "--name", "dev", "--data-dir",
        dir.resolve("etcd").toString(), "--listen-client-urls", client, "--advertise-client-urls", client,
        "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer, "--initial-cluster", "dev=" + peer,
        "--log-level", "warn")).redirectErrorStream(true).redirectOutput(dir.resolve("etcd.log").toFile()).start();
    try (Client kv = Client.builder().endpoints(client).build()) {
      DevPlatform platform = DevPlatform.start(new DevPlatform.Options(dir.resolve(".inkwell"), "127.0.0.1", 0, 0, 0,
          false, client));
      try {
        platform.tenancy().apps().create(new AppService.NewApp("etcdapp", "etcd app", null, Map.of(), null));
        ByteSequence key = ByteSequence.from("/apisix/routes/inkwell-app-etcdapp", StandardCharsets.UTF_8);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String route = null;
        while (route == null && System.nanoTime() < deadline) {
          var kvs = kv.getKVClient().get(key).get(5, TimeUnit.SECONDS).getKvs();
          route = kvs.isEmpty() ? null : kvs.get(0).getValue().toString(StandardCharsets.UTF_8);
          Thread.sleep(50);
        }
        assertTrue(route != null, "no route in etcd for etcdapp");
        assertTrue(route.contains("\"etcdapp.localhost\"") && route.contains("tenant-auth"), route);
      } finally {
        platform.close();
      }
    } finally {
      etcd.destroy();
      etcd.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static int freePort() throws java.io.IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
