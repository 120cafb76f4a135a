package dev.inkwell.runner;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Logger;

/**
 * Entry point for APISIX's {@code ext-plugin.cmd}: {@code java -jar inkwell-plugin-runner-<version>-all.jar}.
 * Settings come from the environment (see {@link RunnerConfig} and the module README).
 */
public final class Main {

  private Main() {
  }

  public static void main(String[] args) throws Exception {
    RunnerConfig cfg;
    try {
      cfg = RunnerConfig.fromEnv(System.getenv());
    } catch (IllegalArgumentException e) {
      System.out.println("inkwell-runner: " + e.getMessage());
      System.exit(2);
      return;
    }
    RunnerLog.install(cfg.logLevel());
    Runner runner;
    try {
      runner = Runner.start(cfg, Clock.systemUTC(), System::nanoTime, Main.class.getClassLoader());
    } catch (IllegalArgumentException e) {
      System.out.println("inkwell-runner: " + e.getMessage());
      System.exit(2);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(runner::close, "shutdown"));
    Instant began = ProcessHandle.current().info().startInstant().orElse(Instant.now());
    Logger.getLogger(Main.class.getName()).info(() -> "ready in "
        + Duration.between(began, Instant.now()).toMillis() + " ms (since process start)");
  }
}
