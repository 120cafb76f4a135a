package dev.inkwell.tenancy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which server to call and with which token, and where each came from (named in error hints). Each of the two is
 * resolved on its own, first found wins: the flag, the environment ({@code INKWELL_URL}, {@code INKWELL_TOKEN}), the
 * config file ({@code ~/.config/inkwell/config.json}, {@code {"url","token"}}), then the files a local
 * {@code ./inkwell dev} writes ({@code .inkwell/api-url}, {@code .inkwell/operator-token}; {@code INKWELL_DATA} names
 * another folder than {@code .inkwell}).
 */
record Target(URI url, String token, String urlSource, String tokenSource) {

  static final String HOW_TO = "pass --url and --token, set INKWELL_URL and INKWELL_TOKEN, write {\"url\": ..., "
      + "\"token\": ...} to ~/.config/inkwell/config.json, or run ./inkwell dev in this folder";

  static Target resolve(String flagUrl, String flagToken, Context ctx) {
    Path config = configFile(ctx);
    // Read only when a flag or variable is missing: a broken config file must not break explicit settings.
    boolean needFile = (flagUrl == null && ctx.env("INKWELL_URL") == null)
        || (flagToken == null && ctx.env("INKWELL_TOKEN") == null);
    JsonNode file = needFile ? readConfig(config) : null;
    Path data = ctx.cwd().resolve(ctx.env("INKWELL_DATA") == null ? ".inkwell" : ctx.env("INKWELL_DATA"));

    Found url = first(
        found(flagUrl, "--url"),
        found(ctx.env("INKWELL_URL"), "INKWELL_URL"),
        found(text(file, "url"), config.toString()),
        found(readLine(data.resolve("api-url")), data.resolve("api-url").toString()));
    Found token = first(
        found(flagToken, "--token"),
        found(ctx.env("INKWELL_TOKEN"), "INKWELL_TOKEN"),
        found(text(file, "token"), config.toString()),
        found(readLine(data.resolve("operator-token")), data.resolve("operator-token").toString()));
    if (url == null && token == null) {
      throw Failure.user("no server URL or token: " + HOW_TO);
    }
    if (url == null) {
      throw Failure.user("no server URL: " + HOW_TO);
    }
    if (token == null) {
      throw Failure.user("no token: " + HOW_TO);
    }
    return new Target(parseUrl(url), token.value(), url.source(), token.source());
  }

  static Path configFile(Context ctx) {
    String xdg = ctx.env("XDG_CONFIG_HOME");
    Path base = xdg != null ? Path.of(xdg) : ctx.home().resolve(".config");
    return base.resolve("inkwell").resolve("config.json");
  }

  private static URI parseUrl(Found url) {
    String v = url.value().endsWith("/") ? url.value().substring(0, url.value().length() - 1) : url.value();
    try {
      URI uri = URI.create(v);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
        return uri;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw Failure.user("server URL " + url.value() + " from " + url.source() + " is not an http(s)://host[:port] URL");
  }

  private static JsonNode readConfig(Path file) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      JsonNode n = new ObjectMapper().readTree(file.toFile());
      if (n == null || !n.isObject()) {
        throw Failure.user(file + ": expected a JSON object {\"url\": ..., \"token\": ...}");
      }
      return n;
    } catch (IOException e) {
      throw Failure.user(file + ": not readable JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
    }
  }

  private static String readLine(Path file) {
    try {
      return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8).strip() : null;
    } catch (IOException e) {
      throw Failure.user(file + ": " + e.getMessage());
    }
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n == null ? null : n.get(field);
    return v == null || !v.isTextual() ? null : v.asText();
  }

  private record Found(String value, String source) {
  }

  private static Found found(String value, String source) {
    return value == null || value.isBlank() ? null : new Found(value.strip(), source);
  }

  private static Found first(Found... candidates) {
    for (Found f : candidates) {
      if (f != null) {
        return f;
      }
    }
    return null;
  }
}
