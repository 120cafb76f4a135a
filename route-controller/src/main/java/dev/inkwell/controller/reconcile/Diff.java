package dev.inkwell.controller.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.controller.desired.Desired;
import dev.inkwell.controller.desired.Ownership;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What to write so that the stored routes match the desired ones: a pure function.
 *
 * <ul>
 *   <li>A wanted route that is missing is created ({@code create_time} = {@code update_time} = now).</li>
 *   <li>A wanted route that differs from the stored one (ignoring the two times) is replaced, keeping the stored
 *       {@code create_time}; one that differs in nothing else is not written at all, so a resync of unchanged
 *       records writes nothing.</li>
 *   <li>A stored route of ours that nothing wants is deleted; the route of an {@link Desired.Invalid} record is kept.
 *       </li>
 *   <li>A stored route that is not ours ({@link Ownership}) is never written or deleted, even under one of our ids: it
 *       is reported as a {@link Plan#foreign() foreign} id.</li>
 * </ul>
 */
public final class Diff {

  private Diff() {
  }

  /** The changes, and the wanted ids blocked by a route that is not ours. */
  public record Plan(List<Change> changes, List<String> foreign) {
  }

  /**
   * @param desired what the records in scope want
   * @param stored the stored routes in scope: the routes of {@code desired}'s ids, plus (in a full resync) every
   *     candidate under our id prefix
   * @param nowSeconds the time written into {@code create_time}/{@code update_time}
   */
  public static Plan plan(Collection<Desired> desired, Map<String, StoredRoute> stored, long nowSeconds) {
    List<Change> changes = new ArrayList<>();
    List<String> foreign = new ArrayList<>();
    Set<String> accounted = new HashSet<>();
    for (Desired d : desired) {
      String id = d.routeId();
      accounted.add(id);
      StoredRoute s = stored.get(id);
      boolean ours = s != null && Ownership.owned(id, s.value());
      switch (d) {
        case Desired.Route r -> {
          if (s == null) {
            changes.add(new Change.Put(id, stamped(r.body(), nowSeconds, nowSeconds), 0));
          } else if (!ours) {
            foreign.add(id);
          } else if (!sameIgnoringTimes(r.body(), s.value())) {
            long created = s.value().path("create_time").canConvertToLong()
                && s.value().path("create_time").isIntegralNumber() ? s.value().get("create_time").asLong() : nowSeconds;
            changes.add(new Change.Put(id, stamped(r.body(), created, nowSeconds), s.modRevision()));
          }
        }
        case Desired.Absent a -> {
          if (ours) {
            changes.add(new Change.Delete(id, s.modRevision()));
          }
        }
        case Desired.Invalid i -> {
          // keep whatever is there: the last valid route stays, as in APISIX
        }
      }
    }
    for (StoredRoute s : stored.values()) {
      if (!accounted.contains(s.id()) && Ownership.owned(s.id(), s.value())) {
        changes.add(new Change.Delete(s.id(), s.modRevision()));
      }
    }
    return new Plan(List.copyOf(changes), List.copyOf(foreign));
  }

  static boolean sameIgnoringTimes(ObjectNode desired, JsonNode stored) {
    if (!stored.isObject()) {
      return false;
    }
    ObjectNode s = ((ObjectNode) stored).deepCopy();
    s.remove("create_time");
    s.remove("update_time");
    return desired.equals(s);
  }

  private static ObjectNode stamped(ObjectNode body, long created, long updated) {
    ObjectNode v = body.deepCopy();
    v.put("create_time", created);
    v.put("update_time", updated);
    return v;
  }
}
