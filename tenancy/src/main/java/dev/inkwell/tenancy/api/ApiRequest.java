package dev.inkwell.tenancy.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * One request, after routing: path parameters by name, query parameters, headers (lower-case names), the raw body and
 * the caller.
 */
public record ApiRequest(String method, String path, Map<String, String> params, Map<String, List<String>> query,
    Map<String, String> headers, byte[] body, Principal principal) {

  public String param(String name) {
    return params.get(name);
  }

  public String queryParam(String name) {
    List<String> v = query.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  public boolean queryFlag(String name) {
    String v = queryParam(name);
    if (v == null) {
      return false;
    }
    return switch (v) {
      case "true", "1", "" -> true;
      case "false", "0" -> false;
      default -> throw ApiException.invalid(name, v, "true or false");
    };
  }

  public int queryInt(String name, int dflt, int min, int max) {
    String v = queryParam(name);
    if (v == null) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw ApiException.invalid(name, v, "an integer in " + min + ".." + max);
  }

  /** The body as a JSON object, refusing fields outside {@code known}. */
  public Body json(java.util.Set<String> known) {
    JsonNode n = Json.parse(body);
    return Body.of(n, "", "a JSON object").only(known);
  }

  public String header(String name) {
    return headers.get(name);
  }
}
