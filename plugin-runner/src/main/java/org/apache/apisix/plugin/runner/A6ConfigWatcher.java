package org.apache.apisix.plugin.runner;

/** Told about every configuration APISIX prepares (after it is accepted), with its conf token. */
public interface A6ConfigWatcher {

  String name();

  default void watch(long confToken, A6Conf appConf) {
  }
}
