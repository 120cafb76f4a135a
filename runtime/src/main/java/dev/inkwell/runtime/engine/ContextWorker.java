package dev.inkwell.runtime.engine;

import dev.inkwell.runtime.functions.FunctionSet;
import dev.inkwell.runtime.functions.LoadedFunction;
import io.netty.util.concurrent.DefaultEventExecutor;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;

/**
 * One JS Context with its own event loop: a single thread on which the Context's requests, timers and promise
 * continuations interleave, as in Node. A request that awaits does not hold the Context: other requests run meanwhile.
 *
 * <p>Concurrency: the Context, module cache and timers are confined to the loop thread. Other threads only submit tasks,
 * read {@link #current}/{@link #load}, and cancel a runaway task through {@link #cancelIfRunning}, which closes the
 * Context from a separate thread; the loop thread then sees the cancellation and replaces the Context.
 */
final class ContextWorker {

  private static final Logger LOG = Logger.getLogger(ContextWorker.class.getName());

  private final String name;
  private final JsEngine engine;
  private final AppBindings app;
  private final Executor reaper;
  private final EngineMetrics metrics;
  private final DefaultEventExecutor loop;

  // Loop-thread state.
  private Context context;
  private Value instantiate;
  private Value invoke;
  private Value runInit;
  private Value invokeSocket;
  private final Map<Long, Value> modules = new HashMap<>();
  private long modulesVersion = -1;
  private final Map<Integer, Timer> timers = new HashMap<>();
  private int nextTimerId;

  // Shared state.
  private final Set<Invocation> inflight = ConcurrentHashMap.newKeySet();
  private final AtomicInteger load = new AtomicInteger();
  private final AtomicBoolean cancelling = new AtomicBoolean();
  private volatile Context cancellable;
  private volatile Invocation current;
  private volatile long busySince;
  private volatile boolean ready;

  private record Timer(Value callback, Invocation owner, ScheduledFuture<?> future, boolean repeat) {
  }

  ContextWorker(String name, JsEngine engine, AppBindings app, Executor reaper, EngineMetrics metrics) {
    this.name = name;
    this.engine = engine;
    this.app = app;
    this.reaper = reaper;
    this.metrics = metrics;
    this.loop = new DefaultEventExecutor(new DefaultThreadFactory(name, true));
  }

  /** Creates the Context in the background, so the first request does not pay for it; then runs {@code next}. */
  void warm(Runnable next) {
    loop.execute(() -> {
      try {
        ensureContext();
      } finally {
        next.run();
      }
    });
  }

  boolean ready() {
    return ready;
  }

  int load() {
    return load.get();
  }

  /** Evaluates the Node-compatible globals in this worker's Context (on first use, from the glue). */
  Value nodeModules(HostBridge bridge) {
    return context.eval(engine.node()).execute(bridge);
  }

  /** Evaluates the SDK (cloud.mongo, fetch, storage) in this worker's Context (on first use, from the glue). */
  Value sdkModule(HostBridge bridge) {
    return context.eval(engine.sdk()).execute(bridge);
  }

  Invocation current() {
    return current;
  }

  /** Nanos the current task has been running, or 0 when idle. */
  long busyNanos() {
    return current == null ? 0 : System.nanoTime() - busySince;
  }

  /** How the glue enters a call. */
  private enum Entry { REQUEST, INIT, SOCKET }

  void submit(Invocation inv, FunctionSet set, LoadedFunction fn, LoadedFunction interceptor) {
    track(inv);
    loop.execute(() -> run(inv, set, fn, interceptor, Entry.REQUEST));
  }

  /** Runs {@code __init__} once on this Context; its result only reaches the log. */
  void submitInit(Invocation inv, FunctionSet set, LoadedFunction init) {
    track(inv);
    loop.execute(() -> run(inv, set, init, null, Entry.INIT));
  }

  /** Runs {@code __websocket__} for one event of a socket (the glue reads the event from {@code inv}). */
  void submitSocketEvent(Invocation inv, FunctionSet set, LoadedFunction fn) {
    track(inv);
    loop.execute(() -> run(inv, set, fn, null, Entry.SOCKET));
  }

  private void track(Invocation inv) {
    inflight.add(inv);
    load.incrementAndGet();
    inv.attach(this, () -> {
      if (inflight.remove(inv)) {
        load.decrementAndGet();
      }
    });
  }

