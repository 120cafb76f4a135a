package dev.inkwell.tenancy.k8s;

import dev.inkwell.tenancy.provision.AppWorkload;
import dev.inkwell.tenancy.provision.ProvisioningException;
import dev.inkwell.tenancy.provision.WorkloadProvisioner;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentList;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Runs each app's runtime on Kubernetes, in one namespace: a Secret, a Deployment, a ClusterIP Service and, when the
 * spec asks for autoscaling, an autoscaling/v2 HorizontalPodAutoscaler, all named {@code inkwell-app-<appid>}. The
 * objects themselves come from {@link RuntimeManifests}; this class only reads and writes them.
 *
 * <p>Writes are plain create / update (PUT) / JSON merge patch / delete, never server-side apply. An update carries
 * the resourceVersion it read, so a concurrent change makes the call fail (and the caller retry) instead of being
 * overwritten. Two things are carried over from the live Deployment, or every apply would undo them: the restart
 * annotation (dropping it would roll the pods) and, under an autoscaler, the replica count it chose.
 *
 * <p>An invalid spec or appid is an {@link IllegalArgumentException} (retrying will not help); a failed API call is a
 * {@link ProvisioningException} with step {@code workload} whose message names the call and the HTTP status only.
 */
public final class KubernetesWorkloads implements WorkloadProvisioner {

  private final KubernetesClient client;
  private final Settings settings;
  private final Clock clock;

  private KubernetesWorkloads(KubernetesClient client, Settings settings, Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * @param client a client allowed to manage Secrets, Deployments, Services and HPAs in {@code settings.namespace()}
   * @param clock the time written into the restart annotation
   */
  public static KubernetesWorkloads create(KubernetesClient client, Settings settings, Clock clock) {
    return new KubernetesWorkloads(client, settings, clock);
  }

  /**
   * @param namespace where every app's objects live
   * @param image the runtime image (its entry point runs {@code dev.inkwell.runtime.Main})
   */
  public record Settings(String namespace, String image) {
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    public Settings {
      if (namespace == null || !NAMESPACE.matcher(namespace).matches()) {
        throw new IllegalArgumentException("namespace: " + namespace + " (expected: a DNS label such as inkwell-apps)");
      }
      if (image == null || image.isBlank() || image.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException("image: " + image + " (expected: an image reference such as "
            + "registry.example.com/inkwell/runtime:0.1.0)");
      }
    }
  }

  @Override
  public void apply(AppWorkload spec) throws ProvisioningException {
    validate(spec);
    String appid = spec.appid();
    String name = RuntimeManifests.name(appid);
    String ns = settings.namespace();
    AppWorkload.Autoscaling autoscaling = spec.resources().autoscaling();

    // The Secret first: the pods' env refers to it, and a pod started before it exists would not start.
    Secret secret = RuntimeManifests.secret(spec, ns);
    Secret liveSecret = call("read secret", name, () -> client.secrets().inNamespace(ns).withName(name).get());
    if (liveSecret == null) {
      call("create secret", name, () -> client.secrets().inNamespace(ns).resource(secret).create());
    } else if (!orEmpty(liveSecret.getData()).equals(orEmpty(secret.getData()))
        || !Objects.equals(liveSecret.getMetadata().getLabels(), secret.getMetadata().getLabels())) {
      secret.getMetadata().setResourceVersion(liveSecret.getMetadata().getResourceVersion());
      call("update secret", name, () -> client.secrets().inNamespace(ns).resource(secret).update());
    }

    Service service = RuntimeManifests.service(appid, ns);
    Service liveService = call("read service", name, () -> client.services().inNamespace(ns).withName(name).get());
    if (liveService == null) {
      call("create service", name, () -> client.services().inNamespace(ns).resource(service).create());
    } else {
      // The cluster IP is assigned by the server and immutable: keep it.
      service.getSpec().setClusterIP(liveService.getSpec().getClusterIP());
      service.getSpec().setClusterIPs(liveService.getSpec().getClusterIPs());
      service.getMetadata().setResourceVersion(liveService.getMetadata().getResourceVersion());
      call("update service", name, () -> client.services().inNamespace(ns).resource(service).update());
    }

    if (autoscaling == null) {
      // Before the Deployment gets its fixed count, so the autoscaler cannot change it back in between.
      deleteAutoscaler(name);
    }

    Deployment live = call("read deployment", name, () -> deployments().withName(name).get());
    Deployment deployment = RuntimeManifests.deployment(spec, settings, replicas(spec, live), restartedAt(live));
    if (live == null) {
      call("create deployment", name, () -> deployments().resource(deployment).create());
    } else {
      deployment.getMetadata().setResourceVersion(live.getMetadata().getResourceVersion());
      call("update deployment", name, () -> deployments().resource(deployment).update());
    }

    if (autoscaling != null) {
      HorizontalPodAutoscaler hpa = RuntimeManifests.autoscaler(appid, ns, autoscaling);
      HorizontalPodAutoscaler liveHpa = call("read autoscaler", name, () -> autoscalers().withName(name).get());
      if (liveHpa == null) {
        call("create autoscaler", name, () -> autoscalers().resource(hpa).create());
      } else {
        hpa.getMetadata().setResourceVersion(liveHpa.getMetadata().getResourceVersion());
        call("update autoscaler", name, () -> autoscalers().resource(hpa).update());
      }
    }
  }

  @Override
  public void restart(String appid) throws ProvisioningException {
    String name = RuntimeManifests.name(appid);
    // Milliseconds: a second restart right after a secret change must still differ from the first, or no rollout.
    String now = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS).toString();
    String patch = "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"" + RuntimeManifests.RESTARTED_AT
        + "\":\"" + now + "\"}}}}}";
    if (!patchDeployment("restart deployment", name, patch)) {
      throw new ProvisioningException("workload", "restart " + name + ": no such deployment (apply first)");
    }
  }

