package dev.inkwell.controller.etcd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inkwell.controller.election.Leadership;
import dev.inkwell.controller.reconcile.Change;
import dev.inkwell.controller.reconcile.RouteStore;
import dev.inkwell.controller.reconcile.StoreUnavailableException;
import dev.inkwell.controller.reconcile.StoredRoute;
import dev.inkwell.controller.reconcile.WriteResult;
import dev.inkwell.controller.desired.RecordKey;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Routes in etcd at {@code <prefix>/routes/<id>}, the keys every APISIX node watches.
 *
 * <p>Every write is a transaction that compares the key's mod revision (0: the key must not exist) and, under an
 * election, the leader key's create revision: a concurrent writer or a deposed leader makes the transaction fail, and
 * nothing is written. Changes go in batches of up to {@value #BATCH} keys per transaction (etcd allows 128 operations),
 * several batches in flight; a failed batch is retried key by key to tell the conflicting keys from the others.
 *
 * <p>Concurrency: thread-safe; the reconciler calls it from one worker thread.
 */
public final class EtcdRouteStore implements RouteStore {

  static final int BATCH = 100;
  static final int PAGE = 1000;
  private static final int MAX_BATCH_BYTES = 512 * 1024; // etcd refuses requests over 1.5 MiB by default
  private static final int IN_FLIGHT = 8;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KV kv;
  private final String routes;
  private final Duration timeout;

  /**
   * @param prefix APISIX's etcd prefix, {@code /apisix} by default
   * @param timeout how long one etcd call may take before the store counts as unavailable
   */
  public EtcdRouteStore(Client client, String prefix, Duration timeout) {
    this.kv = client.getKVClient();
    this.routes = prefix + "/routes/";
    this.timeout = timeout;
  }

  /**
   * Reads in pages of {@value #PAGE} keys, all at the revision of the first page: gRPC refuses answers over 4 MiB, and
   * 10,000 routes are about 15 MiB.
   */
  @Override
  public Map<String, StoredRoute> listCandidates() {
    String prefix = routes + RecordKey.ID_PREFIX;
    // the end of the prefix range: the prefix with its last character incremented ("inkwell-" -> "inkwell.")
    ByteSequence end = bytes(prefix.substring(0, prefix.length() - 1) + (char) (prefix.charAt(prefix.length() - 1) + 1));
    Map<String, StoredRoute> out = new HashMap<>();
    ByteSequence from = bytes(prefix);
    long revision = 0;
    while (true) {
      var page = await(kv.get(from, GetOption.builder().withRange(end).withLimit(PAGE).withRevision(revision)
          .withSortField(GetOption.SortTarget.KEY).withSortOrder(GetOption.SortOrder.ASCEND).build()));
      revision = page.getHeader().getRevision();
      for (KeyValue k : page.getKvs()) {
        StoredRoute r = stored(k);
        out.put(r.id(), r);
      }
      if (!page.isMore() || page.getKvs().isEmpty()) {
        return out;
      }
      from = bytes(page.getKvs().getLast().getKey().toString(StandardCharsets.UTF_8) + '\0');
    }
  }

  @Override
  public Map<String, StoredRoute> get(Collection<String> ids) {
    Map<String, StoredRoute> out = new HashMap<>();
    List<String> all = List.copyOf(ids);
    for (int i = 0; i < all.size(); i += BATCH) {
      List<Op> gets = all.subList(i, Math.min(all.size(), i + BATCH)).stream()
          .map(id -> (Op) Op.get(key(id), GetOption.DEFAULT)).toList();
      TxnResponse r = await(kv.txn().Then(gets.toArray(Op[]::new)).commit());
      r.getGetResponses().forEach(g -> g.getKvs().forEach(k -> {
        StoredRoute s = stored(k);
        out.put(s.id(), s);
      }));
    }
    return out;
  }

  @Override
  public List<WriteResult> apply(List<Change> changes, Leadership.Guard guard) {
    List<List<Change>> batches = batches(changes);
    List<WriteResult> results = new ArrayList<>(changes.size());
    for (int i = 0; i < batches.size(); i += IN_FLIGHT) {
      List<CompletableFuture<List<WriteResult>>> inFlight = new ArrayList<>();
      for (List<Change> b : batches.subList(i, Math.min(batches.size(), i + IN_FLIGHT))) {
        inFlight.add(applyBatch(b, guard));
      }
      for (CompletableFuture<List<WriteResult>> f : inFlight) {
        results.addAll(await(f));
      }
    }
    return results;
  }

  private CompletableFuture<List<WriteResult>> applyBatch(List<Change> batch, Leadership.Guard guard) {
    return txn(batch, guard).thenCompose(r -> {
      if (r.isSucceeded()) {
        long rev = r.getHeader().getRevision();
        return CompletableFuture.completedFuture(batch.stream().map(c -> (WriteResult) new WriteResult.Written(c.id(), rev))
            .toList());
      }
      if (!guardHolds(guard, r)) {
        return CompletableFuture.completedFuture(batch.stream().map(c -> (WriteResult) new WriteResult.NotLeader(c.id()))
            .toList());
      }
      if (batch.size() == 1) {
        return CompletableFuture.completedFuture(List.of(new WriteResult.Conflict(batch.getFirst().id())));
      }
      // Some key moved under us: apply key by key, so that only the conflicting ones are retried.
      List<CompletableFuture<List<WriteResult>>> singles = batch.stream().map(c -> applyBatch(List.of(c), guard)).toList();
      return CompletableFuture.allOf(singles.toArray(CompletableFuture[]::new))
          .thenApply(v -> singles.stream().flatMap(f -> f.join().stream()).toList());
    });
  }

  private CompletableFuture<TxnResponse> txn(List<Change> batch, Leadership.Guard guard) {
    List<Cmp> ifs = new ArrayList<>(batch.size() + 1);
    List<Op> thens = new ArrayList<>(batch.size());
    if (!guard.none()) {
      ifs.add(new Cmp(bytes(guard.key()), Cmp.Op.EQUAL, CmpTarget.createRevision(guard.createRevision())));
    }
    for (Change c : batch) {
      ByteSequence k = key(c.id());
      ifs.add(c.expectedModRevision() == 0 ? new Cmp(k, Cmp.Op.EQUAL, CmpTarget.version(0))
          : new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(c.expectedModRevision())));
      thens.add(switch (c) {
        case Change.Put p -> Op.put(k, bytes(p.value().toString()), PutOption.DEFAULT);
        case Change.Delete d -> Op.delete(k, DeleteOption.DEFAULT);
      });
    }
    var t = kv.txn().If(ifs.toArray(Cmp[]::new)).Then(thens.toArray(Op[]::new));
    if (!guard.none()) {
      t = t.Else(Op.get(bytes(guard.key()), GetOption.DEFAULT));
    }
    return t.commit();
  }

  private static boolean guardHolds(Leadership.Guard guard, TxnResponse failed) {
    if (guard.none()) {
      return true;
    }
    return failed.getGetResponses().stream().flatMap(g -> g.getKvs().stream())
        .anyMatch(k -> k.getCreateRevision() == guard.createRevision());
  }

  private static List<List<Change>> batches(List<Change> changes) {
    List<List<Change>> out = new ArrayList<>();
    List<Change> current = new ArrayList<>();
    int bytes = 0;
    for (Change c : changes) {
      int size = c instanceof Change.Put p ? p.value().toString().length() : 64;
      if (!current.isEmpty() && (current.size() == BATCH || bytes + size > MAX_BATCH_BYTES)) {
        out.add(current);
        current = new ArrayList<>();
        bytes = 0;
      }
      current.add(c);
      bytes += size;
    }
    if (!current.isEmpty()) {
      out.add(current);
    }
    return out;
  }

  private StoredRoute stored(KeyValue k) {
    String id = k.getKey().toString(StandardCharsets.UTF_8).substring(routes.length());
    JsonNode value;
    try {
      value = JSON.readTree(k.getValue().getBytes());
    } catch (java.io.IOException e) {
      value = null;
    }
    return new StoredRoute(id, value, k.getModRevision());
  }

  private ByteSequence key(String id) {
    return bytes(routes + id);
  }

  private static ByteSequence bytes(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }

  private <T> T await(CompletableFuture<T> f) {
    try {
      return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      f.cancel(true);
      throw new StoreUnavailableException("interrupted", e);
    } catch (ExecutionException e) {
      throw new StoreUnavailableException("etcd: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new StoreUnavailableException("etcd did not answer within " + timeout.toMillis() + " ms", e);
    }
  }

  @Override
  public void close() {
    kv.close();
  }
}
