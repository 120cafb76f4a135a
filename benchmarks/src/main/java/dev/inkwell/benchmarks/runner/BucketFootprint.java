package dev.inkwell.benchmarks.runner;

import dev.inkwell.runner.ratelimit.Tenants;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Heap per idle tenant bucket: 100,000 tenants' rate-limit state (what a prepared conf holds for a tenant that has not
 * been called yet), ours against one Resilience4j RateLimiter per tenant. Measured as the heap growth after full GCs,
 * divided by the count, appid strings excluded (both need them).
 */
public final class BucketFootprint {

  private BucketFootprint() {
  }

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    List<String> ids = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ids.add("app" + i);
    }
    long base = used();
    Tenants tenants = new Tenants(System::nanoTime);
    for (String id : ids) {
      tenants.tenant(id);
    }
    long ours = used() - base;
    RateLimiterConfig cfg = RateLimiterConfig.custom().limitForPeriod(200).limitRefreshPeriod(Duration.ofSeconds(1))
        .timeoutDuration(Duration.ZERO).build();
    List<RateLimiter> theirs = new ArrayList<>(n);
    base = used();
    for (String id : ids) {
      theirs.add(RateLimiter.of(id, cfg));
    }
    long r4j = used() - base;
    System.out.printf("tenants=%d inkwell_bytes_per_idle_bucket=%.0f resilience4j_bytes_per_limiter=%.0f%n",
        n, (double) ours / n, (double) r4j / n);
    if (tenants.size() != n || theirs.size() != n) {
      throw new IllegalStateException();
    }
  }

  private static long used() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 4; i++) {
      System.gc();
    }
    return rt.totalMemory() - rt.freeMemory();
  }
}
