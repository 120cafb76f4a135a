package dev.inkwell.tenancy.k8s;

import dev.inkwell.tenancy.provision.AppWorkload;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.CapabilitiesBuilder;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The desired Kubernetes objects of one app's runtime: pure functions of an {@link AppWorkload}, the settings and the
 * little state that must survive an apply (the restart annotation, the autoscaler's replica count). No I/O here.
 *
 * <p>Output is deterministic (maps sorted, env in a fixed order), so applying the same spec twice writes the same
 * objects.
 */
final class RuntimeManifests {

  /** The runtime's HTTP port ({@code PORT}, the runtime's default too) and the Service's port. */
  static final int PORT = 8000;
  /** The runtime's health endpoint: answered once the server listens, which is after the app's functions loaded. */
  static final String HEALTH_PATH = "/_/healthz";

  static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  static final String APPID_LABEL = "inkwell.dev/appid";
  static final String RESTARTED_AT = "inkwell.dev/restartedAt";
  static final String CONTAINER = "runtime";

  private static final String PREFIX = "inkwell-app-";
  // A Service name is an RFC 1035 label (<= 63 characters, starts with a letter; the prefix sees to that).
  private static final Pattern APPID = Pattern.compile("[a-z0-9]([a-z0-9-]{0,49}[a-z0-9])?");
  // What a Secret key and an env name may both be; stricter than either, so the same key works in both places.
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final int UID = 1000;

  private RuntimeManifests() {
  }

  /** The name of every object of the app; rejects an appid that cannot make a valid name. */
  static String name(String appid) {
    if (appid == null || !APPID.matcher(appid).matches()) {
      throw new IllegalArgumentException("appid: " + appid
          + " (expected: lowercase letters, digits and '-', at most 51 characters, as in a DNS label)");
    }
    return PREFIX + appid;
  }

  static Map<String, String> labels(String appid) {
    return Map.of(MANAGED_BY, "inkwell", APPID_LABEL, appid);
  }

  static Secret secret(AppWorkload spec, String namespace) {
    Map<String, String> data = new TreeMap<>();
    spec.secrets().forEach((k, v) -> data.put(envName(k, "secrets"),
        Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    return new SecretBuilder()
        .withMetadata(meta(spec.appid(), namespace))
        .withType("Opaque")
        .withData(data)
        .build();
  }

  static Service service(String appid, String namespace) {
    return new ServiceBuilder()
        .withMetadata(meta(appid, namespace))
        .withNewSpec()
          .withType("ClusterIP")
          .withSelector(new TreeMap<>(labels(appid)))
          .addNewPort().withName("http").withProtocol("TCP").withPort(PORT)
            .withTargetPort(new IntOrString("http")).endPort()
        .endSpec()
        .build();
  }

  /**
   * @param replicas pods to ask for (the caller decides: the spec's count, or what the autoscaler last chose)
   * @param restartedAt the current restart annotation, kept so an apply does not roll the pods; null: none yet
   */
  static Deployment deployment(AppWorkload spec, KubernetesWorkloads.Settings settings, int replicas,
      String restartedAt) {
    String appid = spec.appid();
    String name = name(appid);
    AppWorkload.Resources res = spec.resources();
    Map<String, String> podAnnotations = restartedAt == null ? Map.of() : Map.of(RESTARTED_AT, restartedAt);
    return new DeploymentBuilder()
        .withMetadata(meta(appid, settings.namespace()))
        .withNewSpec()
          .withReplicas(replicas)
          .withNewSelector().withMatchLabels(new TreeMap<>(labels(appid))).endSelector()
          // A new pod must be ready before an old one goes: a restart or a new env never drops capacity.
          .withNewStrategy().withType("RollingUpdate")
            .withNewRollingUpdate().withMaxUnavailable(new IntOrString(0)).withMaxSurge(new IntOrString(1))
            .endRollingUpdate()
          .endStrategy()
          .withNewTemplate()
            .withNewMetadata().withLabels(new TreeMap<>(labels(appid))).withAnnotations(podAnnotations).endMetadata()
            .withNewSpec()
              // The runtime never talks to the Kubernetes API: no token in its pods.
              .withAutomountServiceAccountToken(false)
              .withEnableServiceLinks(false)
              .withNewSecurityContext()
                .withRunAsNonRoot(true).withRunAsUser((long) UID).withRunAsGroup((long) UID).withFsGroup((long) UID)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
              .endSecurityContext()
              .addToContainers(new ContainerBuilder()
                  .withName(CONTAINER)
                  .withImage(settings.image())
                  .addNewPort().withName("http").withContainerPort(PORT).withProtocol("TCP").endPort()
                  .withEnv(env(spec, name))
                  .withResources(new ResourceRequirementsBuilder()
                      .withRequests(Map.of("cpu", millis(res.cpuMillis()), "memory", mebibytes(res.memoryMiB())))
                      .withLimits(Map.of("cpu", millis(2 * res.cpuMillis()), "memory", mebibytes(res.memoryMiB())))
                      .build())
                  .withReadinessProbe(probe(5, 5, 3))
                  // Generous: creating the JS engine and loading the functions takes seconds on a busy node.
                  .withLivenessProbe(probe(30, 10, 3))
                  .withNewSecurityContext()
                    .withRunAsNonRoot(true).withRunAsUser((long) UID)
                    .withAllowPrivilegeEscalation(false)
                    .withReadOnlyRootFilesystem(true)
                    .withCapabilities(dropAll())
                    .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                  .endSecurityContext()
                  // The root file system is read-only; the JVM (perf data) and Truffle want a writable /tmp.
                  .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
                  .build())
              .addNewVolume().withName("tmp").withNewEmptyDir().withSizeLimit(new Quantity("64Mi")).endEmptyDir()
              .endVolume()
            .endSpec()
          .endTemplate()
        .endSpec()
        .build();
  }

  static HorizontalPodAutoscaler autoscaler(String appid, String namespace, AppWorkload.Autoscaling as) {
    return new HorizontalPodAutoscalerBuilder()
        .withMetadata(meta(appid, namespace))
        .withNewSpec()
          .withNewScaleTargetRef().withApiVersion("apps/v1").withKind("Deployment").withName(name(appid))
          .endScaleTargetRef()
          .withMinReplicas(as.minReplicas())
          .withMaxReplicas(as.maxReplicas())
          .addNewMetric().withType("Resource")
            .withNewResource().withName("cpu")
              .withNewTarget().withType("Utilization").withAverageUtilization(as.targetCpuPercent()).endTarget()
            .endResource()
          .endMetric()
        .endSpec()
        .build();
  }

  /**
   * The container's environment: the app's own variables, then the platform's settings, then {@code PORT}, then the
   * secrets as references into the app's Secret. A later group wins over an earlier one with the same name, so an app
   * cannot shadow {@code APPID} or {@code DB_URI} with a variable of its own. A secret's value never appears here.
   */
  static List<EnvVar> env(AppWorkload spec, String secretName) {
    Map<String, EnvVar> out = new LinkedHashMap<>();
    new TreeMap<>(spec.env()).forEach((k, v) -> out.put(envName(k, "env"), plain(k, v)));
    new TreeMap<>(spec.settings()).forEach((k, v) -> {
      out.remove(envName(k, "settings"));
      out.put(k, plain(k, v));
    });
    out.remove("PORT");
    out.put("PORT", plain("PORT", Integer.toString(PORT)));
    // The heap follows the container's memory limit (the launcher's -Xmx512m is for a developer's machine); the rest
    // is for GraalJS's compiled code, metaspace and thread stacks.
    out.remove("JAVA_TOOL_OPTIONS");
    out.put("JAVA_TOOL_OPTIONS", plain("JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=70"));
    new TreeMap<>(spec.secrets()).keySet().forEach(k -> {
      out.remove(envName(k, "secrets"));
      out.put(k, new EnvVarBuilder().withName(k)
          .withNewValueFrom().withNewSecretKeyRef().withName(secretName).withKey(k).withOptional(false)
          .endSecretKeyRef().endValueFrom().build());
    });
    return new ArrayList<>(out.values());
  }

  private static EnvVar plain(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }

  private static String envName(String name, String where) {
    if (!ENV_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(where + ": " + name + " (expected: a variable name, [A-Za-z_][A-Za-z0-9_]*)");
    }
    return name;
  }

  private static Probe probe(int initialDelay, int period, int failures) {
    return new ProbeBuilder()
        .withNewHttpGet().withPath(HEALTH_PATH).withPort(new IntOrString("http")).endHttpGet()
        .withInitialDelaySeconds(initialDelay)
        .withPeriodSeconds(period)
        .withTimeoutSeconds(2)
        .withFailureThreshold(failures)
        .build();
  }

  private static Capabilities dropAll() {
    return new CapabilitiesBuilder().withDrop("ALL").build();
  }

  private static ObjectMeta meta(String appid, String namespace) {
    return new ObjectMetaBuilder().withName(name(appid)).withNamespace(namespace)
        .withLabels(new TreeMap<>(labels(appid))).build();
  }

  private static Quantity millis(int m) {
    return new Quantity(m + "m");
  }

  private static Quantity mebibytes(int mib) {
    return new Quantity(mib + "Mi");
  }
}
