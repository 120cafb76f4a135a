package dev.inkwell.runner;

import dev.inkwell.runner.filter.Call;
import dev.inkwell.runner.harness.ApisixSide;
import io.github.api7.A6.HTTPReqCall.Req;
import java.nio.ByteBuffer;

/** Builds a {@link Call} over a real HTTPReqCall flatbuffer, for filter unit tests. */
public final class Calls {

  private Calls() {
  }

  public static Call of(ApisixSide.Request r) {
    ByteBuffer bb = ApisixSide.encode(r).slice().order(java.nio.ByteOrder.LITTLE_ENDIAN);
    return new Call().bind(Req.getRootAsReq(bb), bb);
  }
}
