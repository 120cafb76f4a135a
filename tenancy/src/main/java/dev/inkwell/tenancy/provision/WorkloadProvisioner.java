package dev.inkwell.tenancy.provision;

/**
 * Where an app's runtime runs. Production: Kubernetes (a Secret, a Deployment, a Service and, when autoscaling is on, an
 * autoscaling/v2 HorizontalPodAutoscaler per app). Standalone: the shared in-process runtime. Idempotent.
 */
public interface WorkloadProvisioner {

  /** Creates or updates everything the app's runtime needs to run {@code spec}. */
  void apply(AppWorkload spec) throws ProvisioningException;

  /** Restarts the app's runtime (a rolling update on Kubernetes): picks up a new env or new secrets. */
  void restart(String appid) throws ProvisioningException;

  /** Stops serving without deleting (zero replicas, no autoscaler). {@link #apply} starts it again. */
  void stop(String appid) throws ProvisioningException;

  /** Removes everything {@link #apply} created. */
  void delete(String appid) throws ProvisioningException;

  /** The address the route controller's upstream and the control API's debug calls reach the runtime at. */
  String upstream(String appid);
}
