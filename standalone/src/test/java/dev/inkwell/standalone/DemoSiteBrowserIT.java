package dev.inkwell.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo as a browser shows it: Debian's Chromium (real, headless) opens the demo site at
 * {@code demo-site.localhost}, whose script calls the function at {@code demo.localhost} (cross-origin, so CORS is
 * checked by a real browser), and a function URL directly. Chromium resolves {@code *.localhost} to loopback itself.
 * {@code ./inkwell test} installs Chromium when it can; without it this test fails saying so.
 */
class DemoSiteBrowserIT {

  @TempDir
  static Path dir;
  private static DevPlatform platform;

  @BeforeAll
  static void start() throws Exception {
    platform = DevPlatform.start(new DevPlatform.Options(dir.resolve(".inkwell"), "127.0.0.1", 0, 0, 0, true));
  }

  @AfterAll
  static void stop() {
    platform.close();
  }

  @Test
  void theDemoSiteRendersTheFunctionsAnswer() throws Exception {
    String dom = render("http://demo-site.localhost:" + platform.httpPort() + "/");
    assertTrue(dom.contains("<h1 id=\"title\">Inkwell demo site</h1>"), dom);
    assertTrue(dom.contains("Hello from Inkwell, browser!"), "the page's fetch of the function did not render: " + dom);
  }

  @Test
  void aClientSideRouteFallsBackToTheSinglePageApp() throws Exception {
    String dom = render("http://demo-site.localhost:" + platform.httpPort() + "/about");
    assertTrue(dom.contains("Inkwell demo site: /about"), dom);
  }

  @Test
  void aFunctionUrlShowsItsAnswer() throws Exception {
    String dom = render("http://demo.localhost:" + platform.httpPort() + "/hello?name=chromium");
    assertTrue(dom.contains("Hello from Inkwell, chromium!"), dom);
  }

  /** The DOM after the page's scripts ran (virtual time lets the fetch finish before the dump). */
  private static String render(String url) throws IOException, InterruptedException {
    Path chromium = Path.of("/usr/bin/chromium");
    assertTrue(Files.isExecutable(chromium),
        "Chromium is needed for this test: apt-get install -y chromium (./inkwell test installs it when run as root)");
    List<String> cmd = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox",
        "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage", "--no-first-run",
        "--user-data-dir=" + dir.resolve("chromium-profile"), "--virtual-time-budget=10000", "--dump-dom", url));
    Process p = new ProcessBuilder(cmd).redirectError(dir.resolve("chromium.log").toFile()).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "chromium did not finish");
    assertEquals(0, p.exitValue(), () -> "chromium failed: " + log());
    return new String(out, StandardCharsets.UTF_8);
  }

  private static String log() {
    try {
      return Files.readString(dir.resolve("chromium.log"));
    } catch (IOException e) {
      return e.toString();
    }
  }
}
