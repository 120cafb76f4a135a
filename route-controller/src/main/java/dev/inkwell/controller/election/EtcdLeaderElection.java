package dev.inkwell.controller.election;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.election.LeaderKey;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.support.CloseableClient;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Leader election through etcd's election API, backed by a lease of {@code ttl}: the replica whose campaign wins holds
 * the election key while its lease is kept alive. When the leader dies its lease expires and the next campaigner wins,
 * within the TTL.
 *
 * <p>A replica stops writing as soon as it cannot be sure it still holds the lease: {@link #current()} is empty once
 * the keep-alive stream fails, or when no keep-alive has been answered for {@code ttl - ttl/4} (the last quarter is a
 * margin for clocks and latency). The lease's end is measured with the injected {@link Clock}. Independently of this
 * view, every write compares the election key's create revision ({@link Leadership.Guard}), so a deposed leader's write
 * fails in etcd itself.
 *
 * <p>Concurrency: one campaign thread changes the term; {@link #current()} reads a volatile snapshot.
 */
public final class EtcdLeaderElection implements Leadership, AutoCloseable {

  private static final Logger LOG = Logger.getLogger(EtcdLeaderElection.class.getName());

  private record Term(Guard guard, LeaderKey key, long leaseId) {
  }

  private final Client client;
  private final ByteSequence name;
  private final ByteSequence proposal;
  private final Duration ttl;
  private final Clock clock;
  private final Consumer<Boolean> onChange;
  private final Thread thread;
  private volatile Term term;
  private volatile long lastKeepAliveMillis;
  private volatile boolean leaseLost;
  private volatile boolean running = true;

  /**
   * @param electionName the etcd election (key prefix) shared by all replicas
   * @param replicaId this replica's name, stored as the election value (for operators)
   * @param onChange called with true when this replica becomes the leader, false when it stops being it
   */
  public EtcdLeaderElection(Client client, String electionName, String replicaId, Duration ttl, Clock clock,
      Consumer<Boolean> onChange) {
    this.client = client;
    this.name = ByteSequence.from(electionName, StandardCharsets.UTF_8);
    this.proposal = ByteSequence.from(replicaId, StandardCharsets.UTF_8);
    this.ttl = ttl;
    this.clock = clock;
    this.onChange = onChange;
    this.thread = Thread.ofPlatform().daemon().name("election").unstarted(this::run);
  }

  public void start() {
    thread.start();
  }

  @Override
  public Optional<Guard> current() {
    Term t = term;
    if (t == null || !running || leaseLost || clock.millis() - lastKeepAliveMillis > ttl.toMillis() - ttl.toMillis() / 4) {
      return Optional.empty();
    }
    return Optional.of(t.guard());
  }

  private void run() {
    long backoff = 200;
    while (running) {
      CloseableClient keepAlive = null;
      long leaseId = 0;
      try {
        leaseId = client.getLeaseClient().grant(ttl.toSeconds()).get(ttl.toMillis(), TimeUnit.MILLISECONDS).getID();
        leaseLost = false;
        lastKeepAliveMillis = clock.millis();
        keepAlive = client.getLeaseClient().keepAlive(leaseId, new StreamObserver<>() {
          @Override
          public void onNext(LeaseKeepAliveResponse r) {
            if (r.getTTL() > 0) {
              lastKeepAliveMillis = clock.millis();
            } else {
              leaseLost = true;
            }
          }

          @Override
          public void onError(Throwable t) {
            leaseLost = true;
          }

          @Override
          public void onCompleted() {
            leaseLost = true;
          }
        });
        LeaderKey key = campaign(leaseId);
        if (key == null) {
          continue; // lease lost while campaigning: start over with a new lease
        }
        term = new Term(new Guard(key.getKey().toString(StandardCharsets.UTF_8), key.getRevision()), key, leaseId);
        LOG.info("this replica is now the leader (lease " + Long.toHexString(leaseId) + ")");
        onChange.accept(true);
        backoff = 200;
        while (running && current().isPresent()) {
          Thread.sleep(Math.max(50, ttl.toMillis() / 10));
        }
        term = null;
        if (running) {
          LOG.warning("leadership lost (lease " + Long.toHexString(leaseId) + " not kept alive): writes stopped");
        }
        onChange.accept(false);
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        term = null;
        if (!running) {
          return;
        }
        LOG.log(Level.WARNING, "election: " + e + "; retrying in " + backoff + " ms");
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException ie) {
          return;
        }
        backoff = Math.min(backoff * 2, 5000);
      } finally {
        if (keepAlive != null) {
          keepAlive.close();
        }
        if (leaseId != 0) {
          // give the lease up at once (a clean hand-over); if etcd is unreachable it expires by itself
          client.getLeaseClient().revoke(leaseId);
        }
      }
    }
  }

  /** Campaigns until elected; returns null if the lease is lost first. */
  private LeaderKey campaign(long leaseId) throws Exception {
    CompletableFuture<io.etcd.jetcd.election.CampaignResponse> f = client.getElectionClient()
        .campaign(name, leaseId, proposal);
    while (running) {
      try {
        return f.get(200, TimeUnit.MILLISECONDS).getLeader();
      } catch (TimeoutException e) {
        if (leaseLost || clock.millis() - lastKeepAliveMillis > ttl.toMillis()) {
          f.cancel(true);
          return null;
        }
      }
    }
    f.cancel(true);
    throw new InterruptedException("closing");
  }

  @Override
  public void close() {
    running = false; // current() is empty from here on, even before the campaign thread has wound down
    thread.interrupt();
    try {
      thread.join(3000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    term = null;
  }
}
