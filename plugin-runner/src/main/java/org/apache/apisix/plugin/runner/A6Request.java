package org.apache.apisix.plugin.runner;

/** A message from APISIX; {@link #getType()} is the frame type of the ext-plugin protocol. */
public interface A6Request {
  byte getType();
}
