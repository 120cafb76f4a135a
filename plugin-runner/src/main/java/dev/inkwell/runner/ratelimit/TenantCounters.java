package dev.inkwell.runner.ratelimit;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;

/**
 * A tenant's rate-limit counters, kept on the tenant so the decision path does no label lookup. Each outcome's series
 * is created on its first use: most tenants never see a rejection, and a series costs a few hundred bytes.
 */
public final class TenantCounters {

  private final Counter counter;
  private final String appid;
  private volatile CounterDataPoint allowed;
  private volatile CounterDataPoint rejected;
  private volatile CounterDataPoint dryRunRejected;

  public TenantCounters(Counter counter, String appid) {
    this.counter = counter;
    this.appid = appid;
  }

  public void allowed() {
    CounterDataPoint p = allowed;
    if (p == null) {
      p = allowed = counter.labelValues(appid, "allowed");
    }
    p.inc();
  }

  public void rejected() {
    CounterDataPoint p = rejected;
    if (p == null) {
      p = rejected = counter.labelValues(appid, "rejected");
    }
    p.inc();
  }

  public void dryRunRejected() {
    CounterDataPoint p = dryRunRejected;
    if (p == null) {
      p = dryRunRejected = counter.labelValues(appid, "dry_run_rejected");
    }
    p.inc();
  }
}
