package dev.inkwell.standalone.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.controller.desired.RecordKey;
import dev.inkwell.controller.election.Leadership;
import dev.inkwell.controller.reconcile.Change;
import dev.inkwell.controller.reconcile.RouteStore;
import dev.inkwell.controller.reconcile.StoredRoute;
import dev.inkwell.controller.reconcile.WriteResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The route table of standalone mode: what the route controller would write into APISIX's etcd, kept in memory with
 * etcd's revision rules, so the controller's {@code Reconciler} and {@code Worker} run against it unchanged and the
 * local edge serves from it.
 *
 * <p>Revisions follow etcd: one counter for the whole table, raised by every {@link #apply} that writes something;
 * each key remembers the revision of its last write ({@link StoredRoute#modRevision()}). A change applies only if its
 * key still has the revision it expects (0: the key must not exist); otherwise it is a
 * {@link WriteResult.Conflict} and nothing is written for that key.
 *
 * <p>There is no election in one process: the controller runs with {@link Leadership#always()}, whose guard is
 * {@link Leadership.Guard#NONE}. A real election guard cannot be checked here, so changes carrying one are answered
 * {@link WriteResult.NotLeader}: a wiring mistake shows up at once instead of writing unguarded.
 *
 * <p>Concurrency: thread-safe; all reads and writes take one lock. Values are copied on the way in and never changed
 * afterwards; readers get copies from {@link #get} and {@link #listCandidates} (the reconciler may modify what it
 * reads), listeners get the stored, shared values and must treat them as read-only. Listeners are called under the
 * lock, in revision order, once per write, and must be quick and must not write to this store.
 */
public final class InProcessRouteStore implements RouteStore {

  /** The whole table at one revision. Immutable. */
  public record Snapshot(long revision, Map<String, StoredRoute> routes) {
    public Snapshot {
      routes = Map.copyOf(routes);
    }
  }

  /** Told of every change of the table (and, once, of the table as it is when it registers). */
  @FunctionalInterface
  public interface Listener {
    void routesChanged(Snapshot snapshot);
  }

  private static final Logger LOG = Logger.getLogger(InProcessRouteStore.class.getName());

  private final Object lock = new Object();
  private final TreeMap<String, StoredRoute> routes = new TreeMap<>();
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private long revision;
  private Snapshot snapshot = new Snapshot(0, Map.of());

  public InProcessRouteStore() {
  }

  /** Registers a listener and calls it at once with the current table. */
  public void addListener(Listener listener) {
    Objects.requireNonNull(listener, "listener");
    synchronized (lock) {
      listeners.add(listener);
      listener.routesChanged(snapshot);
    }
  }

  public void removeListener(Listener listener) {
    listeners.remove(listener);
  }

  /** The table now (shared values: read-only). */
  public Snapshot snapshot() {
    synchronized (lock) {
      return snapshot;
    }
  }

  /** The table's revision: that of the last write, 0 before any. */
  public long revision() {
    synchronized (lock) {
      return revision;
    }
  }

  @Override
  public Map<String, StoredRoute> listCandidates() {
    synchronized (lock) {
      Map<String, StoredRoute> out = new HashMap<>();
      for (StoredRoute r : routes.tailMap(RecordKey.ID_PREFIX, true).values()) {
        if (!r.id().startsWith(RecordKey.ID_PREFIX)) {
          break; // sorted: past the prefix
        }
        out.put(r.id(), copy(r));
      }
      return out;
    }
  }

  @Override
  public Map<String, StoredRoute> get(Collection<String> ids) {
    synchronized (lock) {
      Map<String, StoredRoute> out = new HashMap<>();
      for (String id : ids) {
        StoredRoute r = routes.get(id);
        if (r != null) {
          out.put(id, copy(r));
        }
      }
      return out;
    }
  }

  /**
   * Applies the changes that still meet their expected revision, all at one new revision (as an etcd transaction
   * would give them); one result per change, in order.
   */
  @Override
  public List<WriteResult> apply(List<Change> changes, Leadership.Guard guard) {
    List<WriteResult> results = new ArrayList<>(changes.size());
    if (!guard.none()) {
      changes.forEach(c -> results.add(new WriteResult.NotLeader(c.id())));
      return results;
    }
    synchronized (lock) {
      long next = revision + 1;
      boolean wrote = false;
      for (Change c : changes) {
        StoredRoute now = routes.get(c.id());
        long actual = now == null ? 0 : now.modRevision();
        if (actual != c.expectedModRevision()) {
          results.add(new WriteResult.Conflict(c.id()));
          continue;
        }
        switch (c) {
          case Change.Put p -> routes.put(p.id(), new StoredRoute(p.id(), p.value().deepCopy(), next));
          case Change.Delete d -> routes.remove(d.id());
        }
        wrote = true;
        results.add(new WriteResult.Written(c.id(), next));
      }
      if (wrote) {
        publish(next);
      }
    }
    return results;
  }

  /** Writes a route whatever its revision (routes not made by the controller, tests). Returns the new revision. */
  public long put(String id, ObjectNode value) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(value, "value");
    synchronized (lock) {
      long next = revision + 1;
      routes.put(id, new StoredRoute(id, value.deepCopy(), next));
      publish(next);
      return next;
    }
  }

  /** Removes a route whatever its revision; returns whether it existed. */
  public boolean delete(String id) {
    synchronized (lock) {
      if (routes.remove(id) == null) {
        return false;
      }
      publish(revision + 1);
      return true;
    }
  }

  // under lock
  private void publish(long next) {
    revision = next;
    snapshot = new Snapshot(next, routes);
    for (Listener l : listeners) {
      try {
        l.routesChanged(snapshot);
      } catch (RuntimeException e) {
        // the write happened; a listener's failure must not turn it into an error for the writer
        LOG.log(Level.WARNING, "route listener failed at revision " + next, e);
      }
    }
  }

  private static StoredRoute copy(StoredRoute r) {
    JsonNode v = r.value();
    return new StoredRoute(r.id(), v == null ? null : v.deepCopy(), r.modRevision());
  }

  @Override
  public void close() {
    listeners.clear();
  }
}
