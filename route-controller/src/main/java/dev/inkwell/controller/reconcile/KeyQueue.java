package dev.inkwell.controller.reconcile;

import dev.inkwell.controller.desired.RecordKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The keys waiting to be reconciled, plus a "full resync wanted" flag. A key queued twice is reconciled once (bursts
 * coalesce), always from the latest record, since the worker reads the record when it takes the key.
 *
 * <p>Concurrency: watchers and timers add from any thread; one worker takes.
 */
public final class KeyQueue {

  /** What the worker takes: a full resync covers every key, so keys taken with it need no pass of their own. */
  public record Batch(List<RecordKey> keys, boolean full) {
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition nonEmpty = lock.newCondition();
  private final LinkedHashSet<RecordKey> pending = new LinkedHashSet<>();
  private boolean full;

  public void add(RecordKey key) {
    addAll(List.of(key));
  }

  public void addAll(Collection<RecordKey> keys) {
    lock.lock();
    try {
      pending.addAll(keys);
      nonEmpty.signal();
    } finally {
      lock.unlock();
    }
  }

  public void requestFullResync() {
    lock.lock();
    try {
      full = true;
      nonEmpty.signal();
    } finally {
      lock.unlock();
    }
  }

  public int size() {
    lock.lock();
    try {
      return pending.size();
    } finally {
      lock.unlock();
    }
  }

  /** Waits up to {@code maxWaitMillis} for work; returns at most {@code max} keys (or a full resync), or null. */
  public Batch take(int max, long maxWaitMillis) throws InterruptedException {
    lock.lock();
    try {
      long nanos = TimeUnit.MILLISECONDS.toNanos(maxWaitMillis);
      while (pending.isEmpty() && !full) {
        if (nanos <= 0) {
          return null;
        }
        nanos = nonEmpty.awaitNanos(nanos);
      }
      if (full) {
        full = false;
        pending.clear();
        return new Batch(List.of(), true);
      }
      List<RecordKey> out = new ArrayList<>(Math.min(max, pending.size()));
      for (Iterator<RecordKey> it = pending.iterator(); it.hasNext() && out.size() < max; ) {
        out.add(it.next());
        it.remove();
      }
      return new Batch(out, false);
    } finally {
      lock.unlock();
    }
  }
}
