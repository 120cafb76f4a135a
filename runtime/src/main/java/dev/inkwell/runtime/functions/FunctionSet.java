package dev.inkwell.runtime.functions;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An immutable snapshot of an app's functions. A request takes the snapshot current when it starts and finishes on
 * it, so a publish never changes code under a running request.
 *
 * <p>Concurrency: instances are immutable and published through an {@code AtomicReference}; {@link #version} grows
 * with every new snapshot of the same app.
 */
public final class FunctionSet {

  /** How the error of a function refused for an import cycle starts. */
  public static final String CYCLE = "import cycle: ";

  private final long version;
  private final Map<String, LoadedFunction> functions;
  private final Set<Long> ids;

  private FunctionSet(long version, Map<String, LoadedFunction> functions) {
    this.version = version;
    this.functions = Map.copyOf(functions);
    Set<Long> idSet = new HashSet<>();
    for (LoadedFunction f : functions.values()) {
      idSet.add(f.id());
    }
    this.ids = Set.copyOf(idSet);
  }

  public static FunctionSet empty() {
    return new FunctionSet(0, Map.of());
  }

  public long version() {
    return version;
  }

  public LoadedFunction get(String name) {
    return functions.get(name);
  }

  public Collection<LoadedFunction> all() {
    return functions.values();
  }

  public int size() {
    return functions.size();
  }

  public boolean containsId(long id) {
    return ids.contains(id);
  }

  /**
   * The next snapshot after {@code changes} (name to new function, or to null for a delete). Functions that import a
   * changed function, directly or transitively, get a new id so Contexts evaluate them again against the new import;
   * nothing else is touched. A changed function that would close an import cycle is refused: its previous version
   * stays if there was one, otherwise it (and the cycle) is marked failed with the cycle in the message.
   */
  public FunctionSet with(Map<String, LoadedFunction> changes) {
    Map<String, LoadedFunction> next = new HashMap<>(functions);
    for (Map.Entry<String, LoadedFunction> change : changes.entrySet()) {
      if (change.getValue() == null) {
        next.remove(change.getKey());
      } else {
        next.put(change.getKey(), change.getValue());
      }
    }
    refuseCycles(next, changes.keySet());
    for (String dependent : dependentsOf(next, changes.keySet())) {
      if (!changes.containsKey(dependent)) {
        next.computeIfPresent(dependent, (k, f) -> f.renewed());
      }
    }
    return new FunctionSet(version + 1, next);
  }

  private void refuseCycles(Map<String, LoadedFunction> next, Set<String> changed) {
    for (String name : changed) {
      List<String> cycle = findCycle(next, name);
      if (cycle == null) {
        continue;
      }
      LoadedFunction previous = functions.get(name);
      if (previous != null && previous.error() == null && findCycleWith(next, name, previous) == null) {
        next.put(name, previous);
        continue;
      }
      String message = CYCLE + String.join(" -> ", cycle);
      for (String member : new LinkedHashSet<>(cycle)) {
        next.computeIfPresent(member, (k, f) -> f.withError(message));
      }
    }
  }

  private static List<String> findCycleWith(Map<String, LoadedFunction> graph, String name, LoadedFunction candidate) {
    Map<String, LoadedFunction> copy = new HashMap<>(graph);
    copy.put(name, candidate);
    return findCycle(copy, name);
  }

  /** A path start -> ... -> start through imports, or null. */
  static List<String> findCycle(Map<String, LoadedFunction> graph, String start) {
    Deque<List<String>> paths = new ArrayDeque<>();
    paths.push(List.of(start));
    Set<String> seen = new HashSet<>();
    while (!paths.isEmpty()) {
      List<String> path = paths.pop();
      LoadedFunction f = graph.get(path.get(path.size() - 1));
      if (f == null) {
        continue;
      }
      for (String imported : f.imports()) {
        List<String> longer = new ArrayList<>(path);
        longer.add(imported);
        if (imported.equals(start)) {
          return longer;
        }
        if (seen.add(imported)) {
          paths.push(longer);
        }
      }
    }
    return null;
  }

  private static Set<String> dependentsOf(Map<String, LoadedFunction> graph, Set<String> changed) {
    Map<String, List<String>> importers = new HashMap<>();
    for (LoadedFunction f : graph.values()) {
      for (String imported : f.imports()) {
        importers.computeIfAbsent(imported, k -> new ArrayList<>()).add(f.name());
      }
    }
    Set<String> result = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>(changed);
    while (!todo.isEmpty()) {
      for (String importer : importers.getOrDefault(todo.pop(), List.of())) {
        if (result.add(importer)) {
          todo.push(importer);
        }
      }
    }
    return result;
  }
}
