package dev.inkwell.controller.reconcile;

import dev.inkwell.controller.desired.RecordKey;
import java.util.Set;

/** What one reconcile pass came to; the worker decides what happens next from it. */
public sealed interface Outcome {

  /** The store now matches the records in scope (except records reported invalid). */
  record Done(int written, int deleted, int unchanged) implements Outcome {
  }

  /**
   * Some keys were written by someone else between read and write: nothing of theirs was written. Reconcile them
   * again from a fresh read ({@code full}: a full resync, when the pass was one).
   */
  record Retry(Set<RecordKey> keys, boolean full) implements Outcome {
  }

  /** The store or the record database could not be reached: retry after a backoff. */
  record Unavailable(String reason) implements Outcome {
  }

  /** This replica is not the leader: nothing was written. */
  record NotLeader() implements Outcome {
  }
}
