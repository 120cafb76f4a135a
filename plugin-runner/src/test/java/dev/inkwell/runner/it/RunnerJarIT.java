package dev.inkwell.runner.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inkwell.runner.harness.ApisixSide;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar as APISIX starts it: the exact {@code ext-plugin.cmd} of {@code deploy/apisix/config.yaml} (with this
 * JDK's java and this build's jar), {@code APISIX_LISTEN_ADDRESS} and {@code APISIX_CONF_EXPIRE_TIME} in the
 * environment. It serves calls, serves metrics on its loopback port, writes no JVM warnings into APISIX's error.log,
 * and removes its socket on SIGTERM, as APISIX sends on shutdown.
 */
class RunnerJarIT {

  @TempDir
  Path dir;

  @Test
  void theShadedJarServesAndStopsCleanly() throws Exception {
    Path jar;
    try (Stream<Path> s = Files.list(Path.of("target"))) {
      jar = s.filter(p -> p.getFileName().toString().endsWith("-all.jar")).findFirst().orElseThrow();
    }
    Path socket = dir.resolve("runner.sock");
    int metricsPort;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      metricsPort = free.getLocalPort();
    }
    Path log = dir.resolve("runner.log");
    List<String> cmd = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("../deploy/apisix/config.yaml"))) {
      if (line.trim().startsWith("cmd:")) {
        for (JsonNode arg : new ObjectMapper().readTree(line.substring(line.indexOf('[')))) {
          cmd.add(arg.asText());
        }
      }
    }
    assertEquals("java", cmd.get(0));
    assertTrue(cmd.get(cmd.size() - 1).endsWith(".jar"));
    cmd.set(0, Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.set(cmd.size() - 1, jar.toString());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("APISIX_LISTEN_ADDRESS", "unix:" + socket);
    pb.environment().put("APISIX_CONF_EXPIRE_TIME", "3600");
    pb.environment().put("INKWELL_RUNNER_METRICS", "127.0.0.1:" + metricsPort);
    Process p = pb.start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!Files.exists(socket) && System.nanoTime() < deadline && p.isAlive()) {
        Thread.sleep(10);
      }
      assertTrue(Files.exists(socket), "socket created; log:\n" + Files.readString(log));
      try (ApisixSide apisix = ApisixSide.connect(socket)) {
        long token = apisix.prepare("tenant-rate-limit", "{\"appid\":\"j1\",\"rate\":10,\"burst\":1}");
        assertTrue(apisix.call(ApisixSide.Request.get(token, "/")).passed());
        assertEquals(429, apisix.call(ApisixSide.Request.get(token, "/")).status());
      }
      HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
      assertTrue(metrics.body().contains("inkwell_runner_ratelimit_decisions_total{appid=\"j1\",outcome=\"rejected\"} 1"));
      p.destroy(); // SIGTERM
      assertTrue(p.waitFor(10, TimeUnit.SECONDS));
      assertTrue(Files.notExists(socket), "socket removed on shutdown");
      String out = Files.readString(log);
      assertTrue(out.contains("ready in"), out);
      assertTrue(!out.contains("WARNING"), "no JVM warnings in APISIX's error.log:\n" + out);
    } finally {
      p.destroyForcibly();
    }
  }
}
