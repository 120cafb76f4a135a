package dev.inkwell.runtime.cloud;

import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code cloud.shared}: an app's process-wide cache. Values are stored as JSON text and parsed again on every read,
 * so no mutable JS object is ever shared between Contexts (each Context is its own JS heap and thread).
 *
 * <p>Concurrency: a concurrent map; every operation is atomic on its own.
 */
public final class SharedStore {

  private final ConcurrentHashMap<String, String> values = new ConcurrentHashMap<>();

  public String get(String key) {
    return values.get(key);
  }

  public void set(String key, String json) {
    values.put(key, json);
  }

  public boolean has(String key) {
    return values.containsKey(key);
  }

  public boolean delete(String key) {
    return values.remove(key) != null;
  }

  public void clear() {
    values.clear();
  }

  public int size() {
    return values.size();
  }

  public java.util.List<String> keys() {
    return java.util.List.copyOf(values.keySet());
  }
}
