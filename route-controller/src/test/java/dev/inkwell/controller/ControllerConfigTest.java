package dev.inkwell.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ControllerConfigTest {

  @Test
  void readsFlagsThenEnvironmentThenDefaults() {
    ControllerConfig c = ControllerConfig.parse(new String[] {"--domain", "apps.example.com", "--resync-seconds=30"},
        Map.of("INKWELL_ETCD_ENDPOINTS", "http://10.0.0.1:2379,http://10.0.0.2:2379", "INKWELL_DOMAIN", "ignored.com"));
    assertEquals("apps.example.com", c.domain());
    assertEquals(Duration.ofSeconds(30), c.resync());
    assertEquals(List.of("http://10.0.0.1:2379", "http://10.0.0.2:2379"), c.etcdEndpoints());
    assertEquals("/apisix", c.etcdPrefix());
    assertEquals(null, c.defaultLimits());
  }

  @Test
  void failsFastNamingTheFlagAndWhatWasExpected() {
    assertMessage("--resync-seconds: 0 (expected: at least 1)", "--resync-seconds", "0");
    assertMessage("--etcd-prefix: /apisix/ (expected: a key prefix such as /apisix, without a trailing /)",
        "--etcd-prefix", "/apisix/");
    assertMessage("--runtime-upstream-template: svc:8000 (expected: host:port with {appid}, e.g. "
        + "inkwell-app-{appid}.inkwell-apps.svc:8000)", "--runtime-upstream-template", "svc:8000");
    assertMessage("--default-burst:  (expected: both --default-rate and --default-burst)", "--default-rate", "5");
    assertMessage("--lease-ttl-seconds: 1 (expected: 2..300)", "--lease-ttl-seconds", "1");
    assertMessage("--mongo-uri: mysql://u:***@h (expected: a mongodb:// or mongodb+srv:// connection string)",
        "--mongo-uri", "mysql://u:secret@h");
  }

  @Test
  void refusesUnknownFlags() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ControllerConfig.parse(new String[] {"--domian", "x"}, Map.of()));
    assertTrue(e.getMessage().startsWith("--domian: x (expected: one of --"), e.getMessage());
    assertTrue(e.getMessage().contains("--domain"), e.getMessage());
  }

  private static void assertMessage(String expected, String... args) {
    assertEquals(expected,
        assertThrows(IllegalArgumentException.class, () -> ControllerConfig.parse(args, Map.of())).getMessage());
  }
}
