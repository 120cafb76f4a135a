package dev.inkwell.runner.ratelimit;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The rate-limit state of every tenant, keyed by appid, so that counters survive conf changes: when an operator edits
 * a limit, APISIX prepares a new conf, whose parsed config points at the same {@link Tenant}.
 *
 * <p>Per-client buckets (a {@code key} such as {@code remote_addr}) would otherwise grow with every client ever seen;
 * {@link #sweep()} drops those that have refilled completely (a full bucket carries no information).
 */
public final class Tenants {

  private final ConcurrentHashMap<String, Tenant> tenants = new ConcurrentHashMap<>();
  private final LongSupplier ticker;

  /** @param ticker nanoseconds on a monotonic scale ({@code System::nanoTime}; tests pass a fake clock) */
  public Tenants(LongSupplier ticker) {
    this.ticker = ticker;
  }

  public Tenant tenant(String appid) {
    return tenants.computeIfAbsent(appid, Tenant::new);
  }

  public long now() {
    return ticker.getAsLong();
  }

  public int size() {
    return tenants.size();
  }

  /** Removes per-client buckets that are full; returns how many were removed. */
  public int sweep() {
    long now = ticker.getAsLong();
    int removed = 0;
    for (Tenant t : tenants.values()) {
      removed += t.sweep(now);
    }
    return removed;
  }

  /** One tenant: its app-wide bucket, per-client buckets when a conf keys by client, and its metric children. */
  public static final class Tenant {
    private final String appid;
    private final TokenBucket bucket = new TokenBucket();
    private volatile ConcurrentHashMap<String, TokenBucket> clients;
    /** Metric children, created on the tenant's first decision (an idle tenant costs no series). */
    public volatile TenantCounters counters;

    Tenant(String appid) {
      this.appid = appid;
    }

    public String appid() {
      return appid;
    }

    /** The bucket for this client key, or the app-wide one when {@code clientKey} is null. */
    public TokenBucket bucket(String clientKey) {
      if (clientKey == null) {
        return bucket;
      }
      ConcurrentHashMap<String, TokenBucket> m = clients;
      if (m == null) {
        synchronized (this) {
          m = clients;
          if (m == null) {
            m = clients = new ConcurrentHashMap<>();
          }
        }
      }
      TokenBucket b = m.get(clientKey);
      return b != null ? b : m.computeIfAbsent(clientKey, k -> new TokenBucket());
    }

    int sweep(long now) {
      ConcurrentHashMap<String, TokenBucket> m = clients;
      if (m == null) {
        return 0;
      }
      int before = m.size();
      m.values().removeIf(b -> b.fullAt(now));
      return before - m.size();
    }

    public int clients() {
      ConcurrentHashMap<String, TokenBucket> m = clients;
      return m == null ? 0 : m.size();
    }
  }
}
