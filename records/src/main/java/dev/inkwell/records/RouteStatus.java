package dev.inkwell.records;

import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import org.bson.Document;

/**
 * What the route controller reports on a record whose route it cannot write: {@code routeStatus: {state: "invalid",
 * message, at}}. The field is absent while the record's route is fine; the controller removes it once the record is
 * valid again. The controller is the only writer of this field.
 */
public record RouteStatus(String state, String message, Instant at) {

  public static final String INVALID = "invalid";

  public RouteStatus {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(message, "message");
  }

  public static RouteStatus invalid(String message, Instant at) {
    return new RouteStatus(INVALID, message, at);
  }

  /** The status stored on a record, or null. */
  public static RouteStatus of(Document record) {
    Object v = record.get(SystemDatabase.ROUTE_STATUS);
    if (!(v instanceof Document d) || !(d.get("state") instanceof String s)) {
      return null;
    }
    Object at = d.get("at");
    return new RouteStatus(s, String.valueOf(d.get("message")), at instanceof Date date ? date.toInstant() : null);
  }

  /** Same report, whenever made: the controller rewrites a status only when this differs. */
  public boolean sameReport(RouteStatus other) {
    return other != null && state.equals(other.state) && message.equals(other.message);
  }

  public Document toDocument() {
    Document d = new Document("state", state).append("message", message);
    return at == null ? d : d.append("at", Date.from(at));
  }
}