  private void run(Invocation inv, FunctionSet set, LoadedFunction fn, LoadedFunction interceptor, Entry entry) {
    if (inv.isClosed()) {
      return; // timed out or failed over while queued
    }
    enter(inv);
    try {
      ensureContext();
      syncModules(set);
      Value main = module(set, fn, new ArrayDeque<>());
      switch (entry) {
        case INIT -> runInit.executeVoid(main, inv);
        case SOCKET -> invokeSocket.executeVoid(main, inv);
        case REQUEST -> {
          Value before = interceptor == null ? null : module(set, interceptor, new ArrayDeque<>());
          invoke.executeVoid(main, before, inv, inv);
        }
      }
    } catch (ModuleLoadFailure e) {
      inv.fail(e.getMessage(), "");
    } catch (PolyglotException e) {
      onPolyglotException(e, inv);
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "runtime error in " + name + " for " + inv.requestId(), e);
      inv.fail(e.toString(), "");
    } finally {
      leave();
    }
  }

  private void enter(Invocation inv) {
    busySince = System.nanoTime();
    current = inv;
  }

  private void leave() {
    current = null;
  }

  /** Evaluates (once per function id and Context) the module of {@code fn} and returns its exports. */
  private Value module(FunctionSet set, LoadedFunction fn, Deque<String> loading) {
    Value cached = modules.get(fn.id());
    if (cached != null) {
      return cached;
    }
    if (fn.error() != null) {
      throw new ModuleLoadFailure("function '" + fn.name() + "' could not be loaded: " + fn.error());
    }
    if (loading.contains(fn.name())) {
      throw new ModuleLoadFailure("import cycle: " + String.join(" -> ", loading) + " -> " + fn.name());
    }
    loading.push(fn.name());
    try {
      Value factory = context.eval(fn.source());
      Value exports = instantiate.execute(factory, fn.name(), new Resolver(set, loading));
      modules.put(fn.id(), exports);
      return exports;
    } finally {
      loading.pop();
    }
  }

  /** Resolves {@code require('@/name')} against the snapshot the requiring module was loaded from. */
  public final class Resolver {
    private final FunctionSet set;
    private final Deque<String> loading;

    Resolver(FunctionSet set, Deque<String> loading) {
      this.set = set;
      this.loading = loading;
    }

    @HostAccess.Export
    public Value require(String name) {
      LoadedFunction f = set.get(name);
      if (f == null) {
        return null;
      }
      return module(set, f, loading);
    }
  }

  /** Drops cached module instances that a newer snapshot no longer contains. */
  private void syncModules(FunctionSet set) {
    if (set.version() > modulesVersion) {
      modules.keySet().removeIf(id -> !set.containsId(id));
      modulesVersion = set.version();
    }
  }

  private void ensureContext() {
    if (context != null) {
      return;
    }
    long start = System.nanoTime();
    Context c = engine.newContext();
    try {
      Value api = c.eval(engine.glue()).execute(new HostBridge(this, app));
      instantiate = api.getMember("instantiate");
      invoke = api.getMember("invoke");
      runInit = api.getMember("runInit");
      invokeSocket = api.getMember("invokeSocket");
    } catch (RuntimeException e) {
      c.close(true);
      throw e;
    }
    context = c;
    cancellable = c;
    ready = true;
    metrics.contextCreated(System.nanoTime() - start);
    LOG.fine(() -> name + ": context ready in " + (System.nanoTime() - start) / 1_000_000 + " ms");
  }

  // ---------------------------------------------------------------- runaway handling

  /**
   * Called when {@code inv} ran out of time: if this worker's thread is executing it right now (a runaway loop), the
   * Context is closed from another thread, which cancels the execution.
   */
  void cancelIfRunning(Invocation inv) {
    if (current == inv) {
      cancel("call timeout of " + inv.functionName() + " (" + inv.requestId() + ")");
    }
  }

  /** Cancels whatever this worker runs now (watchdogs: orphaned runaway task, memory pressure). */
  void cancel(String reason) {
    Context c = cancellable;
    if (c != null && cancelling.compareAndSet(false, true)) {
      LOG.warning(() -> "cancelling JS execution on " + name + ": " + reason);
      reaper.execute(() -> {
        try {
          c.close(true);
        } catch (RuntimeException e) {
          LOG.log(Level.FINE, "close on cancel", e);
        }
        // If the task finished just before the close, no cancellation reached the loop thread: replace the closed
        // Context from there (a no-op when the loop already did).
        loop.execute(() -> {
          if (context == c) {
            replaceContext("context closed after " + reason);
          }
        });
      });
    }
  }

  private void onPolyglotException(PolyglotException e, Invocation inv) {
    if (e.isHostException() && e.asHostException() instanceof ModuleLoadFailure failure) {
      inv.fail(failure.getMessage(), "");
      return;
    }
    if (e.isCancelled() || e.isResourceExhausted() || e.isInternalError() || cancelling.get()) {
      String why = e.isResourceExhausted() ? "resource exhausted: " + e.getMessage()
          : e.isCancelled() || cancelling.get() ? "execution cancelled" : "internal error: " + e.getMessage();
      if (e.isInternalError()) {
        LOG.log(Level.SEVERE, "internal GraalJS error on " + name, e);
      }
      inv.unavailable(why);
      replaceContext(why);
    } else if (e.isGuestException()) {
      inv.fail(e.getMessage(), stackOf(e));
    } else {
      LOG.log(Level.SEVERE, "host error in " + name + " for " + inv.requestId(), e);
      inv.fail(String.valueOf(e.getMessage()), "");
    }
  }

  private void replaceContext(String why) {
    metrics.contextReplaced();
    LOG.warning(() -> "replacing JS context " + name + " (" + why + "); " + inflight.size() + " other call(s) answered 503");
    for (Invocation other : List.copyOf(inflight)) {
      other.unavailable("context replaced: " + why);
    }
    for (Timer t : timers.values()) {
      t.future().cancel(false);
    }
    timers.clear();
    modules.clear();
    modulesVersion = -1;
    Context old = context;
    context = null;
    cancellable = null;
    ready = false;
    if (old != null) {
      try {
        old.close(true);
      } catch (RuntimeException ignored) {
        // already closed by the canceller
      }
    }
    cancelling.set(false);
    loop.execute(this::ensureContext);
  }

  // ---------------------------------------------------------------- timers (loop thread)

  int setTimer(Value callback, long delayMs, boolean repeat) {
    int id = ++nextTimerId;
    if (nextTimerId == Integer.MAX_VALUE) {
      nextTimerId = 0;
    }
    long delay = repeat ? Math.max(1, delayMs) : Math.max(0, delayMs);
    ScheduledFuture<?> f = repeat
        ? loop.scheduleAtFixedRate(() -> fire(id), delay, delay, TimeUnit.MILLISECONDS)
        : loop.schedule(() -> fire(id), delay, TimeUnit.MILLISECONDS);
    timers.put(id, new Timer(callback, current, f, repeat));
    return id;
  }

  void clearTimer(int id) {
    Timer t = timers.remove(id);
    if (t != null) {
      t.future().cancel(false);
    }
  }

  private void fire(int id) {
    Timer t = repeatOrRemove(id);
    if (t == null || context == null) {
      return;
    }
    callBack(t.owner(), t.callback(), "a timer", (Object[]) null);
  }

  // ---------------------------------------------------------------- results of host operations run off the loop

  /** The Context now running on this worker (loop thread only); host operations remember it to deliver results. */
  Context context() {
    return context;
  }

  /**
   * Posts {@code callback(args)} to the loop thread, on behalf of {@code owner}, unless the Context that started the
   * operation ({@code origin}) has been replaced meanwhile (its JS values are dead then; the call already got 503).
   * Callable from any thread; this is how a promise waiting on a database, storage or HTTP call is settled.
   */
  void deliver(Context origin, Invocation owner, Value callback, Object... args) {
    loop.execute(() -> {
      if (context == origin && context != null) {
        callBack(owner, callback, "an asynchronous callback", args);
      }
    });
  }

  /** Runs a JS callback as a top-level task: its promise jobs drain before it returns. */
  private void callBack(Invocation owner, Value callback, String what, Object[] args) {
    enter(owner);
    try {
      if (args == null) {
        callback.executeVoid();
      } else {
        callback.executeVoid(args);
      }
    } catch (PolyglotException e) {
      if (e.isCancelled() || e.isResourceExhausted() || cancelling.get()) {
        if (owner != null) {
          owner.unavailable("execution cancelled in " + what);
        }
        replaceContext(what + " cancelled");
      } else {
        LOG.warning(() -> "uncaught error in " + what + " of " + (owner == null ? "?" : owner.functionName())
            + " (" + (owner == null ? "-" : owner.requestId()) + "): " + e.getMessage());
      }
    } finally {
      leave();
    }
  }

  private Timer repeatOrRemove(int id) {
    Timer t = timers.get(id);
    if (t != null && !t.repeat()) {
      timers.remove(id);
    }
    return t;
  }

  private static String stackOf(PolyglotException e) {
    StringBuilder sb = new StringBuilder();
    for (PolyglotException.StackFrame f : e.getPolyglotStackTrace()) {
      if (f.isGuestFrame()) {
        sb.append("    at ").append(f).append('\n');
      }
    }
    return sb.toString();
  }

  void shutdown() {
    loop.execute(() -> {
      if (context != null) {
        try {
          context.close(true);
        } catch (RuntimeException ignored) {
          // shutting down
        }
        context = null;
      }
    });
    loop.shutdownGracefully(0, 2, TimeUnit.SECONDS);
  }

  private static final class ModuleLoadFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ModuleLoadFailure(String message) {
      super(message, null, false, false);
    }
  }
}
