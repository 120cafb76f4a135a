package dev.inkwell.runner;

import java.time.Clock;
import java.lang.management.ManagementFactory;
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
    } catch (IllegalStateException | java.io.IOException e) {
      System.out.println("inkwell-runner: cannot start: " + e.getMessage());
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(runner::close, "shutdown"));
    // JVM uptime, not ProcessHandle's start instant: Linux gives that only to the second
    long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
    Logger.getLogger(Main.class.getName()).info(() -> "ready in " + uptime + " ms (since the JVM started)");
  }
}
