package dev.inkwell.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuntimeConfigTest {

  private static Map<String, String> laf() {
    Map<String, String> env = new HashMap<>();
    env.put("APPID", "abc123");
    env.put("DB_URI", "mongodb://user:pw@db:27017/abc123");
    env.put("SERVER_SECRET", "s");
    return env;
  }

  @Test
  void readsLafsEnvironmentWithDefaults() {
    RuntimeConfig c = RuntimeConfig.fromEnvironment(laf());
    assertEquals("abc123", c.appid());
    assertEquals(8000, c.port());
    assertEquals(Duration.ofSeconds(60), c.callTimeout());
    assertEquals(10 * 1024 * 1024, c.maxBodyBytes());
    assertFalse(c.multiApp());
  }

  @Test
  void rejectsBadValuesNamingTheSetting() {
    Map<String, String> env = laf();
    env.put("INKWELL_CALL_TIMEOUT_MS", "soon");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RuntimeConfig.fromEnvironment(env));
    assertEquals("INKWELL_CALL_TIMEOUT_MS: soon (expected: an integer)", e.getMessage());
    env.put("INKWELL_CALL_TIMEOUT_MS", "0");
    e = assertThrows(IllegalArgumentException.class, () -> RuntimeConfig.fromEnvironment(env));
    assertEquals("INKWELL_CALL_TIMEOUT_MS: 0 (expected: a positive number of milliseconds)", e.getMessage());
  }

  @Test
  void ioThreadsDefaultToHalfTheCoresAndAreBounded() {
    assertEquals(Math.max(1, Runtime.getRuntime().availableProcessors() / 2), RuntimeConfig.fromEnvironment(laf()).ioThreads());
    Map<String, String> env = laf();
    env.put("INKWELL_IO_THREADS", "0");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RuntimeConfig.fromEnvironment(env));
    assertEquals("INKWELL_IO_THREADS: 0 (expected: 1..64)", e.getMessage());
  }

  @Test
  void rejectsAppidThatIsNotADnsLabel() {
    Map<String, String> env = laf();
    env.put("APPID", "Bad_App");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RuntimeConfig.fromEnvironment(env));
    assertTrue(e.getMessage().startsWith("APPID: Bad_App (expected: "), e.getMessage());
  }

  @Test
  void neverPrintsTheDatabasePassword() {
    Map<String, String> env = laf();
    assertFalse(RuntimeConfig.fromEnvironment(env).toString().contains("pw"));
    env.put("DB_URI", "postgres://user:pw@db/x");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RuntimeConfig.fromEnvironment(env));
    assertFalse(e.getMessage().contains("pw@"), e.getMessage());
  }

  @Test
  void functionEnvLeavesOutRuntimeSettingsAndTheSecret() {
    Map<String, String> env = laf();
    env.put("INKWELL_CONTEXTS", "2");
    env.put("JAVA_HOME", "/jdk");
    env.put("OPENAI_KEY", "k");
    Map<String, String> fnEnv = RuntimeConfig.fromEnvironment(env).appEnv();
    assertEquals("k", fnEnv.get("OPENAI_KEY"));
    assertFalse(fnEnv.containsKey("INKWELL_CONTEXTS"));
    assertFalse(fnEnv.containsKey("JAVA_HOME"));
    assertFalse(fnEnv.containsKey("SERVER_SECRET"));
  }

  @Test
  void multiAppModeNeedsADomain() {
    Map<String, String> env = laf();
    env.put("INKWELL_MODE", "multi");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RuntimeConfig.fromEnvironment(env));
    assertTrue(e.getMessage().startsWith("INKWELL_DOMAIN: "), e.getMessage());
    env.put("INKWELL_DOMAIN", "localhost");
    assertTrue(RuntimeConfig.fromEnvironment(env).multiApp());
  }

  @Test
  void readsLafsObjectStoreVariablesAndHidesTheSecretFromFunctions() {
    Map<String, String> env = laf();
    assertEquals(null, RuntimeConfig.fromEnvironment(env).storage());
    env.put("OSS_INTERNAL_ENDPOINT", "http://minio:9000/");
    env.put("OSS_EXTERNAL_ENDPOINT", "https://oss.example.com");
    env.put("OSS_REGION", "cn-hz");
    env.put("OSS_ACCESS_KEY", "abc123-key");
    env.put("OSS_ACCESS_SECRET", "shh");
    RuntimeConfig c = RuntimeConfig.fromEnvironment(env);
    assertEquals("http://minio:9000", c.storage().internalEndpoint().toString());
    assertEquals("https://oss.example.com", c.storage().externalEndpoint().toString());
    assertEquals("cn-hz", c.storage().region());
    assertTrue(c.appEnv().containsKey("OSS_ACCESS_KEY"));
    assertFalse(c.appEnv().containsKey("OSS_ACCESS_SECRET"));
    assertFalse(c.storage().toString().contains("shh"));
    env.remove("OSS_ACCESS_SECRET");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RuntimeConfig.fromEnvironment(env));
    assertEquals("OSS_ACCESS_SECRET: (expected: the app's secret key)", e.getMessage());
  }

  @Test
  void rejectsBadSdkLimitsNamingTheSetting() {
    Map<String, String> env = laf();
    env.put("INKWELL_FETCH_TIMEOUT_MS", "0");
    assertEquals("INKWELL_FETCH_TIMEOUT_MS: 0 (expected: a positive number of milliseconds)",
        assertThrows(IllegalArgumentException.class, () -> RuntimeConfig.fromEnvironment(env)).getMessage());
    env.remove("INKWELL_FETCH_TIMEOUT_MS");
    env.put("INKWELL_WS_MAX_MESSAGE_BYTES", "10");
    assertEquals("INKWELL_WS_MAX_MESSAGE_BYTES: 10 (expected: at least 125)",
        assertThrows(IllegalArgumentException.class, () -> RuntimeConfig.fromEnvironment(env)).getMessage());
  }
}
