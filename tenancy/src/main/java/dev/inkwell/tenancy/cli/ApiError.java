package dev.inkwell.tenancy.cli;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An error answer of the control API: {@code {"error": {"code", "message", "field"?, "line"?, "column"?, "step"?}}}.
 * Answers that are not in that shape (a proxy's HTML page) keep the status and a piece of the body as the message.
 */
final class ApiError extends Failure {

  private final int status;
  private final String code;
  private final String apiMessage;
  private final String field;
  private final int line;
  private final int column;
  private final String step;

  private ApiError(int status, String code, String apiMessage, String field, int line, int column, String step,
                   String hint) {
    super(USER, describe(apiMessage, field, line, column, step) + (hint == null ? "" : " " + hint));
    this.status = status;
    this.code = code;
    this.apiMessage = apiMessage;
    this.field = field;
    this.line = line;
    this.column = column;
    this.step = step;
  }

  /** {@code body} is the parsed answer, or null when it was not JSON; {@code raw} is its text. */
  static ApiError of(int status, JsonNode body, String raw, String hint) {
    JsonNode e = body == null ? null : body.get("error");
    if (e == null || !e.isObject()) {
      String text = raw == null ? "" : raw.strip().lines().findFirst().orElse("");
      if (text.length() > 200) {
        text = text.substring(0, 200) + "...";
      }
      return new ApiError(status, "http_" + status, "HTTP " + status + (text.isEmpty() ? "" : ": " + text), null, 0, 0,
          null, hint);
    }
    return new ApiError(status, text(e, "code"), orElse(text(e, "message"), "HTTP " + status), text(e, "field"),
        e.path("line").asInt(0), e.path("column").asInt(0), text(e, "step"), hint);
  }

  private static String describe(String message, String field, int line, int column, String step) {
    StringBuilder s = new StringBuilder();
    if (line > 0) {
      s.append(line).append(':').append(column).append(": ");
    }
    // The API's messages usually start with the field already ("limits.rate: -1 (expected: ...)").
    if (field != null && !message.contains(field)) {
      s.append(field).append(": ");
    }
    s.append(message);
    if (step != null) {
      s.append(" (step: ").append(step).append(')');
    }
    return s.toString();
  }

  private static String text(JsonNode n, String name) {
    JsonNode v = n.get(name);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static String orElse(String v, String otherwise) {
    return v == null || v.isBlank() ? otherwise : v;
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }

  /** The API's message alone, without field, position or hint. */
  String apiMessage() {
    return apiMessage;
  }

  String field() {
    return field;
  }

  int line() {
    return line;
  }

  int column() {
    return column;
  }

  String step() {
    return step;
  }
}
