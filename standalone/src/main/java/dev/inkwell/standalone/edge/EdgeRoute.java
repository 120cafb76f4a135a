package dev.inkwell.standalone.edge;

import dev.inkwell.runner.conf.PreparedConf;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A stored route as the edge serves it, read once per route revision. Immutable. */
sealed interface EdgeRoute {

  String id();

  long revision();

  /** {@code /*}-style prefix ({@code /x/*}) or exact path, as in the route's {@code uri}. */
  String uri();

  /** Allowed methods, empty for all. */
  Set<String> methods();

  default boolean matchesPath(String path) {
    String u = uri();
    if (u.endsWith("*")) {
      return path.startsWith(u.substring(0, u.length() - 1));
    }
    return path.equals(u);
  }

  /** One {@code proxy-rewrite.regex_uri} pair. */
  record Rewrite(Pattern regex, String replacement) {
  }

  /**
   * The path the upstream sees: APISIX's regex_uri rule, the first pair whose regex matches rewrites (its first
   * match, with {@code $1}-style groups); no match leaves the path as it is.
   */
  static String rewrite(List<Rewrite> rewrites, String path) {
    for (Rewrite r : rewrites) {
      Matcher m = r.regex().matcher(path);
      if (m.find()) {
        return m.replaceFirst(r.replacement());
      }
    }
    return path;
  }

  /**
   * An app: the runner's filters, then the runtime.
   *
   * @param conf the prepared {@code ext-plugin-pre-req} conf, or null when the route has none
   * @param allowDegradation let requests through when the conf is refused (APISIX's flag), instead of 503
   * @param websocket the route's {@code enable_websocket}: pass {@code Upgrade: websocket} on
   */
  record App(String id, long revision, String uri, Set<String> methods, String upstreamHost, int upstreamPort,
      PreparedConf conf, boolean allowDegradation, List<Rewrite> rewrites, Duration connectTimeout,
      Duration readTimeout, boolean websocket, String appid) implements EdgeRoute {
  }

  /** A public bucket served as a site: the path is rewritten to {@code /<bucket>/<key>} and read from S3. */
  record Site(String id, long revision, String uri, Set<String> methods, List<Rewrite> rewrites)
      implements EdgeRoute {
  }
}
