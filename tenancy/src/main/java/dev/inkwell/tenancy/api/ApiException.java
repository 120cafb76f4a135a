package dev.inkwell.tenancy.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An answer other than success, with the status and the stable error code of the API contract ({@code API.md}).
 * Thrown anywhere below a handler; the server turns it into {@code {"error": {"code", "message", ...}}}.
 */
public final class ApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final Map<String, Object> details = new LinkedHashMap<>();

  public ApiException(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  public static ApiException invalid(String field, Object value, String expected) {
    return new ApiException(400, "invalid_field", field + ": " + shown(value) + " (expected: " + expected + ")")
        .with("field", field);
  }

  public static ApiException missing(String field, String expected) {
    return new ApiException(400, "missing_field", field + ": missing (expected: " + expected + ")").with("field", field);
  }

  public static ApiException notFound(String what) {
    return new ApiException(404, "not_found", what + " not found");
  }

  public static ApiException conflict(String message) {
    return new ApiException(409, "conflict", message);
  }

  private static String shown(Object value) {
    String s = String.valueOf(value);
    return s.length() > 80 ? s.substring(0, 77) + "..." : s;
  }

  public ApiException with(String key, Object value) {
    details.put(key, value);
    return this;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public Map<String, Object> details() {
    return details;
  }
}
