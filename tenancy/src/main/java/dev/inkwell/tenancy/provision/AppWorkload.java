package dev.inkwell.tenancy.provision;

import java.util.Map;
import java.util.Objects;

/**
 * Everything a runtime workload is made from.
 *
 * @param env the app's own variables (shown to its functions as {@code cloud.env})
 * @param secrets platform variables with secrets ({@code DB_URI}, {@code SERVER_SECRET}, {@code OSS_ACCESS_KEY},
 *     {@code OSS_ACCESS_SECRET}, {@code INKWELL_EDGE_SIGNING_KEY}): a Kubernetes Secret, never plain env in a manifest
 * @param settings non-secret platform variables ({@code APPID}, {@code OSS_EXTERNAL_ENDPOINT}, ...)
 */
public record AppWorkload(String appid, Map<String, String> env, Map<String, String> secrets,
    Map<String, String> settings, Resources resources) {

  public AppWorkload {
    Objects.requireNonNull(appid, "appid");
    env = Map.copyOf(env);
    secrets = Map.copyOf(secrets);
    settings = Map.copyOf(settings);
    resources = resources == null ? Resources.DEFAULT : resources;
  }

  @Override
  public String toString() {
    return "AppWorkload[appid=" + appid + ", env=" + env.keySet() + ", secrets=(hidden), resources=" + resources + "]";
  }

  /**
   * Requests and limits of one runtime pod, and how many pods.
   *
   * @param cpuMillis CPU request in millicores; the limit is twice that
   * @param memoryMiB memory request and limit
   * @param replicas pods when autoscaling is off
   * @param autoscaling null: fixed {@code replicas}
   */
  public record Resources(int cpuMillis, int memoryMiB, int replicas, Autoscaling autoscaling) {
    public static final Resources DEFAULT = new Resources(100, 256, 1, null);
  }

  /** An autoscaling/v2 HPA on CPU utilisation. */
  public record Autoscaling(int minReplicas, int maxReplicas, int targetCpuPercent) {
  }
}
