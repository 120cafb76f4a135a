package org.apache.apisix.plugin.runner;

import com.google.flatbuffers.FlatBufferBuilder;
import io.github.api7.A6.Err.Resp;
import java.nio.ByteBuffer;

/** An error frame (type 0) with one of the codes of {@code io.github.api7.A6.Err.Code}. */
public class A6ErrResponse implements A6Response {

  private final int code;

  public A6ErrResponse(int code) {
    this.code = code;
  }

  public int getCode() {
    return code;
  }

  @Override
  public ByteBuffer encode() {
    FlatBufferBuilder b = new FlatBufferBuilder(16);
    b.finish(Resp.createResp(b, code));
    return b.dataBuffer();
  }

  @Override
  public byte getType() {
    return 0;
  }
}
