package dev.inkwell.runner.ratelimit;

/**
 * A token bucket of capacity {@code burst} refilled at {@code rate} tokens per second, kept as one number: the
 * "theoretical arrival time" of the generic cell rate algorithm (GCRA). With emission interval {@code T = 1/rate},
 * the bucket is full when {@code tat <= now}, and a request is allowed when {@code tat - now <= (burst - 1) * T};
 * allowing it moves {@code tat} to {@code max(tat, now) + T}. This is exact (no refill ticks, no window edges) and small:
 * an idle bucket is 32 bytes.
 *
 * <p>Why not Resilience4j's RateLimiter: it hands out {@code limitForPeriod} permits per fixed refresh period, which is
 * a fixed window, not a bucket with a burst; a rate of 100/s with a burst of 200 has no exact setting there, and each
 * limiter carries its own config, event processor and name (about 1 KB, measured in benchmarks/RESULTS.md).
 *
 * <p>Concurrency: {@link #acquire} is {@code synchronized}; per-tenant contention is low (a call holds the lock for
 * tens of nanoseconds) and the lock keeps a limit change and a concurrent acquire exact.
 */
public final class TokenBucket {

  private long tat;          // theoretical arrival time, ns on the ticker's scale
  private long interval;     // ns per token under the limit last applied; 0 = never used
  private int burst;

  /** Result bits of {@link #acquire}: allowed flag, tokens remaining, ns until a token / until full. */
  public record Outcome(boolean allowed, int remaining, long retryAfterNanos, long resetNanos) {
  }

  /**
   * Takes one token if one is there. When the limit differs from the one last applied, the bucket keeps its current
   * level (in tokens, capped at the new burst) and refills at the new rate from now on. A rejected request takes
   * nothing.
   */
  public synchronized Outcome acquire(long now, long intervalNanos, int burst) {
    if (interval == 0) {
      tat = now;
    } else if (interval != intervalNanos || this.burst != burst) {
      double level = Math.max(0, this.burst - (double) Math.max(0, tat - now) / interval);
      double kept = Math.min(level, burst);
      tat = now + (long) ((burst - kept) * intervalNanos);
    }
    interval = intervalNanos;
    this.burst = burst;
    long base = Math.max(tat, now);
    long tolerance = (burst - 1) * intervalNanos;
    if (base - now > tolerance) {
      long retry = base - now - tolerance;
      return new Outcome(false, 0, retry, base - now);
    }
    long next = base + intervalNanos;
    tat = next;
    int remaining = (int) Math.max(0, (tolerance - (next - now)) / intervalNanos + 1);
    return new Outcome(true, remaining, 0, next - now);
  }

  /** True if the bucket has refilled completely by {@code now}: it then holds no state worth keeping. */
  synchronized boolean fullAt(long now) {
    return tat <= now;
  }
}
