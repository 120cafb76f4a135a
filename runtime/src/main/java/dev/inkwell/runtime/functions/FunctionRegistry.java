package dev.inkwell.runtime.functions;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * The functions of one app as they change: documents come in (full loads, change events), {@link FunctionSet}
 * snapshots go out. A document whose content did not change is not recompiled; a document that fails to load never
 * replaces a working version (the error is kept for {@link #problems()} and the log).
 *
 * <p>Concurrency: writers (the app's watcher thread) are serialized by this object's monitor; readers call
 * {@link #current()}, a volatile read of an immutable snapshot.
 */
public final class FunctionRegistry {

  private static final Logger LOG = Logger.getLogger(FunctionRegistry.class.getName());

  /** Told about every new snapshot, with the names that changed; runs on the writer's thread. */
  public interface Listener {
    void changed(FunctionSet previous, FunctionSet next, Collection<String> changed);

    void loadFailed(String function, String error);
  }

  private final String appid;
  private final FunctionLoader loader;
  private final Listener listener;
  private final AtomicReference<FunctionSet> current = new AtomicReference<>(FunctionSet.empty());
  private final Map<String, FunctionDocument> documents = new HashMap<>();
  private final Map<String, String> namesById = new HashMap<>();
  private volatile Map<String, String> problems = Map.of();
  private boolean started;

  public FunctionRegistry(String appid, FunctionLoader loader, Listener listener) {
    this.appid = appid;
    this.loader = Objects.requireNonNull(loader);
    this.listener = Objects.requireNonNull(listener);
  }

  public FunctionSet current() {
    return current.get();
  }

  /** Load errors by function name (syntax errors with line and column, import cycles). */
  public Map<String, String> problems() {
    return problems;
  }

  /** Makes the registry hold exactly {@code docs}: a full load or a periodic resync. */
  public synchronized void replaceAll(Collection<FunctionDocument> docs) {
    Map<String, FunctionDocument> wanted = new LinkedHashMap<>();
    for (FunctionDocument d : docs) {
      wanted.put(d.name(), d);
    }
    List<FunctionDocument> upserts = new ArrayList<>();
    for (FunctionDocument d : wanted.values()) {
      if (!d.sameContent(documents.get(d.name()))) {
        upserts.add(d);
      }
    }
    List<String> deletes = new ArrayList<>();
    for (String name : documents.keySet()) {
      if (!wanted.containsKey(name)) {
        deletes.add(name);
      }
    }
    namesById.clear();
    for (FunctionDocument d : wanted.values()) {
      namesById.put(d.id(), d.name());
    }
    apply(upserts, deletes);
  }

  /** A published (inserted, updated or replaced) document. */
  public synchronized void upsert(FunctionDocument doc) {
    String previousName = namesById.put(doc.id(), doc.name());
    List<String> deletes = previousName != null && !previousName.equals(doc.name()) ? List.of(previousName) : List.of();
    if (doc.sameContent(documents.get(doc.name())) && deletes.isEmpty()) {
      return;
    }
    apply(List.of(doc), deletes);
  }

  /** A deleted document, known only by its id (as change streams report deletes). */
  public synchronized void deleteById(String id) {
    String name = namesById.remove(id);
    if (name != null) {
      apply(List.of(), List.of(name));
    }
  }

  private void apply(List<FunctionDocument> upserts, List<String> deletes) {
    // The start-up load skips the ahead-of-time parse (see FunctionLoader#load); every later load checks.
    boolean check = started;
    started = true;
    if (upserts.isEmpty() && deletes.isEmpty()) {
      return;
    }
    FunctionSet previous = current.get();
    Map<String, LoadedFunction> changes = new HashMap<>();
    Map<String, String> nextProblems = new HashMap<>(problems);
    for (FunctionDocument doc : upserts) {
      documents.put(doc.name(), doc);
      LoadedFunction loaded = loader.load(doc, check);
      LoadedFunction old = previous.get(doc.name());
      if (loaded.error() != null) {
        nextProblems.put(doc.name(), loaded.error());
        listener.loadFailed(doc.name(), loaded.error());
        LOG.warning(() -> "app " + appid + ": function " + doc.name() + " not loaded: " + loaded.error()
            + (old != null && old.error() == null ? " (the previous version keeps serving)" : ""));
        if (old != null && old.error() == null) {
          continue;
        }
      } else {
        nextProblems.remove(doc.name());
      }
      changes.put(doc.name(), loaded);
    }
    for (String name : deletes) {
      documents.remove(name);
      nextProblems.remove(name);
      if (previous.get(name) != null) {
        changes.put(name, null);
      }
    }
    if (changes.isEmpty()) {
      problems = Map.copyOf(nextProblems);
      return;
    }
    // A function refused for an import cycle may be fine once another function changed: load it again.
    for (LoadedFunction f : previous.all()) {
      FunctionDocument doc = documents.get(f.name());
      if (f.error() != null && f.error().startsWith(FunctionSet.CYCLE) && doc != null && !changes.containsKey(f.name())) {
        changes.put(f.name(), loader.load(doc, check));
      }
    }
    FunctionSet next = previous.with(changes);
    for (LoadedFunction f : next.all()) {
      if (f.error() != null) {
        nextProblems.put(f.name(), f.error());
      } else if (changes.containsKey(f.name())) {
        nextProblems.remove(f.name());
      }
    }
    problems = Map.copyOf(nextProblems);
    current.set(next);
    listener.changed(previous, next, changes.keySet());
  }
}
