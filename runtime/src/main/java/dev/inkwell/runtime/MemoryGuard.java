package dev.inkwell.runtime;

import dev.inkwell.runtime.app.AppRuntime;
import dev.inkwell.runtime.app.Apps;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Keeps one function's memory runaway from taking the process down. GraalJS community has no per-Context heap limit,
 * so the guard samples the old generation every {@link #PERIOD_MILLIS}: when it has been above {@code fraction} of its
 * maximum for two samples in a row, the JS task that has been running longest (at least {@link #MIN_BUSY_MILLIS}) is
 * cancelled and its Context discarded, which frees everything that Context allocated. A runaway allocator is a long
 * synchronous task; short calls are never chosen.
 *
 * <p>Why sampling: JMX collection-usage notifications were tried first. With G1 they depend on when an old-generation
 * collection happens (a fresh JVM filling 1 GB with large arrays got none within 4 s), and they fire again only after
 * usage dips below the line. Sampling two readings 100 ms apart is predictable and costs nothing.
 *
 * <p>Concurrency: runs on the runtime's watchdog thread; cancellation goes through {@code WorkerPool}, safe from any
 * thread.
 */
final class MemoryGuard implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(MemoryGuard.class.getName());
  private static final long PERIOD_MILLIS = 100;
  private static final long MIN_BUSY_MILLIS = 200;

  private final Apps apps;
  private final List<MemoryPoolMXBean> pools;
  private final double fraction;
  private final ScheduledFuture<?> task;
  private boolean highBefore; // watchdog thread only

  private MemoryGuard(Apps apps, double fraction, ScheduledExecutorService scheduler) {
    this.apps = apps;
    this.fraction = fraction;
    this.pools = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP && p.getUsage().getMax() > 0 && isTenured(p.getName()))
        .toList();
    this.task = scheduler.scheduleWithFixedDelay(this::sample, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
  }

  static MemoryGuard install(Apps apps, double fraction, ScheduledExecutorService scheduler) {
    return new MemoryGuard(apps, fraction, scheduler);
  }

  private void sample() {
    boolean high = false;
    for (MemoryPoolMXBean pool : pools) {
      high |= pool.getUsage().getUsed() > pool.getUsage().getMax() * fraction;
    }
    boolean act = high && highBefore;
    highBefore = high;
    if (!act) {
      return;
    }
    boolean cancelled = false;
    for (AppRuntime app : apps.loaded()) {
      cancelled |= app.pool().cancelLongestBusy(TimeUnit.MILLISECONDS.toNanos(MIN_BUSY_MILLIS),
          "old generation above " + (int) (fraction * 100) + "% of its maximum");
    }
    if (cancelled) {
      highBefore = false;
      LOG.warning("memory pressure: cancelled the longest-running JS task");
    }
  }

  private static boolean isTenured(String name) {
    return name.contains("Old") || name.contains("Tenured");
  }

  @Override
  public void close() {
    task.cancel(false);
  }
}
