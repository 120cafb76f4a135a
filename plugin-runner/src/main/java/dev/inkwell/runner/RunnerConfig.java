package dev.inkwell.runner;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;

/**
 * The runner's settings, from the environment APISIX gives it ({@code APISIX_LISTEN_ADDRESS},
 * {@code APISIX_CONF_EXPIRE_TIME}) and our own {@code INKWELL_RUNNER_*} variables. Bad values fail at start with
 * {@code NAME: value (expected: ...)}.
 *
 * @param socket the unix socket to listen on
 * @param socketMode permissions of the socket file (APISIX workers, often {@code nobody}, must be able to connect)
 * @param confTtl how long a prepared conf is kept: APISIX's expire time plus a margin
 * @param maxConfs at most this many prepared confs are held (least recently used go first)
 * @param maxFrameBytes frames announcing more than this are refused and their connection closed
 * @param metrics where {@code /metrics} is served, or null for nowhere
 * @param ioThreads event-loop threads
 * @param filters extra filter classes (official SDK {@code PluginFilter}s) to load by name
 * @param pluginsDir a folder of jars with more filters (ServiceLoader or {@code filters}), or null
 * @param tokenCacheSize verified-token results kept by {@code tenant-auth}
 */
public record RunnerConfig(Path socket, Set<PosixFilePermission> socketMode, Duration confTtl, long maxConfs,
    int maxFrameBytes, InetSocketAddress metrics, int ioThreads, List<String> filters, Path pluginsDir,
    long tokenCacheSize, Level logLevel) {

  public static RunnerConfig fromEnv(Map<String, String> env) {
    String listen = env.get("APISIX_LISTEN_ADDRESS");
    if (listen == null || !listen.startsWith("unix:") || listen.length() <= 5) {
      throw new IllegalArgumentException("APISIX_LISTEN_ADDRESS: " + listen
          + " (expected: unix:/path/to/socket; APISIX sets it when it starts the runner from ext-plugin.cmd)");
    }
    long expire = number(env, "APISIX_CONF_EXPIRE_TIME", 3600, 1, 365L * 24 * 3600, "seconds");
    // APISIX keeps a token for 0.9 x the expire time; keeping ours 10% + 60 s longer means it never asks for a token
    // we have already dropped because of age.
    Duration ttl = Duration.ofSeconds(expire + Math.max(60, expire / 10));
    String mode = env.getOrDefault("INKWELL_RUNNER_SOCKET_MODE", "0766");
    Set<PosixFilePermission> perms;
    try {
      perms = PosixFilePermissions.fromString(octalToRwx(mode));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("INKWELL_RUNNER_SOCKET_MODE: " + mode + " (expected: octal, e.g. 0766)");
    }
    InetSocketAddress metrics = address(env.getOrDefault("INKWELL_RUNNER_METRICS", "127.0.0.1:9542"));
    int cores = Runtime.getRuntime().availableProcessors();
    String filters = env.getOrDefault("INKWELL_RUNNER_FILTERS", "");
    String dir = env.get("INKWELL_RUNNER_PLUGINS_DIR");
    String level = env.getOrDefault("INKWELL_RUNNER_LOG_LEVEL", "info");
    Level lvl = switch (level.toLowerCase(java.util.Locale.ROOT)) {
      case "debug" -> Level.FINE;
      case "info" -> Level.INFO;
      case "warn" -> Level.WARNING;
      case "error" -> Level.SEVERE;
      default -> throw new IllegalArgumentException("INKWELL_RUNNER_LOG_LEVEL: " + level
          + " (expected: debug, info, warn or error)");
    };
    return new RunnerConfig(Path.of(listen.substring(5)), perms, ttl,
        number(env, "INKWELL_RUNNER_MAX_CONFS", 200_000, 100, 50_000_000, "prepared confs"),
        (int) number(env, "INKWELL_RUNNER_MAX_FRAME_BYTES", 16 * 1024 * 1024 - 1, 1024, 16 * 1024 * 1024 - 1,
            "bytes, at most 16777215"),
        metrics,
        (int) number(env, "INKWELL_RUNNER_IO_THREADS", Math.max(1, cores), 1, 256, "threads"),
        filters.isBlank() ? List.of() : Arrays.stream(filters.split(",")).map(String::trim)
            .filter(s -> !s.isEmpty()).toList(),
        dir == null || dir.isBlank() ? null : Path.of(dir),
        number(env, "INKWELL_RUNNER_TOKEN_CACHE", 100_000, 0, 10_000_000, "verified tokens"),
        lvl);
  }

  private static long number(Map<String, String> env, String name, long dflt, long min, long max, String unit) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    try {
      long n = Long.parseLong(v.trim());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new IllegalArgumentException(name + ": " + v + " (expected: " + min + ".." + max + " " + unit + ")");
  }

  private static InetSocketAddress address(String v) {
    if (v.equals("off") || v.isBlank()) {
      return null;
    }
    int colon = v.lastIndexOf(':');
    try {
      if (colon > 0) {
        return new InetSocketAddress(v.substring(0, colon), Integer.parseInt(v.substring(colon + 1)));
      }
    } catch (IllegalArgumentException ignored) {
      // reported below
    }
    throw new IllegalArgumentException("INKWELL_RUNNER_METRICS: " + v + " (expected: host:port, e.g. 127.0.0.1:9542, "
        + "or off)");
  }

  private static String octalToRwx(String octal) {
    if (!octal.matches("0?[0-7]{3}")) {
      throw new IllegalArgumentException(octal);
    }
    String digits = octal.substring(octal.length() - 3);
    StringBuilder sb = new StringBuilder(9);
    for (char d : digits.toCharArray()) {
      int n = d - '0';
      sb.append((n & 4) != 0 ? 'r' : '-').append((n & 2) != 0 ? 'w' : '-').append((n & 1) != 0 ? 'x' : '-');
    }
    return sb.toString();
  }
}
