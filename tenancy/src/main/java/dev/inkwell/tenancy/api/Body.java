package dev.inkwell.tenancy.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A JSON object from a request, read field by field with the contract's errors: unknown fields are refused by name,
 * wrong types name the field and what was expected. {@code prefix} makes nested fields read {@code limits.rate}.
 */
public final class Body {

  private final ObjectNode node;
  private final String prefix;

  private Body(ObjectNode node, String prefix) {
    this.node = node;
    this.prefix = prefix;
  }

  public static Body of(JsonNode node, String prefix, String what) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return new Body(Json.MAPPER.createObjectNode(), prefix);
    }
    if (!node.isObject()) {
      throw ApiException.invalid(prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1),
          node.getNodeType().name().toLowerCase(java.util.Locale.ROOT), what);
    }
    return new Body((ObjectNode) node, prefix);
  }

  /** Refuses any field not in {@code known}. */
  public Body only(Set<String> known) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!known.contains(f)) {
        throw new ApiException(400, "unknown_field", prefix + f + ": unknown field (known: " + String.join(", ",
            known.stream().sorted().toList()) + ")").with("field", prefix + f);
      }
    }
    return this;
  }

  public boolean has(String field) {
    return node.has(field);
  }

  public boolean isNull(String field) {
    return node.has(field) && node.get(field).isNull();
  }

  public String name(String field) {
    return prefix + field;
  }

  public String string(String field, String expected) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw ApiException.invalid(name(field), v, expected);
    }
    return v.asText();
  }

  public String requiredString(String field, String expected) {
    String s = string(field, expected);
    if (s == null) {
      throw ApiException.missing(name(field), expected);
    }
    return s;
  }

  public Double number(String field, String expected) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isNumber()) {
      throw ApiException.invalid(name(field), v, expected);
    }
    return v.asDouble();
  }

  public Integer integer(String field, String expected) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw ApiException.invalid(name(field), v, expected);
    }
    return v.asInt();
  }

  public Boolean bool(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isBoolean()) {
      throw ApiException.invalid(name(field), v, "true or false");
    }
    return v.asBoolean();
  }

  public List<String> strings(String field, String expected) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isArray()) {
      throw ApiException.invalid(name(field), v, "an array of " + expected);
    }
    List<String> out = new ArrayList<>();
    for (JsonNode e : v) {
      if (!e.isTextual()) {
        throw ApiException.invalid(name(field) + "[" + out.size() + "]", e, expected);
      }
      out.add(e.asText());
    }
    return out;
  }

  /** A nested object, or null when absent. */
  public Body object(String field, String expected) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    return of(v, prefix + field + ".", expected);
  }

  /** A JSON object of string values (or null values, meaning "unset"), in order. */
  public Map<String, String> stringMap(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isObject()) {
      throw ApiException.invalid(name(field), v, "an object of string values");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual() && !e.getValue().isNull()) {
        throw ApiException.invalid(name(field) + "." + e.getKey(), e.getValue(), "a string (or null to unset)");
      }
      out.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText());
    }
    return out;
  }

  public JsonNode raw(String field) {
    return node.get(field);
  }
}
