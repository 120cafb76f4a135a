package dev.inkwell.tenancy.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.inkwell.tenancy.provision.AppWorkload;
import dev.inkwell.tenancy.provision.ProvisioningException;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * KubernetesWorkloads against fabric8's KubernetesMockServer in CRUD mode: a stand-in, since there is no real cluster on
 * these machines. It stores and serves objects like an API server (create, get, update, merge patch, delete) but runs
 * no controllers, defaults no fields and does no admission: what these tests show is the objects written and the
 * calls made, not that pods start.
 */
class KubernetesWorkloadsIT {

  private static final String NS = "inkwell-apps";
  private static final String IMAGE = "registry.example.com/inkwell/runtime:0.1.0";
  private static final String NAME = "inkwell-app-a1b2c3";
  private static final Map<String, String> SECRETS = Map.of(
      "DB_URI", "mongodb://a1b2c3:s3cr3t-db-pw@mongo:27017/a1b2c3",
      "SERVER_SECRET", "s3cr3t-server",
      "OSS_ACCESS_KEY", "a1b2c3-access",
      "OSS_ACCESS_SECRET", "s3cr3t-oss");

  private KubernetesMockServer server;
  private KubernetesClient client;
  private MutableClock clock;
  private KubernetesWorkloads workloads;

  @BeforeEach
  void start() {
    server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        new KubernetesCrudDispatcher(), false);
    server.init();
    client = server.createClient();
    clock = new MutableClock(Instant.parse("2026-11-02T10:00:00Z"));
    workloads = KubernetesWorkloads.create(client, new KubernetesWorkloads.Settings(NS, IMAGE), clock);
  }

  @AfterEach
  void stop() {
    client.close();
    server.destroy();
  }

  private static AppWorkload spec(AppWorkload.Autoscaling autoscaling) {
    return new AppWorkload("a1b2c3",
        Map.of("GREETING", "hello", "APPID", "spoofed"),
        SECRETS,
        Map.of("APPID", "a1b2c3", "OSS_EXTERNAL_ENDPOINT", "https://oss.example.com"),
        new AppWorkload.Resources(250, 512, 2, autoscaling));
  }

  private Deployment deployment() {
    return client.apps().deployments().inNamespace(NS).withName(NAME).get();
  }

  private HorizontalPodAutoscaler autoscaler() {
    return client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(NS).withName(NAME).get();
  }

  private Secret secret() {
    return client.secrets().inNamespace(NS).withName(NAME).get();
  }

  private Service service() {
    return client.services().inNamespace(NS).withName(NAME).get();
  }

  private static Container container(Deployment d) {
    return d.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  @Test
  void applyCreatesSecretDeploymentServiceAndAutoscaler() throws Exception {
    workloads.apply(spec(new AppWorkload.Autoscaling(2, 6, 70)));

    Map<String, String> labels = Map.of("app.kubernetes.io/managed-by", "inkwell", "inkwell.dev/appid", "a1b2c3");

    Secret secret = secret();
    assertEquals(labels, secret.getMetadata().getLabels());
    assertEquals(SECRETS.keySet(), secret.getData().keySet());
    assertEquals("s3cr3t-server", new String(Base64.getDecoder().decode(secret.getData().get("SERVER_SECRET")),
        StandardCharsets.UTF_8));

    Deployment d = deployment();
    assertEquals(labels, d.getMetadata().getLabels());
    assertEquals(labels, d.getSpec().getSelector().getMatchLabels());
    assertEquals(labels, d.getSpec().getTemplate().getMetadata().getLabels());
    assertEquals(2, d.getSpec().getReplicas(), "starts at the autoscaler's minimum");
    assertEquals("RollingUpdate", d.getSpec().getStrategy().getType());
    assertEquals(0, d.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal());

    Container c = container(d);
    assertEquals(IMAGE, c.getImage());
    assertEquals(8000, c.getPorts().get(0).getContainerPort());
    assertEquals("/_/healthz", c.getReadinessProbe().getHttpGet().getPath());
    assertEquals("http", c.getReadinessProbe().getHttpGet().getPort().getStrVal());
    assertEquals("/_/healthz", c.getLivenessProbe().getHttpGet().getPath());

    assertEquals("250m", c.getResources().getRequests().get("cpu").toString());
    assertEquals("500m", c.getResources().getLimits().get("cpu").toString(), "CPU limit is twice the request");
    assertEquals("512Mi", c.getResources().getRequests().get("memory").toString());
    assertEquals("512Mi", c.getResources().getLimits().get("memory").toString(), "memory request = limit");

    PodSpec pod = d.getSpec().getTemplate().getSpec();
    assertFalse(pod.getAutomountServiceAccountToken());
    assertTrue(pod.getSecurityContext().getRunAsNonRoot());
    assertEquals(1000L, pod.getSecurityContext().getRunAsUser());
    assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType());
    var sc = c.getSecurityContext();
    assertTrue(sc.getRunAsNonRoot());
    assertEquals(1000L, sc.getRunAsUser());
    assertTrue(sc.getReadOnlyRootFilesystem());
    assertFalse(sc.getAllowPrivilegeEscalation());
    assertEquals(List.of("ALL"), sc.getCapabilities().getDrop());
    assertEquals("RuntimeDefault", sc.getSeccompProfile().getType());
    assertEquals("/tmp", c.getVolumeMounts().get(0).getMountPath(), "a writable /tmp beside the read-only root");

    Map<String, EnvVar> env = c.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
    assertEquals("hello", env.get("GREETING").getValue());
    assertEquals("a1b2c3", env.get("APPID").getValue(), "a platform setting wins over the app's own variable");
    assertEquals("https://oss.example.com", env.get("OSS_EXTERNAL_ENDPOINT").getValue());
    assertEquals("8000", env.get("PORT").getValue());
    for (String key : SECRETS.keySet()) {
      EnvVar e = env.get(key);
      assertNull(e.getValue(), key);
      assertEquals(NAME, e.getValueFrom().getSecretKeyRef().getName());
      assertEquals(key, e.getValueFrom().getSecretKeyRef().getKey());
    }

    Service s = service();
    assertEquals(labels, s.getMetadata().getLabels());
    assertEquals("ClusterIP", s.getSpec().getType());
    assertEquals(labels, s.getSpec().getSelector());
    assertEquals(8000, s.getSpec().getPorts().get(0).getPort());
    assertEquals("http", s.getSpec().getPorts().get(0).getTargetPort().getStrVal());

    HorizontalPodAutoscaler hpa = autoscaler();
    assertEquals(labels, hpa.getMetadata().getLabels());
    assertEquals("Deployment", hpa.getSpec().getScaleTargetRef().getKind());
    assertEquals(NAME, hpa.getSpec().getScaleTargetRef().getName());
    assertEquals(2, hpa.getSpec().getMinReplicas());
    assertEquals(6, hpa.getSpec().getMaxReplicas());
    assertEquals("cpu", hpa.getSpec().getMetrics().get(0).getResource().getName());
    assertEquals(70, hpa.getSpec().getMetrics().get(0).getResource().getTarget().getAverageUtilization());
  }

  @Test
  void secretValuesNeverAppearInTheDeployment() throws Exception {
    workloads.apply(spec(null));

    String json = Serialization.asJson(deployment());
    for (String value : SECRETS.values()) {
      assertFalse(json.contains(value), "a secret value in the Deployment");
      assertFalse(json.contains(Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
    }
    for (EnvVar e : container(deployment()).getEnv()) {
      if (SECRETS.containsKey(e.getName())) {
        assertNull(e.getValue(), e.getName());
        assertNotNull(e.getValueFrom().getSecretKeyRef(), e.getName());
      }
    }
  }

  @Test
  void applyingTheSameSpecTwiceChangesNothing() throws Exception {
    AppWorkload spec = spec(new AppWorkload.Autoscaling(2, 6, 70));
    workloads.apply(spec);
    Deployment d1 = deployment();
    Secret s1 = secret();
    Service svc1 = service();
    HorizontalPodAutoscaler h1 = autoscaler();

    workloads.apply(spec);

    assertEquals(d1.getSpec(), deployment().getSpec());
    assertEquals(d1.getMetadata().getLabels(), deployment().getMetadata().getLabels());
    assertEquals(s1.getData(), secret().getData());
    assertEquals(s1.getMetadata().getResourceVersion(), secret().getMetadata().getResourceVersion(),
        "an unchanged Secret is not written again");
    assertEquals(svc1.getSpec(), service().getSpec());
    assertEquals(h1.getSpec(), autoscaler().getSpec());
  }

  @Test
  void applyWithoutAutoscalingRemovesTheAutoscalerAndFixesTheReplicas() throws Exception {
    workloads.apply(spec(new AppWorkload.Autoscaling(2, 6, 70)));
    assertNotNull(autoscaler());

    workloads.apply(spec(null));

    assertNull(autoscaler());
    assertEquals(2, deployment().getSpec().getReplicas());
  }

  @Test
  void applyKeepsTheReplicaCountTheAutoscalerChose() throws Exception {
    AppWorkload spec = spec(new AppWorkload.Autoscaling(2, 6, 70));
    workloads.apply(spec);
    // What the HPA controller would do on a real cluster.
    client.apps().deployments().inNamespace(NS).withName(NAME).scale(5);

    workloads.apply(spec);

    assertEquals(5, deployment().getSpec().getReplicas());
  }

  @Test
  void restartChangesTheTemplateAnnotationAndApplyKeepsIt() throws Exception {
    AppWorkload spec = spec(null);
    workloads.apply(spec);
    assertNull(deployment().getSpec().getTemplate().getMetadata().getAnnotations()
        .get("inkwell.dev/restartedAt"));

    workloads.restart("a1b2c3");
    assertEquals("2026-11-02T10:00:00Z",
        deployment().getSpec().getTemplate().getMetadata().getAnnotations().get("inkwell.dev/restartedAt"));
    assertEquals(IMAGE, container(deployment()).getImage(), "the merge patch leaves the rest of the template");

    clock.now = Instant.parse("2026-11-02T10:00:00.250Z");
    workloads.restart("a1b2c3");
    String second = deployment().getSpec().getTemplate().getMetadata().getAnnotations().get("inkwell.dev/restartedAt");
    assertEquals("2026-11-02T10:00:00.250Z", second, "a restart within the same second still rolls");

    workloads.apply(spec);
    assertEquals(second, deployment().getSpec().getTemplate().getMetadata().getAnnotations()
        .get("inkwell.dev/restartedAt"), "an apply must not roll the pods by dropping the annotation");
  }

  @Test
  void restartOfAnAppWithoutDeploymentFails() {
    ProvisioningException e = assertThrows(ProvisioningException.class, () -> workloads.restart("nope"));
    assertEquals("workload", e.step());
  }

  @Test
  void stopScalesToZeroAndRemovesTheAutoscalerThenApplyBringsItBack() throws Exception {
    AppWorkload spec = spec(new AppWorkload.Autoscaling(3, 6, 70));
    workloads.apply(spec);

    workloads.stop("a1b2c3");
    assertEquals(0, deployment().getSpec().getReplicas());
    assertNull(autoscaler());
    assertNotNull(secret());
    assertNotNull(service());

    workloads.apply(spec);
    assertEquals(3, deployment().getSpec().getReplicas());
    assertNotNull(autoscaler());
  }

  @Test
  void stopOfAnAbsentAppIsQuiet() throws Exception {
    workloads.stop("a1b2c3");
    assertNull(deployment());
  }

  @Test
  void deleteRemovesEverythingAndIsIdempotent() throws Exception {
    workloads.apply(spec(new AppWorkload.Autoscaling(2, 6, 70)));

    workloads.delete("a1b2c3");
    assertNull(secret());
    assertNull(deployment());
    assertNull(service());
    assertNull(autoscaler());

    workloads.delete("a1b2c3");
    workloads.delete("neverexisted");
  }

  @Test
  void leavesOtherAppsAlone() throws Exception {
    workloads.apply(spec(null));
    AppWorkload other = new AppWorkload("other", Map.of(), Map.of("SERVER_SECRET", "x"), Map.of("APPID", "other"),
        null);
    workloads.apply(other);

    workloads.delete("a1b2c3");

    assertNotNull(client.apps().deployments().inNamespace(NS).withName("inkwell-app-other").get());
    assertEquals(1, client.apps().deployments().inNamespace(NS).withName("inkwell-app-other").get()
        .getSpec().getReplicas(), "default resources: one pod");
  }

  @Test
  void aBadVariableNameIsRejectedBeforeAnythingIsWritten() {
    assertThrows(IllegalArgumentException.class, () -> workloads.apply(
        new AppWorkload("a1b2c3", Map.of("NOT-A-NAME", "x"), SECRETS, Map.of(), null)));
    assertNull(secret());
    assertNull(service());
  }

  @Test
  void upstreamIsTheServiceInTheNamespace() {
    assertEquals("inkwell-app-a1b2c3.inkwell-apps.svc:8000", workloads.upstream("a1b2c3"));
  }

  @Test
  void rejectsAnAppidThatCannotNameAnObject() {
    assertThrows(IllegalArgumentException.class, () -> workloads.upstream("Bad_Id"));
    assertThrows(IllegalArgumentException.class, () -> workloads.apply(
        new AppWorkload("x".repeat(52), Map.of(), Map.of(), Map.of(), null)));
  }

  @Test
  void clientErrorsBecomeShortProvisioningExceptionsWithoutSecrets() {
    // Expectations mode (not CRUD): every write is refused as a real API server refuses a missing permission.
    KubernetesMockServer refusing = new KubernetesMockServer(false);
    refusing.init();
    refusing.expect().post().withPath("/api/v1/namespaces/" + NS + "/secrets")
        .andReturn(403, "{\"kind\":\"Status\",\"code\":403,\"reason\":\"Forbidden\"}").always();
    try (KubernetesClient c = refusing.createClient()) {
      KubernetesWorkloads w = KubernetesWorkloads.create(c, new KubernetesWorkloads.Settings(NS, IMAGE), clock);

      ProvisioningException e = assertThrows(ProvisioningException.class, () -> w.apply(spec(null)));

      assertEquals("workload", e.step());
      assertEquals("workload: create secret inkwell-app-a1b2c3 failed (HTTP 403)", e.getMessage());
    } finally {
      refusing.destroy();
    }
  }

  @Test
  void changedSecretsAreWrittenAndChangedEnvRollsTheTemplate() throws Exception {
    workloads.apply(spec(null));
    var template = deployment().getSpec().getTemplate();

    workloads.apply(new AppWorkload("a1b2c3", Map.of("GREETING", "bonjour"), Map.of("SERVER_SECRET", "rotated"),
        Map.of("APPID", "a1b2c3"), null));

    assertEquals(Map.of("SERVER_SECRET", Base64.getEncoder().encodeToString("rotated".getBytes(StandardCharsets.UTF_8))),
        secret().getData(), "removed secrets are gone from the Secret");
    assertNotEquals(template, deployment().getSpec().getTemplate());
    assertEquals(1, deployment().getSpec().getReplicas(), "default resources");
  }

  @Test
  void everyCallIsAllowedByTheRoleInDeployK8s() throws Exception {
    // The whole life of an app, so every kind of call KubernetesWorkloads makes is seen at least once.
    workloads.apply(spec(new AppWorkload.Autoscaling(2, 6, 70)));
    workloads.apply(spec(new AppWorkload.Autoscaling(2, 6, 70)));
    workloads.apply(spec(null));
    workloads.apply(new AppWorkload("a1b2c3", Map.of(), Map.of("SERVER_SECRET", "rotated"), Map.of(), null));
    workloads.restart("a1b2c3");
    workloads.stop("a1b2c3");
    workloads.delete("a1b2c3");

    Set<String> made = new TreeSet<>();
    int n = server.getRequestCount();
    for (int i = 0; i < n; i++) {
      RecordedRequest r = server.takeRequest(1, TimeUnit.SECONDS);
      made.add(permission(r.getMethod(), r.getPath()));
    }

    Set<String> granted = new TreeSet<>();
    try (InputStream in = Files.newInputStream(Path.of("..", "deploy", "k8s", "rbac.yaml"))) {
      for (HasMetadata o : client.load(in).items()) {
        if (o instanceof Role role) {
          assertEquals(NS, role.getMetadata().getNamespace());
          for (PolicyRule rule : role.getRules()) {
            for (String group : rule.getApiGroups()) {
              for (String resource : rule.getResources()) {
                rule.getVerbs().forEach(verb -> granted.add(verb + " " + group + "/" + resource));
              }
            }
          }
        }
      }
    }
    assertTrue(granted.containsAll(made), "calls not allowed by rbac.yaml: " + diff(made, granted));
    assertEquals(granted, made, "rbac.yaml grants more than is used: " + diff(granted, made));
  }

  /** "verb group/resource" of one namespaced API call, e.g. {@code patch apps/deployments}. */
  private static String permission(String method, String path) {
    String p = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    String[] parts = p.substring(1).split("/");
    // /api/v1/namespaces/<ns>/<resource>[/<name>] or /apis/<group>/<version>/namespaces/<ns>/<resource>[/<name>]
    int at = parts[0].equals("api") ? 2 : 3;
    String group = parts[0].equals("api") ? "" : parts[1];
    assertEquals("namespaces", parts[at], path);
    assertEquals(NS, parts[at + 1], "every call stays in the apps' namespace");
    String resource = parts[at + 2];
    boolean named = parts.length > at + 3;
    String verb = switch (method) {
      case "GET" -> named ? "get" : "list";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> named ? "delete" : "deletecollection";
      default -> throw new AssertionError("unexpected method " + method);
    };
    return verb + " " + group + "/" + resource;
  }

  private static Set<String> diff(Set<String> a, Set<String> b) {
    Set<String> d = new TreeSet<>(a);
    d.removeAll(b);
    return d;
  }

  /** A clock the test moves. */
  private static final class MutableClock extends Clock {
    volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
