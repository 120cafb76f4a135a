package org.apache.apisix.plugin.runner.filter;

import java.util.List;
import org.apache.apisix.plugin.runner.HttpRequest;
import org.apache.apisix.plugin.runner.HttpResponse;
import org.apache.apisix.plugin.runner.PostRequest;
import org.apache.apisix.plugin.runner.PostResponse;

/**
 * A filter as the official runner defines it. {@link #name()} is the {@code name} of its entry in the route's
 * {@code ext-plugin-pre-req} / {@code ext-plugin-post-resp} {@code conf} list; its {@code value} string is
 * {@code request.getConfig(this)}. Call {@code chain.filter(request, response)} to pass to the next filter.
 *
 * <p>In the Inkwell runner these filters run off the event loop (they may block), after Inkwell's own filters of the
 * same conf; {@link #requiredVars()} and {@link #requiredBody()} are fetched from APISIX before the first of them runs.
 */
public interface PluginFilter {

  String name();

  default void filter(HttpRequest request, HttpResponse response, PluginFilterChain chain) {
  }

  default void postFilter(PostRequest request, PostResponse response, PluginFilterChain chain) {
  }

  default List<String> requiredVars() {
    return null;
  }

  default Boolean requiredBody() {
    return false;
  }

  default Boolean requiredRespBody() {
    return false;
  }
}
