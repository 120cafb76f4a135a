package dev.inkwell.controller.desired;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** What one record wants in the gateway. */
public sealed interface Desired {

  RecordKey key();

  default String routeId() {
    return key().routeId();
  }

  /** This route, exactly (without {@code create_time}/{@code update_time}, which the writer sets). */
  record Route(RecordKey key, ObjectNode body) implements Desired {
  }

  /** No route: the record is gone, the app is not running, or the bucket is private. */
  record Absent(RecordKey key, String why) implements Desired {
  }

  /**
   * The record cannot produce a valid route. It is reported and its current route, if any, is left as it is (as APISIX
   * keeps the last valid version of a route it cannot load): a typo in a record must not take a live app down.
   */
  record Invalid(RecordKey key, String message) implements Desired {
  }
}
