package dev.inkwell.controller.reconcile;

/** The outcome of one {@link Change}. */
public sealed interface WriteResult {

  String id();

  /** Applied; {@code revision} is the store's revision after the write. */
  record Written(String id, long revision) implements WriteResult {
  }

  /** Someone else wrote the key since it was read: nothing was written; re-read and diff again. */
  record Conflict(String id) implements WriteResult {
  }

  /** This replica is not (or no longer) the leader: nothing was written. */
  record NotLeader(String id) implements WriteResult {
  }
}
