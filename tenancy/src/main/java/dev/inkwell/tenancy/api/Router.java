package dev.inkwell.tenancy.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Method + path templates to handlers. A template segment {@code {name}} matches one path segment, {@code {name+}}
 * the rest of the path (object keys, function names with folders). First match wins, in the order routes were added.
 */
public final class Router {

  /** A handler: may block (it runs on a virtual thread), throws {@link ApiException} for any non-success answer. */
  @FunctionalInterface
  public interface Handler {
    ApiResponse handle(ApiRequest request) throws Exception;
  }

  /** One route; {@code open} routes need no token. */
  public record Route(String method, String template, boolean open, Handler handler, String[] segments) {
  }

  /** A matched route with its path parameters. */
  public record Match(Route route, Map<String, String> params) {
  }

  private final List<Route> routes = new ArrayList<>();

  public Router add(String method, String template, Handler handler) {
    routes.add(new Route(method, template, false, handler, split(template)));
    return this;
  }

  public Router open(String method, String template, Handler handler) {
    routes.add(new Route(method, template, true, handler, split(template)));
    return this;
  }

  public List<Route> routes() {
    return List.copyOf(routes);
  }

  /**
   * The route for this request; 404 when no template matches the path, 405 (with the allowed methods) when one matches
   * with another method.
   */
  public Match match(String method, String path) {
    String[] parts = split(path);
    TreeSet<String> allowed = new TreeSet<>();
    for (Route r : routes) {
      Map<String, String> params = bind(r.segments(), parts);
      if (params == null) {
        continue;
      }
      if (r.method().equals(method)) {
        return new Match(r, params);
      }
      allowed.add(r.method());
    }
    if (!allowed.isEmpty()) {
      throw new ApiException(405, "method_not_allowed", method + " " + path + ": allowed " + String.join(", ", allowed));
    }
    throw new ApiException(404, "not_found", "no such endpoint: " + path);
  }

  private static Map<String, String> bind(String[] template, String[] parts) {
    Map<String, String> params = new java.util.HashMap<>();
    for (int i = 0; i < template.length; i++) {
      String t = template[i];
      if (t.startsWith("{") && t.endsWith("+}")) {
        if (i >= parts.length) {
          return null;
        }
        params.put(t.substring(1, t.length() - 2), String.join("/", java.util.Arrays.copyOfRange(parts, i, parts.length)));
        return params;
      }
      if (i >= parts.length) {
        return null;
      }
      if (t.startsWith("{")) {
        params.put(t.substring(1, t.length() - 1), parts[i]);
      } else if (!t.equals(parts[i])) {
        return null;
      }
    }
    return template.length == parts.length ? params : null;
  }

  private static String[] split(String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    if (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p.isEmpty() ? new String[0] : p.split("/", -1);
  }
}
