package dev.inkwell.runtime.engine;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The open WebSockets of one app in this runtime ({@code cloud.sockets}).
 *
 * <p>Concurrency: a concurrent map; a socket is added once its handshake is done and removed when it closes.
 */
public final class SocketRegistry {

  private final ConcurrentHashMap<Long, LiveSocket> open = new ConcurrentHashMap<>();

  public void add(LiveSocket socket) {
    open.put(socket.id(), socket);
  }

  public void remove(LiveSocket socket) {
    open.remove(socket.id());
  }

  public LiveSocket[] all() {
    return open.values().toArray(LiveSocket[]::new);
  }

  public int size() {
    return open.size();
  }

  /** Closes every socket with this code (1012 service restart on a publish, 1001 going away on shutdown). */
  public void closeAll(int code, String reason) {
    for (LiveSocket s : all()) {
      s.closeWith(code, reason);
    }
  }
}
