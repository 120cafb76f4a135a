package dev.inkwell.tenancy.local;

import dev.inkwell.tenancy.provision.AppWorkload;
import dev.inkwell.tenancy.provision.WorkloadProvisioner;
import java.util.function.Consumer;

/**
 * Standalone mode: every app runs in the one shared runtime, which loads an app on its first request from
 * {@link LocalRuntimeDirectory}. Applying, restarting, stopping or deleting a workload therefore only makes the runtime
 * forget the app ({@code reload}), so the next request sees the current variables, or no app at all.
 */
public final class LocalWorkloads implements WorkloadProvisioner {

  private final String upstream;
  private volatile Consumer<String> reload;

  /**
   * @param upstream {@code host:port} of the shared runtime
   * @param reload makes the runtime forget an app (may be set later with {@link #reloadWith})
   */
  public LocalWorkloads(String upstream, Consumer<String> reload) {
    this.upstream = upstream;
    this.reload = reload == null ? appid -> { } : reload;
  }

  public void reloadWith(Consumer<String> reload) {
    this.reload = reload;
  }

  @Override
  public void apply(AppWorkload spec) {
    reload.accept(spec.appid());
  }

  @Override
  public void restart(String appid) {
    reload.accept(appid);
  }

  @Override
  public void stop(String appid) {
    reload.accept(appid);
  }

  @Override
  public void delete(String appid) {
    reload.accept(appid);
  }

  @Override
  public String upstream(String appid) {
    return upstream;
  }
}
