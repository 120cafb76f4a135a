package dev.inkwell.standalone.edge;

/**
 * Where the local edge listens.
 *
 * @param host the address to bind, {@code 127.0.0.1} by default (a development edge: not for the open network)
 * @param port 0 picks a free port
 * @param ioThreads event-loop threads, at least 1
 */
public record EdgeConfig(String host, int port, int ioThreads) {

  public static final int DEFAULT_PORT = 8080;

  public EdgeConfig {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("edge host: " + host + " (expected: an address to bind, e.g. 127.0.0.1)");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("edge port: " + port + " (expected: 0..65535, 0 for any free port)");
    }
    if (ioThreads < 1) {
      throw new IllegalArgumentException("edge io threads: " + ioThreads + " (expected: at least 1)");
    }
  }

  /** 127.0.0.1:8080, two event loops. */
  public static EdgeConfig defaults() {
    return new EdgeConfig("127.0.0.1", DEFAULT_PORT, 2);
  }

  public EdgeConfig withPort(int newPort) {
    return new EdgeConfig(host, newPort, ioThreads);
  }
}
