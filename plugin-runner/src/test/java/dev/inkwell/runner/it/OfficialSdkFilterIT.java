package dev.inkwell.runner.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.inkwell.runner.Runner;
import dev.inkwell.runner.RunnerConfig;
import dev.inkwell.runner.harness.ApisixSide;
import dev.inkwell.runner.harness.ApisixSide.Answer;
import dev.inkwell.runner.harness.ApisixSide.Request;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A filter written for the official Apache APISIX Java Plugin Runner, compiled against the official
 * {@code apisix-runner-plugin-sdk} 0.6.0 jar (not our classes), packaged as a plugin jar with a ServiceLoader entry,
 * dropped into the plugins folder, and run by our runner through a real socket.
 */
class OfficialSdkFilterIT {

  private static final String SOURCE = """
      package com.example;

      import java.util.List;
      import org.apache.apisix.plugin.runner.HttpRequest;
      import org.apache.apisix.plugin.runner.HttpResponse;
      import org.apache.apisix.plugin.runner.filter.PluginFilter;
      import org.apache.apisix.plugin.runner.filter.PluginFilterChain;

      public class RewriteRequestFilter implements PluginFilter {
        @Override
        public String name() {
          return "RewriteRequestFilter";
        }

        @Override
        public void filter(HttpRequest request, HttpResponse response, PluginFilterChain chain) {
          String conf = request.getConfig(this);
          if (request.getHeader("x-block") != null) {
            response.setStatusCode(418);
            response.setBody("blocked: " + conf);
            return;
          }
          request.setPath("/rewritten" + request.getPath());
          request.setHeader("x-from", request.getSourceIP() + " " + request.getMethod() + " " + request.getArg("q"));
          request.setArg("added", "yes");
          response.setHeader("x-runner", "inkwell");
          chain.filter(request, response);
        }

        @Override
        public List<String> requiredVars() {
          return List.of("server_addr");
        }
      }
      """;

  @TempDir
  Path dir;

  @Test
  void aFilterBuiltAgainstTheOfficialSdkRunsUnchanged() throws Exception {
    Path sdk;
    try (Stream<Path> s = Files.list(Path.of("target/official-sdk"))) {
      sdk = s.filter(p -> p.getFileName().toString().startsWith("apisix-runner-plugin-sdk")).findFirst().orElseThrow();
    }
    Path a6 = Path.of(io.github.api7.A6.TextEntry.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path src = dir.resolve("src/com/example/RewriteRequestFilter.java");
    Files.createDirectories(src.getParent());
    Files.writeString(src, SOURCE);
    Path classes = dir.resolve("classes");
    Files.createDirectories(classes);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int rc = javac.run(null, null, null, "--release", "21", "-proc:none", "-cp", sdk + ":" + a6, "-d",
        classes.toString(), src.toString());
    assertEquals(0, rc, "compiles against the official SDK jar");

    Path plugins = dir.resolve("plugins");
    Files.createDirectories(plugins);
    try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(plugins.resolve("rewrite-filter.jar")))) {
      jar.putNextEntry(new JarEntry("com/example/RewriteRequestFilter.class"));
      jar.write(Files.readAllBytes(classes.resolve("com/example/RewriteRequestFilter.class")));
      jar.putNextEntry(new JarEntry("META-INF/services/org.apache.apisix.plugin.runner.filter.PluginFilter"));
      jar.write("com.example.RewriteRequestFilter\n".getBytes());
      jar.closeEntry();
    }

    Path socket = dir.resolve("r.sock");
    RunnerConfig cfg = RunnerConfig.fromEnv(Map.of("APISIX_LISTEN_ADDRESS", "unix:" + socket,
        "INKWELL_RUNNER_METRICS", "off", "INKWELL_RUNNER_PLUGINS_DIR", plugins.toString()));
    try (Runner runner = Runner.start(cfg, Clock.systemUTC(), System::nanoTime, getClass().getClassLoader());
        ApisixSide apisix = ApisixSide.connect(socket)) {
      long token = apisix.prepare("RewriteRequestFilter", "{\"say\":\"hi\"}");
      Answer a = apisix.call(Request.get(token, "/hello").arg("q", "1")
          .withVars(Map.of("server_addr", "10.1.1.1"), null));
      assertEquals(List.of("server_addr"), a.extraInfoAsked());
      assertTrue(a.passed());
      assertEquals("/rewritten/hello", a.path());
      assertEquals("10.0.0.1 GET 1", a.upstreamHeader("x-from"));
      assertEquals("inkwell", a.header("x-runner"));
      Answer blocked = apisix.call(Request.get(token, "/hello").header("x-block", "1")
          .withVars(Map.of(), null));
      assertEquals(418, blocked.status());
      assertEquals("blocked: {\"say\":\"hi\"}", blocked.body());
    }
  }
}
