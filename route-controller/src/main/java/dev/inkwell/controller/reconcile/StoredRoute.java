package dev.inkwell.controller.reconcile;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A route as stored.
 *
 * @param value the parsed value, or null when it is not JSON (never ours, never touched)
 * @param modRevision the store's revision of the last write to this key, the basis of conditional writes
 */
public record StoredRoute(String id, JsonNode value, long modRevision) {
}
