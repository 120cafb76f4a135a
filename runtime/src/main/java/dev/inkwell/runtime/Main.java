package dev.inkwell.runtime;

import dev.inkwell.runtime.log.LineFormatter;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;

/** {@code java dev.inkwell.runtime.Main}: serves the app(s) described by the environment (see the runtime README). */
public final class Main {

  private Main() {
  }

  public static void main(String[] args) throws InterruptedException {
    LineFormatter.install(Level.parse(System.getenv().getOrDefault("INKWELL_LOG_LEVEL", "INFO")));
    RuntimeConfig config;
    try {
      config = RuntimeConfig.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("inkwell runtime: invalid configuration: " + e.getMessage());
      System.exit(2);
      return;
    }
    InkwellRuntime runtime = InkwellRuntime.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      runtime.close();
      stopped.countDown();
    }, "shutdown"));
    stopped.await();
  }
}
