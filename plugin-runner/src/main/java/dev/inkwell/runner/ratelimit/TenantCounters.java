package dev.inkwell.runner.ratelimit;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;

/** A tenant's rate-limit counters, looked up once and kept on the tenant so the decision path does no label lookup. */
public record TenantCounters(CounterDataPoint allowed, CounterDataPoint rejected, CounterDataPoint dryRunRejected) {
}
