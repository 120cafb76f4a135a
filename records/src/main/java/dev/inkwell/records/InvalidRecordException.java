package dev.inkwell.records;

/**
 * A stored record that cannot be read as a valid {@link App} or {@link Bucket}. The message names the field, the value
 * and what was expected; it never contains secrets (records hold none).
 */
public final class InvalidRecordException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public InvalidRecordException(String message) {
    super(message);
  }

  static InvalidRecordException invalid(String field, Object value, String expected) {
    return new InvalidRecordException(field + ": " + value + " (expected: " + expected + ")");
  }
}
