package dev.inkwell.controller.reconcile;

import com.mongodb.MongoException;
import dev.inkwell.controller.desired.Desired;
import dev.inkwell.controller.desired.DesiredRoutes;
import dev.inkwell.controller.desired.RecordKey;
import dev.inkwell.controller.election.Leadership;
import dev.inkwell.controller.metrics.ControllerMetrics;
import dev.inkwell.controller.source.RecordSource;
import dev.inkwell.records.RouteStatus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.bson.Document;

/**
 * One reconcile pass: read the records in scope, compute their desired routes ({@link DesiredRoutes}, pure), read the
 * stored routes, {@link Diff plan} the changes (pure), and apply them ({@link RouteStore}, the only write to the
 * gateway). Invalid records are reported on the record, in the log and in a metric, and skipped.
 *
 * <p>Concurrency: called from the single worker thread only; the invalid-record set is concurrent because the metrics
 * scrape reads its size.
 */
public final class Reconciler {

  private static final Logger LOG = Logger.getLogger(Reconciler.class.getName());

  private final RecordSource records;
  private final DesiredRoutes desired;
  private final RouteStore store;
  private final Leadership leadership;
  private final ControllerMetrics metrics;
  private final Clock clock;
  /** Revision of this replica's last write per route id: a stored route at another revision was edited by someone. */
  private final Map<String, Long> lastWritten = new HashMap<>();
  private final Set<RecordKey> invalid = ConcurrentHashMap.newKeySet();
  private Leadership.Guard term;

  public Reconciler(RecordSource records, DesiredRoutes desired, RouteStore store, Leadership leadership,
      ControllerMetrics metrics, Clock clock) {
    this.records = records;
    this.desired = desired;
    this.store = store;
    this.leadership = leadership;
    this.metrics = metrics;
    this.clock = clock;
    metrics.invalidRecords(invalid::size);
  }

  /** Reconciles every record and every stored route of ours. */
  public Outcome resyncAll() {
    return pass(null);
  }

  /** Reconciles these records (and only their routes). */
  public Outcome reconcile(Collection<RecordKey> keys) {
    return pass(Set.copyOf(keys));
  }

  private Outcome pass(Set<RecordKey> keys) {
    String scope = keys == null ? "full" : "keys";
    long start = System.nanoTime();
    Outcome o = run(keys);
    metrics.reconciled(scope, o, System.nanoTime() - start);
    return o;
  }

  private Outcome run(Set<RecordKey> keys) {
    Optional<Leadership.Guard> guard = leadership.current();
    if (guard.isEmpty()) {
      return new Outcome.NotLeader();
    }
    if (!guard.get().equals(term)) {
      lastWritten.clear(); // a new term: another leader may have written since this replica's last writes
      term = guard.get();
    }
    Map<RecordKey, Document> found;
    Map<String, StoredRoute> stored;
    List<Desired> wanted = new ArrayList<>();
    try {
      found = keys == null ? records.all() : records.load(keys);
      Collection<RecordKey> scope = keys == null ? found.keySet() : keys;
      Map<String, RecordKey> byRoute = new HashMap<>();
      for (RecordKey k : scope) {
        Desired d = desired.of(k, found.get(k));
        wanted.add(d);
        byRoute.put(d.routeId(), k);
      }
      stored = keys == null ? store.listCandidates() : store.get(byRoute.keySet());
      report(wanted, found);
      if (keys == null) {
        invalid.retainAll(found.keySet());
      }
      Diff.Plan plan = Diff.plan(wanted, stored, clock.millis() / 1000);
      for (String id : plan.foreign()) {
        LOG.warning(() -> "route " + id + " exists but is not ours (no label managed-by=inkwell): left alone");
        metrics.foreign();
      }
      if (plan.changes().isEmpty()) {
        return new Outcome.Done(0, 0, wanted.size());
      }
      countDrift(plan.changes(), stored);
      if (leadership.current().isEmpty()) {
        return new Outcome.NotLeader(); // lost the lease while reading: do not write
      }
      return applied(plan.changes(), store.apply(plan.changes(), guard.get()), byRoute, keys == null, wanted.size());
    } catch (StoreUnavailableException | MongoException e) {
      LOG.log(Level.WARNING, "reconcile failed, will retry: " + e.getMessage());
      return new Outcome.Unavailable(e.getMessage());
    }
  }

  private Outcome applied(List<Change> changes, List<WriteResult> results, Map<String, RecordKey> byRoute, boolean full,
      int wanted) {
    int written = 0;
    int deleted = 0;
    Set<RecordKey> retry = new HashSet<>();
    boolean notLeader = false;
    boolean retryFull = false;
    for (int i = 0; i < results.size(); i++) {
      Change c = changes.get(i);
      switch (results.get(i)) {
        case WriteResult.Written w -> {
          if (c instanceof Change.Delete) {
            deleted++;
            lastWritten.remove(c.id());
          } else {
            written++;
            lastWritten.put(c.id(), w.revision());
          }
        }
        case WriteResult.Conflict x -> {
          LOG.info(() -> "route " + c.id() + " changed while being written (another writer): reading it again");
          metrics.conflict();
          RecordKey k = byRoute.get(c.id());
          if (k != null) {
            retry.add(k);
          } else {
            retryFull = true;
          }
        }
        case WriteResult.NotLeader n -> notLeader = true;
      }
    }
    metrics.written(written, deleted);
    if (written + deleted > 0) {
      int w = written;
      int d = deleted;
      LOG.fine(() -> "wrote " + w + " routes, deleted " + d);
    }
    if (notLeader) {
      return new Outcome.NotLeader();
    }
    if (!retry.isEmpty() || retryFull) {
      return new Outcome.Retry(Set.copyOf(retry), full && retryFull);
    }
    return new Outcome.Done(written, deleted, wanted - written - deleted);
  }

  /** A change to a route that this replica wrote last, found at another revision or gone: someone edited it. */
  private void countDrift(List<Change> changes, Map<String, StoredRoute> stored) {
    for (Change c : changes) {
      Long mine = lastWritten.get(c.id());
      StoredRoute s = stored.get(c.id());
      if (mine != null && (s == null || s.modRevision() != mine)) {
        LOG.info(() -> "route " + c.id() + " was edited or deleted outside the controller: repairing");
        metrics.driftRepaired();
      }
    }
  }

  /** Sets or clears {@code routeStatus} on records whose report changed; a failure here never fails the pass. */
  private void report(List<Desired> wanted, Map<RecordKey, Document> found) {
    for (Desired d : wanted) {
      Document record = found.get(d.key());
      RouteStatus current = record == null ? null : RouteStatus.of(record);
      try {
        if (d instanceof Desired.Invalid i) {
          RouteStatus next = RouteStatus.invalid(i.message(), clock.instant());
          if (invalid.add(d.key()) || !next.sameReport(current)) {
            LOG.warning(() -> d.key() + ": skipped, " + i.message());
          }
          if (!next.sameReport(current)) {
            records.writeStatus(d.key(), next);
          }
        } else {
          invalid.remove(d.key());
          if (current != null) {
            records.writeStatus(d.key(), null);
          }
        }
      } catch (MongoException e) {
        LOG.warning(() -> d.key() + ": could not write routeStatus: " + e.getMessage());
      }
    }
  }
}
