package dev.inkwell.runner.conf;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.inkwell.runner.filter.EdgeFilter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.apisix.plugin.runner.A6Conf;
import org.apache.apisix.plugin.runner.A6ConfigWatcher;
import org.apache.apisix.plugin.runner.filter.PluginFilter;
import org.apache.apisix.plugin.runner.filter.PluginFilterChain;

/**
 * Prepared confs by conf token.
 *
 * <p>Tokens are the protocol's uint32: a counter from 1 that skips 0 and, after wrapping, any token still held, so no
 * two live confs ever share one (the official runner draws random tokens without checking). Entries live for APISIX's
 * expire time plus a margin and are bounded in number (least recently used leave first), not at a fixed 1000: past the
 * bound APISIX gets CONF_TOKEN_NOT_FOUND for an evicted token and prepares again.
 */
public final class ConfCache {

  private static final Logger LOG = Logger.getLogger(ConfCache.class.getName());

  private final Cache<Long, PreparedConf> confs;
  private final AtomicLong counter = new AtomicLong();
  private final Filters filters;
  private final Executor watcherExecutor;

  /** @param watcherExecutor where official {@code A6ConfigWatcher}s are told (foreign code: never on the event loop) */
  public ConfCache(Filters filters, Duration ttl, long maxConfs, Ticker ticker, Executor watcherExecutor) {
    this.filters = filters;
    this.watcherExecutor = watcherExecutor;
    this.confs = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maxConfs).ticker(ticker).build();
  }

  public PreparedConf get(long token) {
    return confs.getIfPresent(token);
  }

  public long size() {
    return confs.estimatedSize();
  }

  /** Housekeeping (expiry, eviction) now rather than on later accesses; for gauges and tests. */
  public void cleanUp() {
    confs.cleanUp();
  }

  /**
   * Prepares a conf from its entries (name, value pairs in route order) and stores it under a fresh token. A conf that
   * names an unknown filter or a value its filter refuses is stored as invalid: its calls fail closed.
   */
  public PreparedConf prepare(List<String[]> entries) {
    long token = nextToken();
    List<Bound<?>> natives = new ArrayList<>();
    List<PluginFilter> official = new ArrayList<>();
    List<PluginFilter> officialPost = new ArrayList<>();
    Map<String, String> raw = new LinkedHashMap<>();
    LinkedHashSet<String> vars = new LinkedHashSet<>();
    boolean reqBody = false;
    boolean respBody = false;
    String invalid = null;
    for (String[] e : entries) {
      String name = e[0];
      String value = e[1];
      EdgeFilter<?> nf = filters.nativeFilter(name);
      PluginFilter of = nf == null ? filters.officialFilter(name) : null;
      if (nf != null) {
        try {
          natives.add(bind(nf, value));
        } catch (IllegalArgumentException ex) {
          invalid = name + ": " + ex.getMessage();
          break;
        }
      } else if (of != null) {
        raw.put(name, value);
        if (Filters.hasFilter(of)) {
          official.add(of);
        }
        if (Filters.hasPostFilter(of)) {
          officialPost.add(of);
        }
        List<String> v = of.requiredVars();
        if (v != null) {
          vars.addAll(v);
        }
        reqBody |= Boolean.TRUE.equals(of.requiredBody());
        respBody |= Boolean.TRUE.equals(of.requiredRespBody());
      } else {
        invalid = "unknown filter \"" + name + "\" (this runner has: " + filters.names() + ")";
        break;
      }
    }
    PreparedConf conf = invalid != null
        ? new PreparedConf(token, List.of(), List.of(), List.of(), Map.of(), List.of(), false, false, invalid)
        : new PreparedConf(token, List.copyOf(natives), List.copyOf(official), List.copyOf(officialPost),
            raw.isEmpty() ? Map.of() : Map.copyOf(raw), List.copyOf(vars), reqBody, respBody, null);
    confs.put(token, conf);
    if (invalid != null) {
      String why = invalid;
      LOG.warning(() -> "conf token " + token + " refused, its requests fail closed (503, or pass if the route sets "
          + "allow_degradation): " + why);
    } else if (!filters.watchers().isEmpty()) {
      A6Conf seen = new A6Conf(conf.raw(), new PluginFilterChain(conf.official()));
      for (A6ConfigWatcher w : filters.watchers()) {
        watcherExecutor.execute(() -> {
          try {
            w.watch(token, seen);
          } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "config watcher " + w.name() + " failed on conf token " + token, e);
          }
        });
      }
    }
    return conf;
  }

  private static <C> Bound<C> bind(EdgeFilter<C> f, String value) {
    return new Bound<>(f, f.parse(value));
  }

  private long nextToken() {
    while (true) {
      long t = counter.incrementAndGet() & 0xFFFF_FFFFL;
      if (t != 0 && confs.getIfPresent(t) == null) {
        return t;
      }
    }
  }
}
