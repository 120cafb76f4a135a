package dev.inkwell.standalone.edge;

import java.util.Locale;
import java.util.Map;

/** Content types of site files: the object's stored type when it says something, else by file extension. */
final class ContentTypes {

  private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
      Map.entry("html", "text/html; charset=utf-8"),
      Map.entry("htm", "text/html; charset=utf-8"),
      Map.entry("css", "text/css; charset=utf-8"),
      Map.entry("js", "application/javascript; charset=utf-8"),
      Map.entry("mjs", "application/javascript; charset=utf-8"),
      Map.entry("json", "application/json"),
      Map.entry("map", "application/json"),
      Map.entry("svg", "image/svg+xml"),
      Map.entry("png", "image/png"),
      Map.entry("jpg", "image/jpeg"),
      Map.entry("jpeg", "image/jpeg"),
      Map.entry("gif", "image/gif"),
      Map.entry("webp", "image/webp"),
      Map.entry("ico", "image/x-icon"),
      Map.entry("woff2", "font/woff2"),
      Map.entry("woff", "font/woff"),
      Map.entry("txt", "text/plain; charset=utf-8"),
      Map.entry("wasm", "application/wasm"));

  /** Types an uploader sets when it knows nothing: the extension knows better. */
  private static final java.util.Set<String> GENERIC = java.util.Set.of("application/octet-stream",
      "binary/octet-stream", "application/x-www-form-urlencoded", "");

  private ContentTypes() {
  }

  static String of(String key, String stored) {
    if (stored != null && !GENERIC.contains(stored.trim().toLowerCase(Locale.ROOT))) {
      return stored;
    }
    int slash = key.lastIndexOf('/');
    int dot = key.lastIndexOf('.');
    if (dot > slash) {
      String t = BY_EXTENSION.get(key.substring(dot + 1).toLowerCase(Locale.ROOT));
      if (t != null) {
        return t;
      }
    }
    return "application/octet-stream";
  }

  static boolean html(String contentType) {
    return contentType.regionMatches(true, 0, "text/html", 0, 9);
  }
}
