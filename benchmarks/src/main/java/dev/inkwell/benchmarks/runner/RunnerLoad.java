package dev.inkwell.benchmarks.runner;

import dev.inkwell.runner.harness.ApisixSide;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Drives the runner as APISIX would, from outside its process: starts the shaded jar (as {@code ext-plugin.cmd} does),
 * times process start to the first answered call, prepares one conf per tenant (both filters), then runs HTTPReqCalls
 * over 1 and 50 connections (each call waits for its answer, as an APISIX worker does) and reports decisions/s,
 * p50/p99 per call as the driver sees it (socket round trip and both sides' wake-ups included), the same inside the
 * runner (frame in to answer written, from its own {@code inkwell_runner_rpc_seconds} histogram: bucket bounds),
 * the runner's CPU time per decision (from /proc) and its RSS.
 *
 * <p>Usage: {@code RunnerLoad --jar JAR [--java BIN] [--java-opts "..."] [--tenants N] [--seconds S] [--warmup S]
 * [--connections 1,50] [--env NAME=VALUE]... [--histogram]}. The driver shares the machine's cores with the runner: on 2 cores, throughput at 50
 * connections is bounded by both.
 */
public final class RunnerLoad {

  private static URI METRICS;

  private RunnerLoad() {
  }

  /** Cumulative counts of the runner's own HTTPReqCall latency histogram, by upper bound (seconds). */
  private static TreeMap<Double, Double> rpcHistogram() throws Exception {
    String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(METRICS).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    TreeMap<Double, Double> out = new TreeMap<>();
    for (String line : text.split("\n")) {
      if (line.startsWith("inkwell_runner_rpc_seconds_bucket{") && line.contains("type=\"http_req_call\"")) {
        String le = line.substring(line.indexOf("le=\"") + 4);
        le = le.substring(0, le.indexOf('"'));
        out.put(le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le),
            Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
      }
    }
    return out;
  }

  /** "p50 <= 10 us (62% <= 10 us, 97% <= 20 us)" from the difference of two histogram snapshots. */
  private static String inRunner(TreeMap<Double, Double> before, TreeMap<Double, Double> after) {
    double total = after.lastEntry().getValue() - before.lastEntry().getValue();
    StringBuilder sb = new StringBuilder();
    String p50 = null;
    String p99 = null;
    for (Map.Entry<Double, Double> e : after.entrySet()) {
      double share = (e.getValue() - before.getOrDefault(e.getKey(), 0.0)) / total;
      String bound = e.getKey().isInfinite() ? "inf" : String.format(Locale.ROOT, "%.0f", e.getKey() * 1e6);
      if (p50 == null && share >= 0.5) {
        p50 = bound;
      }
      if (p99 == null && share >= 0.99) {
        p99 = bound;
      }
      if (e.getKey() <= 5e-5) {
        sb.append(String.format(Locale.ROOT, " le%sus=%.1f%%", bound, share * 100));
      }
    }
    return "in_runner_p50_le_us=" + p50 + " in_runner_p99_le_us=" + p99 + sb;
  }

  public static void main(String[] args) throws Exception {
    String jar = null;
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String javaOpts = "-XX:+UseSerialGC -Xmx256m";
    int tenants = 10_000;
    int seconds = 10;
    int warmup = 5;
    int[] connections = {1, 50};
    List<String> env = new ArrayList<>();
    boolean histogram = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--jar" -> jar = args[++i];
        case "--java" -> java = args[++i];
        case "--java-opts" -> javaOpts = args[++i];
        case "--tenants" -> tenants = Integer.parseInt(args[++i]);
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--env" -> env.add(args[++i]);
        case "--histogram" -> histogram = true;
        case "--connections" -> connections = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt)
            .toArray();
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (jar == null) {
      throw new IllegalArgumentException("--jar: missing (expected: plugin-runner/target/...-all.jar)");
    }
    Path dir = Files.createTempDirectory("runner-bench");
    Path socket = dir.resolve("runner.sock");
    List<String> cmd = new ArrayList<>(List.of(java));
    if (!javaOpts.isBlank()) {
      cmd.addAll(Arrays.asList(javaOpts.trim().split("\\s+")));
    }
    cmd.addAll(List.of("-jar", jar));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("runner.log")
        .toFile());
    pb.environment().put("APISIX_LISTEN_ADDRESS", "unix:" + socket);
    pb.environment().put("APISIX_CONF_EXPIRE_TIME", "3600");
    int metricsPort;
    try (ServerSocket free = new ServerSocket(0)) {
      metricsPort = free.getLocalPort();
    }
    pb.environment().put("INKWELL_RUNNER_METRICS", "127.0.0.1:" + metricsPort);
    METRICS = URI.create("http://127.0.0.1:" + metricsPort + "/metrics");
    for (String kv : env) {
      pb.environment().put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
    }
    System.out.println("runner: " + String.join(" ", cmd));
    long t0 = System.nanoTime();
    Process p = pb.start();
    try {
      ApisixSide first = null;
      while (first == null) {
        try {
          first = ApisixSide.connect(socket);
        } catch (IOException notYet) {
          if (!p.isAlive() || System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(30)) {
            throw new IllegalStateException("runner did not start; log: " + Files.readString(dir.resolve("runner.log")));
          }
          Thread.sleep(1);
        }
      }
      long token0 = first.prepare("tenant-rate-limit", Tenancy.rate("first"));
      ApisixSide.Answer a0 = first.call(ApisixSide.Request.get(token0, "/"));
      long firstMs = (System.nanoTime() - t0) / 1_000_000;
      if (!a0.passed()) {
        throw new IllegalStateException("first call not answered as expected: " + a0);
      }
      System.out.printf(Locale.ROOT, "start_to_first_answer_ms=%d rss_idle_mb=%.1f%n", firstMs, rssMb(p.pid()));

      ByteBuffer[] frames = new ByteBuffer[tenants];
      long prepStart = System.nanoTime();
      for (int i = 0; i < tenants; i++) {
        List<String[]> e = Tenancy.confEntries("app" + i);
        long token = first.prepare(e.get(0)[0], e.get(0)[1], e.get(1)[0], e.get(1)[1]);
        frames[i] = ApisixSide.encode(Tenancy.request(token, i % 2 == 0));
      }
      double prepSec = (System.nanoTime() - prepStart) / 1e9;
      first.close();
      System.out.printf(Locale.ROOT, "tenants=%d prepared_in_s=%.2f prepare_per_s=%.0f rss_after_prepare_mb=%.1f%n",
          tenants, prepSec, tenants / prepSec, rssMb(p.pid()));
      if (histogram) { // where the heap goes with this many confs (live objects, after a full GC)
        Process jcmd = new ProcessBuilder(Path.of(java).resolveSibling("jcmd").toString(), String.valueOf(p.pid()),
            "GC.class_histogram").redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes());
        out.lines().limit(25).forEach(System.out::println);
      }

      for (int c : connections) {
        run(socket, frames, c, warmup, p.pid(), false);
        run(socket, frames, c, seconds, p.pid(), true);
      }
      System.out.printf(Locale.ROOT, "rss_after_load_mb=%.1f%n", rssMb(p.pid()));
    } finally {
      p.destroy();
      p.waitFor(5, TimeUnit.SECONDS);
      p.destroyForcibly();
    }
  }

  private static void run(Path socket, ByteBuffer[] frames, int connections, int seconds, long pid, boolean report)
      throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    long[][] latencies = new long[connections][];
    int[] counts = new int[connections];
    CountDownLatch ready = new CountDownLatch(connections);
    CountDownLatch done = new CountDownLatch(connections);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < connections; t++) {
      int id = t;
      Thread th = Thread.ofPlatform().start(() -> {
        long[] lat = new long[1 << 22];
        int n = 0;
        try (ApisixSide apisix = ApisixSide.connect(socket)) {
          ready.countDown();
          ready.await();
          int k = id * 7919;
          while (!stop.get()) {
            ByteBuffer f = frames[k++ % frames.length].duplicate();
            long s = System.nanoTime();
            apisix.send(2, f);
            ApisixSide.Frame answer = apisix.read();
            long d = System.nanoTime() - s;
            if (answer.type() != 2) {
              throw new IllegalStateException("unexpected answer type " + answer.type());
            }
            if (n < lat.length) {
              lat[n] = d;
            }
            n++;
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        } finally {
          latencies[id] = lat;
          counts[id] = n;
          done.countDown();
        }
      });
      threads.add(th);
    }
    ready.await();
    TreeMap<Double, Double> h0 = report ? rpcHistogram() : null;
    long[] cpu0 = cpuTicks(pid);
    long w0 = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    stop.set(true);
    done.await();
    double wall = (System.nanoTime() - w0) / 1e9;
    long[] cpu1 = cpuTicks(pid);
    long userTicks = cpu1[0] - cpu0[0];
    long cpuTicks = userTicks + cpu1[1] - cpu0[1];
    if (!report) {
      return;
    }
    String inRunner = inRunner(h0, rpcHistogram());
    long total = 0;
    int kept = 0;
    for (int i = 0; i < connections; i++) {
      total += counts[i];
      kept += Math.min(counts[i], latencies[i].length);
    }
    long[] all = new long[kept];
    int at = 0;
    for (int i = 0; i < connections; i++) {
      int n = Math.min(counts[i], latencies[i].length);
      System.arraycopy(latencies[i], 0, all, at, n);
      at += n;
    }
    Arrays.sort(all);
    double cpuUsPerDecision = cpuTicks * (1e6 / 100.0) / total; // /proc counts in 1/100 s
    System.out.printf(Locale.ROOT,
        "connections=%d decisions=%d decisions_per_s=%.0f p50_us=%.1f p99_us=%.1f p999_us=%.1f "
            + "runner_cpu_us_per_decision=%.2f (user %.2f) runner_cpu_cores=%.2f%n  %s%n",
        connections, total, total / wall, all[all.length / 2] / 1e3, all[(int) (all.length * 0.99)] / 1e3,
        all[(int) (all.length * 0.999)] / 1e3, cpuUsPerDecision, userTicks * 1e4 / total, cpuTicks / 100.0 / wall, inRunner);
  }

  /** The process's user and system CPU time, in /proc's 1/100 s ticks. */
  private static long[] cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
  }

  private static double rssMb(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
      }
    }
    return -1;
  }
}
