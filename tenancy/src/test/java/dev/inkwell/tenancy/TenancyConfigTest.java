package dev.inkwell.tenancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TenancyConfigTest {

  private static Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("INKWELL_MONGO_URI", "mongodb://admin:pw@mongo:27017/inkwell");
    env.put("INKWELL_OPERATOR_TOKEN", "a-long-operator-token-123");
    env.put("INKWELL_DOMAIN", "apps.example.com");
    env.put("INKWELL_APP_MONGO_HOSTS", "mongo-0.mongo:27017");
    env.put("INKWELL_MINIO_ENDPOINT", "http://minio:9000");
    env.put("INKWELL_MINIO_ACCESS_KEY", "root");
    env.put("INKWELL_MINIO_SECRET_KEY", "root-secret");
    env.put("INKWELL_RUNTIME_IMAGE", "inkwell/runtime:1");
    return env;
  }

  @Test
  void defaults() {
    TenancyConfig c = TenancyConfig.fromEnvironment(env());
    assertEquals(8080, c.listenPort());
    assertEquals("oss.apps.example.com", c.ossDomain());
    assertEquals("inkwell-apps", c.namespace());
    assertEquals(null, c.defaultLimits());
    assertFalse(c.toString().contains("root-secret"));
    assertFalse(c.toString().contains("operator-token"));
    assertFalse(c.toString().contains("pw@"));
  }

  @Test
  void problemsNameTheVariableAndNeverEchoSecrets() {
    Map<String, String> e = env();
    e.remove("INKWELL_DOMAIN");
    assertTrue(assertThrows(IllegalArgumentException.class, () -> TenancyConfig.fromEnvironment(e)).getMessage()
        .startsWith("INKWELL_DOMAIN: missing"));
    Map<String, String> shortToken = env();
    shortToken.put("INKWELL_OPERATOR_TOKEN", "tooshort");
    String m = assertThrows(IllegalArgumentException.class, () -> TenancyConfig.fromEnvironment(shortToken)).getMessage();
    assertTrue(m.startsWith("INKWELL_OPERATOR_TOKEN"), m);
    assertFalse(m.contains("tooshort"), m);
    Map<String, String> limits = env();
    limits.put("INKWELL_DEFAULT_RATE", "10");
    assertTrue(assertThrows(IllegalArgumentException.class, () -> TenancyConfig.fromEnvironment(limits)).getMessage()
        .contains("INKWELL_DEFAULT_BURST"));
    limits.put("INKWELL_DEFAULT_BURST", "20");
    assertEquals(20, TenancyConfig.fromEnvironment(limits).defaultLimits().burst());
    Map<String, String> listen = env();
    listen.put("INKWELL_API_LISTEN", "8080");
    assertTrue(assertThrows(IllegalArgumentException.class, () -> TenancyConfig.fromEnvironment(listen)).getMessage()
        .startsWith("INKWELL_API_LISTEN"));
  }
}
