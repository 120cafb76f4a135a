package dev.inkwell.tenancy.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the CLI takes from its process: streams, environment, working and home folders, and whether stderr is a
 * terminal (progress lines are redrawn in place only then). Tests build one over string writers and temp folders.
 */
public record Context(PrintWriter out, PrintWriter err, Map<String, String> env, Path cwd, Path home,
                      boolean errIsTerminal, HttpClient http) {

  public Context {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
    env = Map.copyOf(env);
    cwd = cwd.toAbsolutePath();
    home = home.toAbsolutePath();
    Objects.requireNonNull(http, "http");
  }

  /** The real process: System streams, environment, user.dir and user.home. */
  public static Context system() {
    return new Context(
        new PrintWriter(System.out, true, StandardCharsets.UTF_8),
        new PrintWriter(System.err, true, StandardCharsets.UTF_8),
        System.getenv(), Path.of(System.getProperty("user.dir")), Path.of(System.getProperty("user.home")),
        interactive(), newHttpClient());
  }

  public static HttpClient newHttpClient() {
    return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  String env(String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v.strip();
  }

  // Since JDK 22 System.console() is non-null even when redirected; Console.isTerminal() (22+) tells the truth, and we
  // compile for 21, hence the reflection. It looks at stdin/stdout, which is close enough for a progress line.
  private static boolean interactive() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }
}
