package dev.inkwell.runtime.engine;

import dev.inkwell.runtime.functions.FunctionSet;
import dev.inkwell.runtime.functions.LoadedFunction;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Contexts of one app. Each request goes to the least-loaded Context (fewest calls in flight), so both cores are
 * used and a Context stuck in a long synchronous section stops receiving new work.
 */
public final class WorkerPool implements AutoCloseable {

  private final ContextWorker[] workers;
  private final AtomicInteger next = new AtomicInteger();

  public WorkerPool(String appid, int size, JsEngine engine, AppBindings app, Executor reaper, EngineMetrics metrics) {
    if (size < 1) {
      throw new IllegalArgumentException("contexts: " + size + " (expected: at least 1)");
    }
    workers = new ContextWorker[size];
    for (int i = 0; i < size; i++) {
      workers[i] = new ContextWorker("js-" + appid + "-" + i, engine, app, reaper, metrics);
    }
    // The first Context is created alone (it is what the first request needs, and a 2-core machine is busy loading
    // the app meanwhile); the others follow once it is ready.
    workers[0].warm(() -> {
      for (int i = 1; i < workers.length; i++) {
        workers[i].warm(() -> { });
      }
    });
  }

  public void submit(Invocation inv, FunctionSet set, LoadedFunction fn, LoadedFunction interceptor) {
    pick().submit(inv, set, fn, interceptor);
  }

  public void submitInit(Invocation inv, FunctionSet set, LoadedFunction init) {
    pick().submitInit(inv, set, init);
  }

  /** Events of one socket always go to the same Context, so they start in the order they arrived. */
  public void submitSocketEvent(long socketId, Invocation inv, FunctionSet set, LoadedFunction fn) {
    workers[(int) Math.floorMod(socketId, (long) workers.length)].submitSocketEvent(inv, set, fn);
  }

  private ContextWorker pick() {
    int start = Math.floorMod(next.getAndIncrement(), workers.length);
    ContextWorker best = null;
    int bestLoad = Integer.MAX_VALUE;
    for (int i = 0; i < workers.length; i++) {
      ContextWorker w = workers[(start + i) % workers.length];
      // A Context still starting up counts as busy, so a ready one is preferred.
      int load = w.load() + (w.ready() ? 0 : 1_000);
      if (load < bestLoad) {
        best = w;
        bestLoad = load;
      }
    }
    return best;
  }

  /**
   * Watchdog pass: cancels a task that has run longer than {@code limitNanos} although no open call owns it any more
   * (a runaway timer callback, say). Open calls are cancelled by their own deadline.
   */
  public void cancelOrphans(long limitNanos) {
    for (ContextWorker w : workers) {
      Invocation inv = w.current();
      if (w.busyNanos() > limitNanos && (inv == null || inv.isClosed())) {
        w.cancel("task ran " + w.busyNanos() / 1_000_000 + " ms without an open call");
      }
    }
  }

  /** Memory pressure: cancels the task that has been running longest, if any has run at least {@code minNanos}. */
  public boolean cancelLongestBusy(long minNanos, String reason) {
    ContextWorker worst = null;
    long max = minNanos;
    for (ContextWorker w : workers) {
      long busy = w.busyNanos();
      if (busy >= max) {
        max = busy;
        worst = w;
      }
    }
    if (worst != null) {
      worst.cancel(reason);
      return true;
    }
    return false;
  }

  public int size() {
    return workers.length;
  }

  @Override
  public void close() {
    for (ContextWorker w : workers) {
      w.shutdown();
    }
  }
}
