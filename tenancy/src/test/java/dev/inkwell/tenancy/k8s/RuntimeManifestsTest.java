package dev.inkwell.tenancy.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.inkwell.tenancy.provision.AppWorkload;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RuntimeManifestsTest {

  private static final KubernetesWorkloads.Settings SETTINGS =
      new KubernetesWorkloads.Settings("inkwell-apps", "inkwell/runtime:1");

  @Test
  void platformVariablesWinOverTheAppsOwnAndSecretsAreOnlyReferenced() {
    AppWorkload spec = new AppWorkload("a1", Map.of("APPID", "mine", "PORT", "9", "DB_URI", "plain", "B", "2", "A", "1"),
        Map.of("DB_URI", "mongodb://u:pw@h/a1"), Map.of("APPID", "a1"), null);

    List<EnvVar> env = RuntimeManifests.env(spec, "inkwell-app-a1");

    assertEquals(List.of("A", "B", "APPID", "PORT", "JAVA_TOOL_OPTIONS", "DB_URI"),
        env.stream().map(EnvVar::getName).toList());
    assertEquals("a1", env.get(2).getValue());
    assertEquals("8000", env.get(3).getValue());
    assertEquals("-XX:MaxRAMPercentage=70", env.get(4).getValue());
    assertNull(env.get(5).getValue());
    assertEquals("DB_URI", env.get(5).getValueFrom().getSecretKeyRef().getKey());
  }

  @Test
  void theSameSpecGivesTheSameObjects() {
    AppWorkload spec = new AppWorkload("a1", Map.of("X", "1", "Y", "2", "Z", "3"), Map.of("S1", "a", "S2", "b"),
        Map.of("APPID", "a1"), new AppWorkload.Resources(100, 128, 1, new AppWorkload.Autoscaling(1, 3, 80)));

    assertEquals(RuntimeManifests.deployment(spec, SETTINGS, 1, null),
        RuntimeManifests.deployment(spec, SETTINGS, 1, null));
    assertEquals(RuntimeManifests.secret(spec, "ns"), RuntimeManifests.secret(spec, "ns"));
  }

  @Test
  void keepsTheRestartAnnotationItIsGiven() {
    AppWorkload spec = new AppWorkload("a1", Map.of(), Map.of(), Map.of(), null);

    var d = RuntimeManifests.deployment(spec, SETTINGS, 1, "2026-11-02T10:00:00Z");

    assertEquals(Map.of("inkwell.dev/restartedAt", "2026-11-02T10:00:00Z"),
        d.getSpec().getTemplate().getMetadata().getAnnotations());
  }

  @Test
  void rejectsNamesThatCannotBeObjectNamesOrVariables() {
    assertThrows(IllegalArgumentException.class, () -> RuntimeManifests.name("-a"));
    assertThrows(IllegalArgumentException.class, () -> RuntimeManifests.name("A1"));
    assertEquals(63, RuntimeManifests.name("a".repeat(51)).length());
    assertThrows(IllegalArgumentException.class, () -> RuntimeManifests.name("a".repeat(52)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RuntimeManifests.secret(
        new AppWorkload("a1", Map.of(), Map.of("bad key", "v"), Map.of(), null), "ns"));
    assertTrue(e.getMessage().startsWith("secrets: bad key (expected:"), e.getMessage());
    assertTrue(!e.getMessage().contains("v)"), "the value is not in the message");
  }

  @Test
  void settingsFailFastNamingTheSetting() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new KubernetesWorkloads.Settings("Apps_NS", "img"));
    assertTrue(e.getMessage().startsWith("namespace: Apps_NS (expected:"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new KubernetesWorkloads.Settings("ns", " "));
  }
}
