package dev.inkwell.runner.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.inkwell.runner.Calls;
import dev.inkwell.runner.filter.Verdict;
import dev.inkwell.runner.harness.ApisixSide.Request;
import dev.inkwell.runner.metrics.RunnerMetrics;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TenantRateLimitTest {

  private final AtomicLong clock = new AtomicLong(1_000_000_000_000L);
  private final Tenants tenants = new Tenants(clock::get);
  private final RunnerMetrics metrics = new RunnerMetrics(() -> 0, tenants);
  private final TenantRateLimit filter = new TenantRateLimit(tenants, metrics);

  private Verdict run(TenantRateLimit.Config c, Request r) {
    Verdict v = new Verdict();
    filter.filter(c, Calls.of(r), v);
    return v;
  }

  @Test
  void rejectsWhenBurstIsExhaustedWithLimitCountHeaders() {
    TenantRateLimit.Config c = filter.parse("{\"appid\":\"a1\",\"rate\":2,\"burst\":3}");
    for (int i = 0; i < 3; i++) {
      Verdict v = run(c, Request.get(1, "/hello"));
      assertFalse(v.stopped());
      assertEquals("3", v.responseHeader("X-RateLimit-Limit"));
      assertEquals(String.valueOf(2 - i), v.responseHeader("X-RateLimit-Remaining"));
    }
    Verdict v = run(c, Request.get(1, "/hello"));
    assertTrue(v.stopped());
    assertEquals(429, v.status());
    assertEquals("0", v.responseHeader("X-RateLimit-Remaining"));
    assertEquals("1", v.responseHeader("Retry-After"));
    assertEquals("2", v.responseHeader("X-RateLimit-Reset")); // 3 tokens at 2/s: full again in 1.5 s -> 2
    assertTrue(v.body().contains("rate_limited"));
    clock.addAndGet(500_000_000L);
    assertFalse(run(c, Request.get(1, "/hello")).stopped());
    assertTrue(metrics.scrape().contains("inkwell_runner_ratelimit_decisions_total{appid=\"a1\",outcome=\"rejected\"} 1"));
  }

  @Test
  void dryRunReportsButNeverRejects() {
    TenantRateLimit.Config c = filter.parse("{\"appid\":\"a2\",\"rate\":1,\"burst\":1,\"dry_run\":true}");
    assertNull(run(c, Request.get(1, "/")).responseHeader("X-RateLimit-Dry-Run"));
    Verdict v = run(c, Request.get(1, "/"));
    assertFalse(v.stopped());
    assertEquals("rejected", v.responseHeader("X-RateLimit-Dry-Run"));
    assertTrue(metrics.scrape().contains("appid=\"a2\",outcome=\"dry_run_rejected\"} 1"));
  }

  @Test
  void perClientKeysHaveTheirOwnBucketsAndFallBackToTheAddress() {
    TenantRateLimit.Config c = filter.parse("{\"appid\":\"a3\",\"rate\":1,\"burst\":1,\"key\":\"http_x_user\"}");
    assertFalse(run(c, Request.get(1, "/").header("x-user", "alice")).stopped());
    assertTrue(run(c, Request.get(1, "/").header("x-user", "alice")).stopped());
    assertFalse(run(c, Request.get(1, "/").header("x-user", "bob")).stopped());
    assertFalse(run(c, Request.get(1, "/").from(10, 0, 0, 9)).stopped()); // no header: keyed by address
    assertTrue(run(c, Request.get(1, "/").from(10, 0, 0, 9)).stopped());
    assertEquals(3, tenants.tenant("a3").clients());
    clock.addAndGet(2_000_000_000L);
    assertEquals(3, tenants.sweep()); // all refilled: nothing worth keeping
  }

  @Test
  void countersBelongToTheTenantNotTheConf() {
    TenantRateLimit.Config slow = filter.parse("{\"appid\":\"a4\",\"rate\":1,\"burst\":2}");
    TenantRateLimit.Config fast = filter.parse("{\"appid\":\"a4\",\"rate\":1000,\"burst\":2}");
    assertSame(slow.tenant(), fast.tenant());
    run(slow, Request.get(1, "/"));
    run(slow, Request.get(1, "/"));
    assertTrue(run(slow, Request.get(1, "/")).stopped());
    assertTrue(run(fast, Request.get(1, "/")).stopped()); // the new conf sees the emptied bucket...
    clock.addAndGet(1_000_000L);
    assertFalse(run(fast, Request.get(1, "/")).stopped()); // ...and refills at its own rate
  }

  @Test
  void refusesBadConfsNamingTheField() {
    assertEquals("rate: -1.0 (expected: requests per second, > 0)", assertThrows(IllegalArgumentException.class,
        () -> filter.parse("{\"appid\":\"a\",\"rate\":-1,\"burst\":1}")).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> filter.parse("{\"appid\":\"a\",\"rate\":1,\"burst\":1,\"brust\":2}")).getMessage()
        .startsWith("unknown field \"brust\""));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> filter.parse("{\"appid\":\"a\",\"rate\":1,\"burst\":1,\"key\":\"cookie_x\"}")).getMessage()
        .startsWith("key: cookie_x"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> filter.parse("{\"appid\":\"a\",\"rate\":1}")).getMessage().contains("burst"));
    assertThrows(IllegalArgumentException.class, () -> filter.parse("not json"));
    assertThrows(IllegalArgumentException.class,
        () -> filter.parse("{\"appid\":\"a\",\"rate\":1,\"burst\":1,\"rejected_code\":99}"));
  }
}