  @Override
  public void stop(String appid) throws ProvisioningException {
    String name = RuntimeManifests.name(appid);
    // The autoscaler first: it would scale a stopped Deployment back up.
    deleteAutoscaler(name);
    // Nothing to stop when there is no Deployment: the app is not serving, which is what stop asks for.
    patchDeployment("stop deployment", name, "{\"spec\":{\"replicas\":0}}");
  }

  @Override
  public void delete(String appid) throws ProvisioningException {
    String name = RuntimeManifests.name(appid);
    String ns = settings.namespace();
    // Deleting an absent object is not an error (the client answers an empty list), so a repeated delete is quiet.
    deleteAutoscaler(name);
    call("delete deployment", name, () -> deployments().withName(name).delete());
    call("delete service", name, () -> client.services().inNamespace(ns).withName(name).delete());
    call("delete secret", name, () -> client.secrets().inNamespace(ns).withName(name).delete());
  }

  @Override
  public String upstream(String appid) {
    return RuntimeManifests.name(appid) + "." + settings.namespace() + ".svc:" + RuntimeManifests.PORT;
  }

  /**
   * Fixed replicas without an autoscaler. Under one, the count it chose, so an apply does not reset its work; a new or
   * stopped (zero) Deployment starts at the autoscaler's minimum (an HPA never scales up from zero).
   */
  private static int replicas(AppWorkload spec, Deployment live) {
    AppWorkload.Autoscaling as = spec.resources().autoscaling();
    if (as == null) {
      return spec.resources().replicas();
    }
    Integer current = live == null || live.getSpec() == null ? null : live.getSpec().getReplicas();
    if (current == null || current == 0) {
      return as.minReplicas();
    }
    return Math.clamp(current, as.minReplicas(), as.maxReplicas());
  }

  private static String restartedAt(Deployment live) {
    if (live == null || live.getSpec() == null || live.getSpec().getTemplate() == null
        || live.getSpec().getTemplate().getMetadata() == null) {
      return null;
    }
    Map<String, String> annotations = live.getSpec().getTemplate().getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(RuntimeManifests.RESTARTED_AT);
  }

  private static Map<String, String> orEmpty(Map<String, String> m) {
    return m == null ? Map.of() : m;
  }

  /** Everything that can be wrong with a spec, checked before the first write so a bad one leaves nothing behind. */
  private static void validate(AppWorkload spec) {
    RuntimeManifests.env(spec, RuntimeManifests.name(spec.appid())); // variable and secret names
    AppWorkload.Resources r = spec.resources();
    if (r.cpuMillis() < 1) {
      throw new IllegalArgumentException("resources.cpuMillis: " + r.cpuMillis() + " (expected: at least 1)");
    }
    if (r.memoryMiB() < 1) {
      throw new IllegalArgumentException("resources.memoryMiB: " + r.memoryMiB() + " (expected: at least 1)");
    }
    if (r.replicas() < 0) {
      throw new IllegalArgumentException("resources.replicas: " + r.replicas() + " (expected: 0 or more)");
    }
    AppWorkload.Autoscaling as = r.autoscaling();
    if (as != null) {
      if (as.minReplicas() < 1 || as.maxReplicas() < as.minReplicas()) {
        throw new IllegalArgumentException("resources.autoscaling: min " + as.minReplicas() + ", max "
            + as.maxReplicas() + " (expected: 1 <= min <= max)");
      }
      if (as.targetCpuPercent() < 1) {
        throw new IllegalArgumentException("resources.autoscaling.targetCpuPercent: " + as.targetCpuPercent()
            + " (expected: a positive percentage of the CPU request)");
      }
    }
  }

  /** A JSON merge patch (accepted by every API server, unlike server-side apply); false when there is no Deployment. */
  private boolean patchDeployment(String what, String name, String mergePatch) throws ProvisioningException {
    try {
      deployments().withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), mergePatch);
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return false;
      }
      throw failed(what, name, e);
    }
  }

  private void deleteAutoscaler(String name) throws ProvisioningException {
    call("delete autoscaler", name, () -> autoscalers().withName(name).delete());
  }

  private NonNamespaceOperation<Deployment, DeploymentList, RollableScalableResource<Deployment>> deployments() {
    return client.apps().deployments().inNamespace(settings.namespace());
  }

  private NonNamespaceOperation<HorizontalPodAutoscaler, HorizontalPodAutoscalerList,
      Resource<HorizontalPodAutoscaler>> autoscalers() {
    return client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(settings.namespace());
  }

  private interface Call<T> {
    T run();
  }

  /**
   * Runs one API call; a client error becomes a ProvisioningException naming the call, the object and the HTTP status.
   * The client's own message is left to the cause: it can quote the server's reply at length.
   */
  private static <T> T call(String what, String name, Call<T> call) throws ProvisioningException {
    try {
      return call.run();
    } catch (KubernetesClientException e) {
      throw failed(what, name, e);
    }
  }

  private static ProvisioningException failed(String what, String name, KubernetesClientException e) {
    String status = e.getCode() > 0 ? "HTTP " + e.getCode() : "no answer from the API server";
    return new ProvisioningException("workload", what + " " + name + " failed (" + status + ")", e);
  }
}
