package dev.inkwell.tenancy.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/** The one ObjectMapper of the control plane, and request-body parsing with the contract's error. */
public final class Json {

  public static final ObjectMapper MAPPER = new ObjectMapper()
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private Json() {
  }

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** Parses a request body; an empty body is an empty object. */
  public static JsonNode parse(byte[] body) {
    if (body.length == 0) {
      return MAPPER.createObjectNode();
    }
    try {
      return MAPPER.readTree(body);
    } catch (IOException e) {
      String m = e.getMessage();
      int cut = m == null ? -1 : m.indexOf('\n');
      throw new ApiException(400, "invalid_json", "request body is not JSON: " + (cut > 0 ? m.substring(0, cut) : m));
    }
  }

  public static byte[] bytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
