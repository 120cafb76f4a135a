package dev.inkwell.benchmarks;

import dev.inkwell.runtime.dev.EmbeddedMongo;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the in-process MongoDB stand-in (mongo-java-server, oplog on) as its own process for benchmarks, so the runtime
 * under test starts cold and talks to it over the wire as it would to MongoDB. Prints the connection string.
 */
public final class MongoStandIn {

  private MongoStandIn() {
  }

  public static void main(String[] args) throws InterruptedException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    EmbeddedMongo mongo = EmbeddedMongo.inMemory(port);
    System.out.println(mongo.connectionString());
    System.out.flush();
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      mongo.close();
      stop.countDown();
    }));
    stop.await();
  }
}
