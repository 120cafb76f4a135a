package dev.inkwell.runner.conf;

import java.util.List;
import java.util.Map;
import org.apache.apisix.plugin.runner.filter.PluginFilter;

/**
 * One conf APISIX prepared, as the calls that carry its token will use it: Inkwell filters with typed configs (run on
 * the event loop, in conf order), then official-SDK filters (run off the loop), and what those need fetched first.
 * Immutable.
 *
 * @param official official filters that implement {@code filter} (the HTTPReqCall chain)
 * @param officialPost official filters that implement {@code postFilter} (the HTTPRespCall chain)
 * @param raw filter name to raw value, kept only when official filters need {@code getConfig}
 * @param vars nginx variables the official filters asked for
 * @param invalid why the conf was refused (reported once, at prepare), or null; calls on a refused conf fail closed
 */
public record PreparedConf(long token, List<Bound<?>> natives, List<PluginFilter> official,
    List<PluginFilter> officialPost, Map<String, String> raw, List<String> vars, boolean reqBody, boolean respBody,
    String invalid) {

  /** ExtraInfo items to fetch before the official chain runs: the vars, then the body if asked for. */
  public int extraInfoItems(boolean response) {
    return vars.size() + ((response ? respBody : reqBody) ? 1 : 0);
  }
}
