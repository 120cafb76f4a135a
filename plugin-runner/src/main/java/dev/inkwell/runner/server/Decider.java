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
    conf = confs.get(r.confToken());
    if (conf == null) {
      metrics.protocolError("token_not_found");
      return error(Code.CONF_TOKEN_NOT_FOUND); // APISIX flushes its tokens and prepares again
    }
    if (conf.invalid() != null) {
      metrics.protocolError("conf_invalid");
      return error(Code.SERVICE_UNAVAILABLE); // fail closed; the route's allow_degradation lets it pass
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
