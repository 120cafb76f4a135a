package org.apache.apisix.plugin.runner;

import java.nio.ByteBuffer;

/** A message to APISIX, encoded as the flatbuffer that follows the frame header. */
public interface A6Response {

  ByteBuffer encode();

  byte getType();

  default A6ErrResponse getErrResponse() {
    return null;
  }

  /** What an HTTPReqCall answer asks APISIX to do; the byte is the flatbuffer union tag. */
  enum ActionType {
    NONE((byte) 0),
    Stop((byte) 1),
    Rewrite((byte) 2);

    private final byte type;

    ActionType(byte type) {
      this.type = type;
    }

    public byte getType() {
      return type;
    }
  }
}
