package org.apache.apisix.plugin.runner.filter;

import java.util.ArrayList;
import java.util.List;
import org.apache.apisix.plugin.runner.HttpRequest;
import org.apache.apisix.plugin.runner.HttpResponse;
import org.apache.apisix.plugin.runner.PostRequest;
import org.apache.apisix.plugin.runner.PostResponse;

/** The filters of one conf, in conf order; each call hands the rest of the chain to the next filter. */
public class PluginFilterChain {

  private final int index;
  private final List<PluginFilter> filters;

  public PluginFilterChain(List<PluginFilter> filters) {
    this.index = 0;
    this.filters = filters;
  }

  public PluginFilterChain(PluginFilterChain parent, int index) {
    this.index = index;
    this.filters = parent.getFilters();
  }

  public int getIndex() {
    return index;
  }

  public List<PluginFilter> getFilters() {
    return filters;
  }

  public PluginFilterChain addFilter(PluginFilter filter) {
    List<PluginFilter> more = new ArrayList<>(filters);
    more.add(filter);
    return new PluginFilterChain(more);
  }

  public void filter(HttpRequest request, HttpResponse response) {
    if (index < filters.size()) {
      filters.get(index).filter(request, response, new PluginFilterChain(this, index + 1));
    }
  }

  public void postFilter(PostRequest request, PostResponse response) {
    if (index < filters.size()) {
      filters.get(index).postFilter(request, response, new PluginFilterChain(this, index + 1));
    }
  }
}
