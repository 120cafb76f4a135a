package dev.inkwell.runtime.dev;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A MongoDB wire-protocol server inside this process (mongo-java-server), for development and tests. It stands in for
 * MongoDB: the runtime talks to it with the real driver over the real protocol. It has no users, transactions or
 * database-wide change streams; collection change streams work once the oplog is on.
 */
public final class EmbeddedMongo implements AutoCloseable {

  private final MongoServer server;
  private final MongoBackend backend;
  private final String connectionString;

  private EmbeddedMongo(MongoBackend backend, String host, int port) {
    this.backend = backend;
    this.server = new MongoServer(backend);
    server.enableOplog();
    server.bind(host, port);
    this.connectionString = "mongodb://" + host + ":" + server.getLocalAddress().getPort();
  }

  /** Data kept in memory only (tests), on a random loopback port. */
  public static EmbeddedMongo inMemory() {
    return inMemory(0);
  }

  /** Data kept in memory only, on the given loopback port (0: random). */
  public static EmbeddedMongo inMemory(int port) {
    return new EmbeddedMongo(new MemoryBackend(), "127.0.0.1", port);
  }

  /** Data kept in {@code dir/mongo.mv} (H2 MVStore), surviving restarts. */
  public static EmbeddedMongo onDisk(Path dir, int port) throws java.io.IOException {
    Files.createDirectories(dir);
    return new EmbeddedMongo(new H2Backend(dir.resolve("mongo.mv").toString()), "127.0.0.1", port);
  }

  /** {@code mongodb://127.0.0.1:<port>} (append {@code /<db>} for a database). */
  public String connectionString() {
    return connectionString;
  }

  @Override
  public void close() {
    server.shutdownNow();
    if (backend instanceof H2Backend h2) {
      h2.close();
    }
  }
}
