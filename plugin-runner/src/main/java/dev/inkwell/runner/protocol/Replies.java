package dev.inkwell.runner.protocol;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.inkwell.runner.filter.Verdict;

import io.github.api7.A6.ExtraInfo.Info;
import io.github.api7.A6.ExtraInfo.ReqBody;
import io.github.api7.A6.ExtraInfo.RespBody;
import io.github.api7.A6.ExtraInfo.Var;
import io.github.api7.A6.HTTPReqCall.Action;
import io.github.api7.A6.HTTPReqCall.Resp;
import io.github.api7.A6.HTTPReqCall.Rewrite;
import io.github.api7.A6.HTTPReqCall.Stop;
import io.github.api7.A6.TextEntry;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Builds the flatbuffers the runner sends. Each method returns the root offset; the caller finishes the buffer. */
public final class Replies {

  private Replies() {
  }

  public static int prepareConf(FlatBufferBuilder b, long token) {
    return io.github.api7.A6.PrepareConf.Resp.createResp(b, token);
  }

  /** {@code code} is one of {@link io.github.api7.A6.Err.Code}. */
  public static int error(FlatBufferBuilder b, int code) {
    return io.github.api7.A6.Err.Resp.createResp(b, code);
  }

  /** The answer to an HTTPReqCall: Stop, Rewrite, or no action (pass unchanged). */
  public static int httpReqCall(FlatBufferBuilder b, long id, Verdict v) {
    byte type = Action.NONE;
    int action = 0;
    if (v.stopped()) {
      int headers = v.responseHeaders().isEmpty() ? 0
          : Stop.createHeadersVector(b, entries(b, v.responseHeaders()));
      int body = v.body() == null ? 0 : Stop.createBodyVector(b, v.body().getBytes(StandardCharsets.UTF_8));
      Stop.startStop(b);
      Stop.addStatus(b, v.status());
      if (headers != 0) {
        Stop.addHeaders(b, headers);
      }
      if (body != 0) {
        Stop.addBody(b, body);
      }
      action = Stop.endStop(b);
      type = Action.Stop;
    } else if (v.rewrites()) {
      int path = v.path() == null ? 0 : b.createString(v.path());
      int headers = v.upstreamHeaders().isEmpty() ? 0
          : Rewrite.createHeadersVector(b, entries(b, v.upstreamHeaders()));
      int args = v.args().isEmpty() ? 0 : Rewrite.createArgsVector(b, entries(b, v.args()));
      int resp = v.responseHeaders().isEmpty() ? 0
          : Rewrite.createRespHeadersVector(b, entries(b, v.responseHeaders()));
      Rewrite.startRewrite(b);
      if (path != 0) {
        Rewrite.addPath(b, path);
      }
      if (headers != 0) {
        Rewrite.addHeaders(b, headers);
      }
      if (args != 0) {
        Rewrite.addArgs(b, args);
      }
      if (resp != 0) {
        Rewrite.addRespHeaders(b, resp);
      }
      action = Rewrite.endRewrite(b);
      type = Action.Rewrite;
    }
    Resp.startResp(b);
    Resp.addId(b, id);
    if (action != 0) {
      Resp.addActionType(b, type);
      Resp.addAction(b, action);
    }
    return Resp.endResp(b);
  }

  /** An empty HTTPRespCall answer: APISIX sends the upstream's response on unchanged. */
  public static int httpRespCallPass(FlatBufferBuilder b, long id) {
    return io.github.api7.A6.HTTPRespCall.Resp.createResp(b, id, 0, 0, 0);
  }

  /** Asks APISIX for an nginx variable of the current request. */
  public static int extraInfoVar(FlatBufferBuilder b, String name) {
    int n = b.createString(name);
    int var = Var.createVar(b, n);
    return io.github.api7.A6.ExtraInfo.Req.createReq(b, Info.Var, var);
  }

  public static int extraInfoReqBody(FlatBufferBuilder b) {
    ReqBody.startReqBody(b);
    int body = ReqBody.endReqBody(b);
    return io.github.api7.A6.ExtraInfo.Req.createReq(b, Info.ReqBody, body);
  }

  public static int extraInfoRespBody(FlatBufferBuilder b) {
    RespBody.startRespBody(b);
    int body = RespBody.endRespBody(b);
    return io.github.api7.A6.ExtraInfo.Req.createReq(b, Info.RespBody, body);
  }

  /** TextEntry offsets for a flat name/value list; a null value leaves the entry's value unset. */
  public static int[] entries(FlatBufferBuilder b, List<String> flat) {
    int[] out = new int[flat.size() / 2];
    for (int i = 0; i < out.length; i++) {
      int name = b.createString(flat.get(2 * i));
      String value = flat.get(2 * i + 1);
      int v = value == null ? 0 : b.createString(value);
      TextEntry.startTextEntry(b);
      TextEntry.addName(b, name);
      if (value != null) {
        TextEntry.addValue(b, v);
      }
      out[i] = TextEntry.endTextEntry(b);
    }
    return out;
  }
}
