package dev.inkwell.runner.server;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.inkwell.runner.conf.Bound;
import dev.inkwell.runner.conf.ConfCache;
import dev.inkwell.runner.conf.PreparedConf;
import dev.inkwell.runner.filter.Call;
import dev.inkwell.runner.filter.Verdict;
import dev.inkwell.runner.metrics.RunnerMetrics;
import dev.inkwell.runner.protocol.Frames;
import dev.inkwell.runner.protocol.Replies;
import io.github.api7.A6.Err.Code;
import io.github.api7.A6.HTTPReqCall.Req;
import java.nio.ByteBuffer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The decision path of one HTTPReqCall, without the network: find the conf, run its Inkwell filters, encode the
 * answer. One per connection (its buffers are reused, so it is not thread-safe); the benchmarks drive it directly.
 */
public final class Decider {

  private static final Logger LOG = Logger.getLogger(Decider.class.getName());

  /** {@link #decide} result: the official filters of {@link #conf()} must run before the answer. */
  public static final int OFFICIAL = -1;

  private final ConfCache confs;
  private final RunnerMetrics metrics;
  private final FlatBufferBuilder fbb;
  private final Req req = new Req();
  private final Call call = new Call();
  private final Verdict verdict = new Verdict();
  private PreparedConf conf;

  public Decider(ConfCache confs, RunnerMetrics metrics, FlatBufferBuilder fbb) {
    this.confs = confs;
    this.metrics = metrics;
    this.fbb = fbb;
  }

  /**
   * Decides a verified HTTPReqCall. Returns the type of the frame now finished in the builder
   * ({@link Frames#HTTP_REQ_CALL}, or {@link Frames#ERROR} for an unknown token or a refused conf), or
   * {@link #OFFICIAL} when official filters must run first ({@link #req()}, {@link #conf()}, {@link #verdict()}).
   */
  public int decide(ByteBuffer bb) {
    Req r = Req.getRootAsReq(bb, req);
    conf = usable(r.confToken());
    if (conf == null) {
      return Frames.ERROR;
    }
    verdict.reset();
    call.bind(r, bb);
    try {
      for (Bound<?> b : conf.natives()) {
        b.apply(call, verdict);
        if (verdict.stopped()) {
          break;
        }
      }
    } catch (RuntimeException ex) {
      LOG.log(Level.WARNING, "filter failed on request " + r.id() + ", answering 503", ex);
      metrics.protocolError("filter_error");
      return error(Code.SERVICE_UNAVAILABLE);
    }
    if (!verdict.stopped() && !conf.official().isEmpty()) {
      return OFFICIAL;
    }
    return answer(r.id());
  }

  /**
   * The conf for a token, or null with the error APISIX must see finished in the builder: CONF_TOKEN_NOT_FOUND for an
   * unknown token (APISIX flushes its tokens and prepares again), SERVICE_UNAVAILABLE for a refused conf (fail closed;
   * the route's allow_degradation lets the request pass). Serves HTTPReqCall and HTTPRespCall alike.
   */
  public PreparedConf usable(long token) {
    PreparedConf found = confs.get(token);
    if (found == null || found.invalid() != null) {
      metrics.protocolError(found == null ? "token_not_found" : "conf_invalid");
      error(found == null ? Code.CONF_TOKEN_NOT_FOUND : Code.SERVICE_UNAVAILABLE);
      return null;
    }
    return found;
  }

  /** Encodes the answer from the verdict as it stands. */
  public int answer(long id) {
    fbb.clear();
    fbb.finish(Replies.httpReqCall(fbb, id, verdict));
    return Frames.HTTP_REQ_CALL;
  }

  public int error(int code) {
    fbb.clear();
    fbb.finish(Replies.error(fbb, code));
    return Frames.ERROR;
  }

  public Req req() {
    return req;
  }

  public PreparedConf conf() {
    return conf;
  }

  public Verdict verdict() {
    return verdict;
  }
}
