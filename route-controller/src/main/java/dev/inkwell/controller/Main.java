package dev.inkwell.controller;

import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;

/** {@code ./inkwell controller [--flag value ...]}: runs one route-controller replica until SIGTERM. */
public final class Main {

  private Main() {
  }

  public static void main(String[] args) throws Exception {
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tLZ %4$-7s %3$s %5$s%6$s%n");
    }
    ControllerConfig config;
    try {
      config = ControllerConfig.parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("route-controller: " + e.getMessage());
      System.exit(2);
      return;
    }
    Logger log = Logger.getLogger(Main.class.getName());
    java.util.logging.Logger.getLogger("org.mongodb.driver").setLevel(java.util.logging.Level.WARNING);
    java.util.logging.Logger.getLogger("io.netty").setLevel(java.util.logging.Level.WARNING);
    java.util.logging.Logger.getLogger("io.grpc").setLevel(java.util.logging.Level.WARNING);
    RouteController controller = RouteController.start(config, Clock.systemUTC());
    log.info("route controller started: " + config + (controller.metricsPort() >= 0
        ? ", metrics at http://" + config.metricsHost() + ":" + controller.metricsPort() + "/metrics" : ""));
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      controller.close();
      stop.countDown();
    }));
    stop.await();
  }
}
