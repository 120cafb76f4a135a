package dev.inkwell.controller.reconcile;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A conditional write computed by {@link Diff}. */
public sealed interface Change {

  String id();

  /** The revision the key must still have for the write to apply; 0: the key must not exist. */
  long expectedModRevision();

  /** Create or replace a route; {@code value} carries its final {@code create_time}/{@code update_time}. */
  record Put(String id, ObjectNode value, long expectedModRevision) implements Change {
  }

  /** Remove a route of ours that no record wants any more. */
  record Delete(String id, long expectedModRevision) implements Change {
  }
}
