package dev.inkwell.runtime.app;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The apps this runtime serves, loaded on first request. A lookup never blocks the caller: it returns a future that
 * completes once the app's functions are loaded (or with null when there is no such app). Misses are remembered for a
 * few seconds so that requests for unknown hosts do not each cost a database round trip.
 */
public final class Apps implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(Apps.class.getName());
  private static final long MISS_TTL_SECONDS = 5;

  private final AppDirectory directory;
  private final RuntimeServices services;
  private final ConcurrentHashMap<String, CompletableFuture<AppRuntime>> apps = new ConcurrentHashMap<>();
  private final AtomicInteger loadedCount = new AtomicInteger();

  public Apps(AppDirectory directory, RuntimeServices services) {
    this.directory = directory;
    this.services = services;
  }

  /** The app with this id once loaded, or null when there is none. */
  public CompletableFuture<AppRuntime> get(String appid) {
    CompletableFuture<AppRuntime> existing = apps.get(appid);
    return existing != null ? existing : apps.computeIfAbsent(appid, this::load);
  }

  private CompletableFuture<AppRuntime> load(String appid) {
    CompletableFuture<AppRuntime> f = CompletableFuture.supplyAsync(() -> directory.find(appid), services.blocking())
        .thenCompose(spec -> {
          if (spec == null) {
            forgetLater(appid);
            return CompletableFuture.completedFuture(null);
          }
          AppRuntime app = new AppRuntime(spec, services);
          LOG.info(() -> "app " + appid + ": loading functions");
          return app.loaded().thenApply(v -> {
            services.metrics().appsLoaded(loadedCount.incrementAndGet());
            return app;
          });
        });
    f.exceptionally(e -> {
      LOG.log(Level.WARNING, "app " + appid + ": lookup failed", e);
      apps.remove(appid);
      return null;
    });
    return f;
  }

  private void forgetLater(String appid) {
    CompletableFuture.delayedExecutor(MISS_TTL_SECONDS, TimeUnit.SECONDS).execute(() -> apps.computeIfPresent(appid,
        (k, v) -> v.isDone() && v.getNow(null) == null ? null : v));
  }

  /**
   * Forgets an app: its Contexts close (open sockets get 1012) and the next request loads it again from the directory,
   * with its current env and credentials. What a restart is for an app in a shared (standalone) runtime.
   */
  public void reload(String appid) {
    CompletableFuture<AppRuntime> f = apps.remove(appid);
    if (f != null) {
      f.thenAccept(app -> {
        if (app != null) {
          app.sockets().closeAll(1012, "app restarting");
          app.close();
          services.metrics().appsLoaded(loadedCount.decrementAndGet());
        }
      });
    }
  }

  /** Apps loaded so far (for the watchdog and shutdown). */
  public List<AppRuntime> loaded() {
    List<AppRuntime> out = new ArrayList<>();
    for (CompletableFuture<AppRuntime> f : apps.values()) {
      AppRuntime app = f.isDone() && !f.isCompletedExceptionally() ? f.getNow(null) : null;
      if (app != null) {
        out.add(app);
      }
    }
    return out;
  }

  @Override
  public void close() {
    for (AppRuntime app : loaded()) {
      app.close();
    }
  }
}
