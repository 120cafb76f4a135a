package dev.inkwell.runtime.http;

import java.time.Duration;

/**
 * WebSocket limits.
 *
 * @param idleTimeout a socket from which nothing (not even a pong) arrived for this long is closed (1001); the server
 *     pings after half of it without traffic, so live clients stay open
 * @param maxMessageBytes largest message accepted (frames aggregated); larger ones close the socket with 1009
 */
public record WebSocketSettings(Duration idleTimeout, int maxMessageBytes) {

  public WebSocketSettings {
    if (idleTimeout.compareTo(Duration.ofMillis(100)) < 0) {
      throw new IllegalArgumentException("INKWELL_WS_IDLE_SECONDS: " + idleTimeout.toSeconds()
          + " (expected: at least 1)");
    }
    if (maxMessageBytes < 125) {
      throw new IllegalArgumentException("INKWELL_WS_MAX_MESSAGE_BYTES: " + maxMessageBytes
          + " (expected: at least 125)");
    }
  }

  public static WebSocketSettings defaults() {
    return new WebSocketSettings(Duration.ofSeconds(120), 1024 * 1024);
  }
}
