package dev.inkwell.controller.reconcile;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The single thread that reconciles: takes keys (or a full resync) from the {@link KeyQueue} and acts on the
 * {@link Outcome}. One worker means no two passes race on the same key, and the desired state it writes is always
 * computed from the records as they are when it runs, so a retry after an outage writes the latest state, never a
 * stale one.
 */
public final class Worker implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(Worker.class.getName());
  static final int MAX_KEYS_PER_PASS = 500;
  private static final long CONFLICT_PAUSE_MS = 20;

  private final KeyQueue queue;
  private final Reconciler reconciler;
  private final Backoff backoff;
  private final Thread thread;
  private volatile boolean running = true;

  public Worker(KeyQueue queue, Reconciler reconciler, long initialBackoffMillis, long maxBackoffMillis) {
    this.queue = queue;
    this.reconciler = reconciler;
    this.backoff = new Backoff(initialBackoffMillis, maxBackoffMillis);
    this.thread = Thread.ofPlatform().name("reconcile").unstarted(this::run);
  }

  public void start() {
    thread.start();
  }

  private void run() {
    while (running) {
      try {
        KeyQueue.Batch b = queue.take(MAX_KEYS_PER_PASS, 1000);
        if (b == null) {
          continue;
        }
        Outcome o = b.full() ? reconciler.resyncAll() : reconciler.reconcile(b.keys());
        switch (o) {
          case Outcome.Done d -> backoff.reset();
          case Outcome.NotLeader n -> backoff.reset(); // the leader handles them; a new term starts with a full resync
          case Outcome.Retry r -> {
            queue.addAll(r.keys());
            if (r.full()) {
              queue.requestFullResync();
            }
            Thread.sleep(CONFLICT_PAUSE_MS);
          }
          case Outcome.Unavailable u -> {
            if (b.full()) {
              queue.requestFullResync();
            } else {
              queue.addAll(b.keys());
            }
            Thread.sleep(backoff.next());
          }
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        // a bug, not an outage: keep the worker alive, retry everything later
        LOG.log(Level.SEVERE, "reconcile pass failed unexpectedly", e);
        queue.requestFullResync();
        try {
          Thread.sleep(backoff.next());
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
