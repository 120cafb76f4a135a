package org.apache.apisix.plugin.runner;

import java.util.Map;
import org.apache.apisix.plugin.runner.filter.PluginFilterChain;

/** A prepared configuration as a config watcher sees it: the filters' raw values by name, and their chain. */
public class A6Conf {

  private final Map<String, String> config;
  private final PluginFilterChain chain;

  public A6Conf(Map<String, String> config, PluginFilterChain chain) {
    this.config = config;
    this.chain = chain;
  }

  public Map<String, String> getConfig() {
    return config;
  }

  public PluginFilterChain getChain() {
    return chain;
  }

  public String get(String key) {
    return config.get(key);
  }
}
