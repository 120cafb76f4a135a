package dev.inkwell.runtime;

import dev.inkwell.runtime.app.AppRuntime;
import dev.inkwell.runtime.app.Apps;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.management.NotificationEmitter;

/**
 * Keeps one function's memory runaway from taking the process down. GraalJS community has no per-Context heap limit,
 * so the guard watches the heap after each collection: when the old generation stays above {@code fraction} of its
 * maximum, the JS task that has been running longest (at least 50 ms) is cancelled and its Context discarded, which
 * frees everything that Context allocated.
 */
final class MemoryGuard {

  private static final Logger LOG = Logger.getLogger(MemoryGuard.class.getName());

  private MemoryGuard() {
  }

  static void install(Apps apps, double fraction) {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.isCollectionUsageThresholdSupported()
          && pool.getUsage().getMax() > 0 && isTenured(pool.getName())) {
        pool.setCollectionUsageThreshold((long) (pool.getUsage().getMax() * fraction));
        LOG.fine(() -> "memory guard on " + pool.getName());
      }
    }
    NotificationEmitter emitter = (NotificationEmitter) ManagementFactory.getMemoryMXBean();
    emitter.addNotificationListener((notification, handback) -> {
      if (!MemoryNotificationInfo.MEMORY_COLLECTION_THRESHOLD_EXCEEDED.equals(notification.getType())) {
        return;
      }
      boolean cancelled = false;
      for (AppRuntime app : apps.loaded()) {
        cancelled |= app.pool().cancelLongestBusy(TimeUnit.MILLISECONDS.toNanos(50),
            "heap above " + (int) (fraction * 100) + "% after GC");
      }
      if (cancelled) {
        LOG.warning("memory pressure: cancelled the longest-running JS task");
      }
    }, null, null);
  }

  private static boolean isTenured(String name) {
    return name.contains("Old") || name.contains("Tenured");
  }
}
