package dev.inkwell.benchmarks.runner;

import dev.inkwell.runner.ratelimit.TokenBucket;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Our GCRA token bucket against Resilience4j's AtomicRateLimiter (the "use Resilience4j where it fits"):
 * one permit per call, a limit high enough never to reject, one thread and two threads on one shared limiter.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BucketBench {

  private TokenBucket bucket;
  private RateLimiter limiter;
  private static final long INTERVAL = 1_000; // 1,000,000/s
  private static final int BURST = 1_000_000;

  @Setup
  public void setUp() {
    bucket = new TokenBucket();
    limiter = RateLimiter.of("bench", RateLimiterConfig.custom()
        .limitForPeriod(BURST).limitRefreshPeriod(Duration.ofSeconds(1)).timeoutDuration(Duration.ZERO).build());
  }

  @Benchmark
  public boolean inkwellBucket() {
    return bucket.acquire(System.nanoTime(), INTERVAL, BURST).allowed();
  }

  @Benchmark
  public boolean resilience4j() {
    return limiter.acquirePermission();
  }

  @Benchmark
  @Threads(2)
  public boolean inkwellBucket2Threads() {
    return bucket.acquire(System.nanoTime(), INTERVAL, BURST).allowed();
  }

  @Benchmark
  @Threads(2)
  public boolean resilience4j2Threads() {
    return limiter.acquirePermission();
  }
}
