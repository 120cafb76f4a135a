package dev.inkwell.tenancy.service;

import dev.inkwell.tenancy.api.ApiException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Finishes what a crash or a failure left: apps stuck {@code provisioning} or {@code failed} are provisioned again (all
 * steps are idempotent), apps stuck {@code deleting} are deleted again (keeping their data: a deletion with data was
 * confirmed by the caller, who sees the error and repeats it), and database quotas are enforced
 * ({@link AppService#enforceQuotas}). Runs every {@code period}.
 */
public final class Reconciler implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(Reconciler.class.getName());

  private final AppService apps;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
      Thread.ofPlatform().name("tenancy-reconciler").daemon().factory());

  public Reconciler(AppService apps, Duration period) {
    this.apps = apps;
    timer.scheduleWithFixedDelay(this::pass, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** One pass; public for tests. */
  public void pass() {
    try {
      for (String appid : apps.appsIn(AppService.FAILED, AppService.PROVISIONING)) {
        try {
          apps.provision(appid);
        } catch (ApiException e) {
          LOG.fine(() -> "app " + appid + ": still failing: " + e.getMessage());
        }
      }
      apps.enforceQuotas();
      for (String appid : apps.appsIn(AppService.DELETING)) {
        try {
          apps.delete(appid, false);
        } catch (ApiException e) {
          LOG.fine(() -> "app " + appid + ": delete still failing: " + e.getMessage());
        }
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "reconcile pass failed (will retry)", e);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
