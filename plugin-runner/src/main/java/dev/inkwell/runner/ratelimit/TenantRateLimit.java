package dev.inkwell.runner.ratelimit;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.inkwell.runner.filter.Call;
import dev.inkwell.runner.filter.ConfJson;
import dev.inkwell.runner.filter.EdgeFilter;
import dev.inkwell.runner.filter.Verdict;
import dev.inkwell.runner.metrics.RunnerMetrics;
import java.util.Locale;

/**
 * {@code tenant-rate-limit}: a token bucket per tenant (or per tenant and client key), refilled at {@code rate}
 * requests per second up to {@code burst}. Answers carry {@code X-RateLimit-Limit} (the burst), {@code -Remaining} and
 * {@code -Reset} (seconds until the bucket is full again), as APISIX's limit-count does; a rejection adds
 * {@code Retry-After} (seconds until the next token). A dry run counts and reports, with {@code X-RateLimit-Dry-Run},
 * but never rejects.
 *
 * <p>Conf value: {@code {"appid":"a1","rate":100,"burst":200,"key":"remote_addr","rejected_code":429,"dry_run":false}}.
 */
public final class TenantRateLimit implements EdgeFilter<TenantRateLimit.Config> {

  public static final String NAME = "tenant-rate-limit";
  static final String BODY = "{\"error\":{\"code\":\"rate_limited\",\"message\":\"too many requests\"}}";

  private final Tenants tenants;
  private final RunnerMetrics metrics;

  public TenantRateLimit(Tenants tenants, RunnerMetrics metrics) {
    this.tenants = tenants;
    this.metrics = metrics;
  }

  /** Where the per-client key comes from. */
  public enum KeySource { NONE, REMOTE_ADDR, HEADER, ARG }

  /** The conf as it arrives. */
  record Raw(
      @JsonProperty(value = "appid", required = true) String appid,
      @JsonProperty(value = "rate", required = true) double rate,
      @JsonProperty(value = "burst", required = true) int burst,
      @JsonProperty("key") String key,
      @JsonProperty("rejected_code") Integer rejectedCode,
      @JsonProperty("dry_run") Boolean dryRun) {
  }

  /**
   * A checked conf. {@code intervalNanos} is 1/rate; {@code keyName} is the header (lower-case, '-' for '_') or
   * argument name for keyed limits.
   */
  public record Config(String appid, double rate, int burst, KeySource keySource, String keyName, int rejectedCode,
      boolean dryRun, long intervalNanos, Tenants.Tenant tenant) {

    public Config {
      if (appid == null || appid.isBlank()) {
        throw new IllegalArgumentException("appid: missing (expected: the app's id)");
      }
      if (!(rate > 0) || rate > 1e9 || Double.isInfinite(rate)) {
        throw new IllegalArgumentException("rate: " + rate + " (expected: requests per second, > 0)");
      }
      if (burst < 1) {
        throw new IllegalArgumentException("burst: " + burst + " (expected: an integer >= 1)");
      }
      if (rejectedCode < 200 || rejectedCode > 599) {
        throw new IllegalArgumentException("rejected_code: " + rejectedCode + " (expected: 200..599)");
      }
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Config parse(String value) {
    Raw raw = ConfJson.read(value, Raw.class);
    KeySource source = KeySource.NONE;
    String keyName = null;
    String key = raw.key();
    if (key != null && !key.isEmpty()) {
      if (key.equals("remote_addr")) {
        source = KeySource.REMOTE_ADDR;
      } else if (key.startsWith("http_") && key.length() > 5) {
        source = KeySource.HEADER;
        keyName = key.substring(5).toLowerCase(Locale.ROOT).replace('_', '-');
      } else if (key.startsWith("arg_") && key.length() > 4) {
        source = KeySource.ARG;
        keyName = key.substring(4);
      } else {
        throw new IllegalArgumentException("key: " + key + " (expected: remote_addr, http_<header> or arg_<name>)");
      }
    }
    long interval = Math.max(1, Math.round(1e9 / raw.rate()));
    return new Config(raw.appid() == null ? null : raw.appid().intern(), raw.rate(), raw.burst(), source, keyName,
        raw.rejectedCode() == null ? 429 : raw.rejectedCode(), raw.dryRun() != null && raw.dryRun(), interval,
        raw.appid() == null ? null : tenants.tenant(raw.appid()));
  }

  @Override
  public void filter(Config c, Call call, Verdict verdict) {
    String clientKey = switch (c.keySource()) {
      case NONE -> null;
      case REMOTE_ADDR -> call.sourceIp();
      case HEADER -> call.header(c.keyName());
      case ARG -> call.arg(c.keyName());
    };
    if (clientKey == null && c.keySource() != KeySource.NONE) {
      clientKey = call.sourceIp(); // no such header/arg on this request: limit by address instead, as limit-count does
    }
    TokenBucket bucket = c.tenant().bucket(clientKey);
    TokenBucket.Outcome o = bucket.acquire(tenants.now(), c.intervalNanos(), c.burst());
    TenantCounters counters = metrics.counters(c.tenant());
    verdict.responseHeader("X-RateLimit-Limit", Integer.toString(c.burst()));
    verdict.responseHeader("X-RateLimit-Remaining", Integer.toString(o.remaining()));
    verdict.responseHeader("X-RateLimit-Reset", Long.toString(ceilSeconds(o.resetNanos())));
    if (o.allowed()) {
      counters.allowed();
      return;
    }
    if (c.dryRun()) {
      counters.dryRunRejected();
      verdict.responseHeader("X-RateLimit-Dry-Run", "rejected");
      return;
    }
    counters.rejected();
    verdict.responseHeader("Retry-After", Long.toString(Math.max(1, ceilSeconds(o.retryAfterNanos()))));
    verdict.responseHeader("Content-Type", "application/json");
    verdict.reject(c.rejectedCode(), BODY);
  }

  static long ceilSeconds(long nanos) {
    return (nanos + 999_999_999L) / 1_000_000_000L;
  }
}
