package dev.inkwell.controller.desired;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Which stored routes are ours. A key is ours iff its id starts with {@code inkwell-} and its value's labels carry
 * {@code managed-by: inkwell}: both are checked before any update or delete, so a foreign route under the same prefix
 * (even one that happens to use our id prefix) is never touched.
 */
public final class Ownership {

  public static final String LABEL = "managed-by";
  public static final String VALUE = "inkwell";

  private Ownership() {
  }

  public static boolean owned(String id, JsonNode value) {
    return id.startsWith(RecordKey.ID_PREFIX) && value != null && value.isObject()
        && VALUE.equals(value.path("labels").path(LABEL).asText(null));
  }
}
