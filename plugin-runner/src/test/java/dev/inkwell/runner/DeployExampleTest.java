package dev.inkwell.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inkwell.runner.auth.JwtVerifier;
import dev.inkwell.runner.auth.TenantAuth;
import dev.inkwell.runner.metrics.RunnerMetrics;
import dev.inkwell.runner.ratelimit.TenantRateLimit;
import dev.inkwell.runner.ratelimit.Tenants;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** The route example operators copy from deploy/apisix/ carries confs this runner accepts. */
class DeployExampleTest {

  @Test
  void theExampleRouteConfsParse() throws Exception {
    JsonNode route = new ObjectMapper().readTree(Path.of("../deploy/apisix/route-example.json").toFile());
    Tenants tenants = new Tenants(System::nanoTime);
    RunnerMetrics metrics = new RunnerMetrics(() -> 0, tenants);
    TenantAuth auth = new TenantAuth(new JwtVerifier(10), Clock.systemUTC(), metrics);
    TenantRateLimit rate = new TenantRateLimit(tenants, metrics);
    int parsed = 0;
    for (JsonNode e : route.path("plugins").path("ext-plugin-pre-req").path("conf")) {
      String value = e.path("value").asText();
      switch (e.path("name").asText()) {
        case TenantAuth.NAME -> assertEquals("a1b2c3", auth.parse(value).appid());
        case TenantRateLimit.NAME -> assertEquals(200, rate.parse(value).burst());
        default -> throw new AssertionError("unexpected filter " + e);
      }
      parsed++;
    }
    assertEquals(2, parsed);
  }
}
