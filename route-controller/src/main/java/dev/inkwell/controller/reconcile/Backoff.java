package dev.inkwell.controller.reconcile;

/** Exponential backoff: {@code initial}, doubling, capped at {@code max}; {@link #reset} after a success. */
final class Backoff {

  private final long initialMillis;
  private final long maxMillis;
  private long next;

  Backoff(long initialMillis, long maxMillis) {
    if (initialMillis <= 0 || maxMillis < initialMillis) {
      throw new IllegalArgumentException("backoff: " + initialMillis + ".." + maxMillis + " (expected: 0 < initial <= max)");
    }
    this.initialMillis = initialMillis;
    this.maxMillis = maxMillis;
    this.next = initialMillis;
  }

  long next() {
    long d = next;
    next = Math.min(maxMillis, next * 2);
    return d;
  }

  void reset() {
    next = initialMillis;
  }
}
