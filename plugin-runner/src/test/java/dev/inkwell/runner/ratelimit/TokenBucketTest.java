package dev.inkwell.runner.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void allowsTheBurstThenRejectsUntilATokenRefills() {
    TokenBucket b = new TokenBucket();
    long now = 5 * SECOND;
    long interval = SECOND / 10; // 10/s
    for (int i = 0; i < 5; i++) {
      TokenBucket.Outcome o = b.acquire(now, interval, 5);
      assertTrue(o.allowed(), "request " + i);
      assertEquals(4 - i, o.remaining());
    }
    TokenBucket.Outcome rejected = b.acquire(now, interval, 5);
    assertFalse(rejected.allowed());
    assertEquals(interval, rejected.retryAfterNanos());
    assertEquals(5 * interval, rejected.resetNanos());
    assertTrue(b.acquire(now + interval, interval, 5).allowed());
    assertFalse(b.acquire(now + interval, interval, 5).allowed());
  }

  @Test
  void refillsCompletelyAfterBurstIntervals() {
    TokenBucket b = new TokenBucket();
    long interval = SECOND / 2;
    for (int i = 0; i < 3; i++) {
      b.acquire(0, interval, 3);
    }
    assertFalse(b.fullAt(interval));
    assertTrue(b.fullAt(3 * interval));
    assertEquals(2, b.acquire(3 * interval, interval, 3).remaining());
  }

  @Test
  void aLimitChangeKeepsTheCurrentLevel() {
    TokenBucket b = new TokenBucket();
    long slow = SECOND; // 1/s, burst 4
    for (int i = 0; i < 3; i++) {
      assertTrue(b.acquire(0, slow, 4).allowed());
    }
    // one token left; raise to 100/s burst 10: the level (1 token) is kept, and refills at the new rate from now
    TokenBucket.Outcome o = b.acquire(0, SECOND / 100, 10);
    assertTrue(o.allowed());
    assertEquals(0, o.remaining());
    assertFalse(b.acquire(0, SECOND / 100, 10).allowed());
    assertTrue(b.acquire(SECOND / 100, SECOND / 100, 10).allowed());
  }

  @Test
  void loweringTheBurstCapsTheLevel() {
    TokenBucket b = new TokenBucket();
    assertTrue(b.acquire(0, SECOND, 100).allowed()); // 99 left of 100
    TokenBucket.Outcome o = b.acquire(0, SECOND, 2); // capped at 2, this takes one
    assertTrue(o.allowed());
    assertEquals(1, o.remaining());
  }
}
