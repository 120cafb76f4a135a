package dev.inkwell.controller.election;

import java.util.Optional;

/** Whether this replica may write, and the proof it attaches to each write. */
public interface Leadership {

  /**
   * The guard of the current term, or empty when this replica is not the leader right now. Checked before every write
   * batch; the store also makes each write conditional on the guard, so a deposed leader's write fails even if its
   * own view is late.
   */
  Optional<Guard> current();

  /**
   * Proof of leadership: the election key of this replica's term and its create revision. A store that cannot compare
   * it (the Admin API) relies on the check before the write alone.
   */
  record Guard(String key, long createRevision) {
    /** For a single replica that writes without an election (tests, one-off tools). */
    public static final Guard NONE = new Guard("", 0);

    public boolean none() {
      return key.isEmpty();
    }
  }

  /** Always the leader, with no guard: for a single replica and for tests. */
  static Leadership always() {
    return () -> Optional.of(Guard.NONE);
  }
}
