package dev.inkwell.runner.filter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.stream.Collectors;

/** Reads a filter's conf value into a record, turning Jackson's errors into one line that names the field. */
public final class ConfJson {

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private ConfJson() {
  }

  /** Loads and links Jackson's parsing paths (called once at start, off the critical path). */
  public static void warmUp() {
    try {
      MAPPER.readValue("{\"a\":[1,\"b\",true,{\"c\":1.5}]}", java.util.Map.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static <T> T read(String json, Class<T> type) {
    if (json == null || json.isBlank()) {
      throw new IllegalArgumentException("value is empty (expected: a JSON object)");
    }
    try {
      return MAPPER.readValue(json, type);
    } catch (UnrecognizedPropertyException e) {
      throw new IllegalArgumentException("unknown field \"" + e.getPropertyName() + "\" (expected one of: "
          + e.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")) + ")");
    } catch (InvalidFormatException e) {
      throw new IllegalArgumentException(path(e) + ": " + e.getValue() + " (expected: "
          + e.getTargetType().getSimpleName().toLowerCase(java.util.Locale.ROOT) + ")");
    } catch (MismatchedInputException e) {
      throw new IllegalArgumentException(path(e) + ": wrong type (expected: "
          + (e.getTargetType() == null ? "a JSON object" : e.getTargetType().getSimpleName()) + ")");
    } catch (JsonProcessingException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IllegalArgumentException iae) {
        throw iae; // a record's own validation
      }
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage());
    }
  }

  private static String path(MismatchedInputException e) {
    String p = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining("."));
    return p.isEmpty() ? "value" : p;
  }
}
