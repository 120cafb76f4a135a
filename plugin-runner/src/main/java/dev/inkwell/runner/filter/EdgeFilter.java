package dev.inkwell.runner.filter;

/**
 * An Inkwell filter: its configuration is parsed and checked once, when APISIX prepares the route's conf; each call
 * then gets the typed value. Filters run on the connection's event loop, so {@link #filter} must not block: it decides
 * from what the HTTPReqCall carries (no round trips to APISIX).
 *
 * @param <C> the parsed configuration (immutable; shared by every call on the conf)
 */
public interface EdgeFilter<C> {

  /** The {@code name} of this filter's entry in {@code ext-plugin-pre-req.conf}. */
  String name();

  /**
   * Parses the entry's {@code value}.
   *
   * @throws IllegalArgumentException naming the field and what was expected
   */
  C parse(String value);

  void filter(C config, Call call, Verdict verdict);
}
