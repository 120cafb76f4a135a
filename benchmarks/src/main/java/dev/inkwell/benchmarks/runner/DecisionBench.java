package dev.inkwell.benchmarks.runner;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.inkwell.runner.auth.JwtVerifier;
import dev.inkwell.runner.auth.TenantAuth;
import dev.inkwell.runner.conf.ConfCache;
import dev.inkwell.runner.conf.Filters;
import dev.inkwell.runner.harness.ApisixSide;
import dev.inkwell.runner.metrics.RunnerMetrics;
import dev.inkwell.runner.protocol.FlatCheck;
import dev.inkwell.runner.ratelimit.TenantRateLimit;
import dev.inkwell.runner.ratelimit.Tenants;
import dev.inkwell.runner.server.Decider;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One HTTPReqCall decided with both Inkwell filters, without the network: verify the flatbuffer, find the conf, run
 * tenant-auth (strip identity headers, check an API key by SHA-256) and tenant-rate-limit (token bucket, three
 * headers), encode the answer. Run with {@code -prof gc} for bytes allocated per decision.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
public class DecisionBench {

  @Param({"api-key", "public"})
  public String request;

  private Decider decider;
  private ByteBuffer[] frames;
  private int next;

  @Setup
  public void setUp() {
    Tenants tenants = new Tenants(System::nanoTime);
    RunnerMetrics metrics = new RunnerMetrics(() -> 0, tenants);
    Filters filters = new Filters(List.of(new TenantAuth(new JwtVerifier(1000), Clock.systemUTC(), metrics),
        new TenantRateLimit(tenants, metrics)));
    ConfCache confs = new ConfCache(filters, Duration.ofHours(1), 1_000_000, System::nanoTime, Runnable::run);
    decider = new Decider(confs, metrics, new FlatBufferBuilder(1024));
    frames = new ByteBuffer[1000];
    for (int i = 0; i < frames.length; i++) {
      long token = confs.prepare(Tenancy.confEntries("app" + i)).token();
      ApisixSide.Request r = Tenancy.request(token, "public".equals(request));
      ByteBuffer b = ApisixSide.encode(r);
      ByteBuffer copy = ByteBuffer.allocateDirect(b.remaining()).order(ByteOrder.LITTLE_ENDIAN);
      copy.put(b).flip();
      frames[i] = copy;
    }
  }

  @Benchmark
  public int decide() {
    ByteBuffer bb = frames[next];
    next = (next + 1) % frames.length;
    if (!FlatCheck.verify(bb, FlatCheck.HTTP_REQ_CALL)) {
      throw new IllegalStateException();
    }
    return decider.decide(bb);
  }
}
