package dev.inkwell.runner.server;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.inkwell.runner.conf.ConfCache;
import dev.inkwell.runner.conf.PreparedConf;
import dev.inkwell.runner.metrics.RunnerMetrics;
import dev.inkwell.runner.protocol.FlatCheck;
import dev.inkwell.runner.protocol.Frames;
import dev.inkwell.runner.protocol.Replies;
import dev.inkwell.runner.sdk.OfficialFilters;
import io.github.api7.A6.Err.Code;
import io.github.api7.A6.TextEntry;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.apisix.plugin.runner.HttpRequest;
import org.apache.apisix.plugin.runner.PostRequest;

/**
 * One APISIX connection. APISIX sends one call at a time on a connection and waits for its answer, answering our
 * ExtraInfo questions in between; so the connection is a small state machine: idle, or one call waiting (for ExtraInfo
 * answers, or for official filters running off the loop). Every call gets exactly one answer: the paths below each end
 * in one {@code send}, and a frame that arrives while a call waits (other than the awaited ExtraInfo) is a protocol
 * violation that closes the connection.
 *
 * <p>A frame that does not verify, has an unknown type or is too long closes this connection only (after an error
 * frame where one can be sent); the others keep being served.
 *
 * <p>Concurrency: all state is confined to the channel's event loop, except while official filters run: the loop then
 * touches nothing until their result is handed back through {@code ctx.executor()}.
 */
final class RunnerHandler extends SimpleChannelInboundHandler<ByteBuf> {

  private static final Logger LOG = Logger.getLogger(RunnerHandler.class.getName());
  private static final String BODY_ITEM = "\0body";

  private final ConfCache confs;
  private final OfficialFilters official;
  private final RunnerMetrics metrics;
  private final FlatBufferBuilder fbb = new FlatBufferBuilder(1024);
  private final Decider decider;
  private Waiting waiting;
  private long started;

  /** A call that waits: for ExtraInfo answers ({@code received < items.size()}) or for official filters. */
  private static final class Waiting {
    final PreparedConf conf;
    final HttpRequest request;      // for an HTTPReqCall
    final PostRequest post;         // for an HTTPRespCall
    final List<String> items = new ArrayList<>();
    final Map<String, String> vars = new HashMap<>();
    byte[] body;
    int received;
    boolean running;
    final long started;

    Waiting(PreparedConf conf, HttpRequest request, PostRequest post, long started) {
      this.conf = conf;
      this.request = request;
      this.post = post;
      this.started = started;
    }
  }

  RunnerHandler(ConfCache confs, OfficialFilters official, RunnerMetrics metrics) {
    this.confs = confs;
    this.official = official;
    this.metrics = metrics;
    this.decider = new Decider(confs, metrics, fbb);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    metrics.connections().incrementAndGet();
    super.channelActive(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    metrics.connections().decrementAndGet();
    super.channelInactive(ctx);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
    started = System.nanoTime();
    int at = frame.readerIndex();
    byte type = frame.getByte(at);
    int len = frame.getUnsignedMedium(at + 1);
    ByteBuffer bb = frame.nioBuffer(at + Frames.HEADER, len);
    if (bb.position() != 0) {
      bb = bb.slice();
    }
    bb.order(ByteOrder.LITTLE_ENDIAN);
    if (waiting != null && (type != Frames.EXTRA_INFO || waiting.running)) {
      refuse(ctx, "unexpected", Frames.typeName(type) + " while a call waits for "
          + (waiting.running ? "its filters" : "ExtraInfo answers"));
      return;
    }
    switch (type) {
      case Frames.PREPARE_CONF -> {
        if (check(ctx, bb, FlatCheck.PREPARE_CONF, type)) {
          prepare(ctx, bb);
        }
      }
      case Frames.HTTP_REQ_CALL -> {
        if (check(ctx, bb, FlatCheck.HTTP_REQ_CALL, type)) {
          reqCall(ctx, bb);
        }
      }
      case Frames.HTTP_RESP_CALL -> {
        if (check(ctx, bb, FlatCheck.HTTP_RESP_CALL, type)) {
          respCall(ctx, bb);
        }
      }
      case Frames.EXTRA_INFO -> {
        if (waiting == null) {
          refuse(ctx, "unexpected", "ExtraInfo answer with no call waiting");
        } else if (check(ctx, bb, FlatCheck.EXTRA_INFO_RESP, type)) {
          extraInfo(ctx, bb);
        }
      }
      default -> refuse(ctx, "unknown_type", "frame type " + (type & 0xff) + " (expected: 1, 2, 3 or 4)");
    }
  }

  private void prepare(ChannelHandlerContext ctx, ByteBuffer bb) {
    io.github.api7.A6.PrepareConf.Req r = io.github.api7.A6.PrepareConf.Req.getRootAsReq(bb);
    List<String[]> entries = new ArrayList<>(r.confLength());
    TextEntry e = new TextEntry();
    for (int i = 0; i < r.confLength(); i++) {
      r.conf(e, i);
      entries.add(new String[] {e.name() == null ? "" : e.name(), e.value()});
    }
    PreparedConf conf = confs.prepare(entries);
    if (conf.invalid() != null) {
      metrics.protocolError("conf_invalid");
    }
    fbb.clear();
    fbb.finish(Replies.prepareConf(fbb, conf.token()));
    send(ctx, Frames.PREPARE_CONF, started);
  }

  private void reqCall(ChannelHandlerContext ctx, ByteBuffer bb) {
    int type = decider.decide(bb);
    if (type != Decider.OFFICIAL) {
      send(ctx, (byte) type, started);
      return;
    }
    askOrRun(ctx, new Waiting(decider.conf(), new HttpRequest(decider.req()), null, started), false);
  }

  private void respCall(ChannelHandlerContext ctx, ByteBuffer bb) {
    io.github.api7.A6.HTTPRespCall.Req r = io.github.api7.A6.HTTPRespCall.Req.getRootAsReq(bb);
    PreparedConf conf = decider.usable(r.confToken());
    if (conf == null) {
      send(ctx, Frames.ERROR, started);
      return;
    }
    if (conf.officialPost().isEmpty()) {
      fbb.clear();
      fbb.finish(Replies.httpRespCallPass(fbb, r.id()));
      send(ctx, Frames.HTTP_RESP_CALL, started);
      return;
    }
    askOrRun(ctx, new Waiting(conf, null, new PostRequest(r), started), true);
  }

  private void askOrRun(ChannelHandlerContext ctx, Waiting w, boolean response) {
    w.items.addAll(w.conf.vars());
    if (w.conf.extraInfoItems(response) > w.conf.vars().size()) {
      w.items.add(BODY_ITEM);
    }
    waiting = w;
    if (w.items.isEmpty()) {
      run(ctx, w);
      return;
    }
    // APISIX answers ExtraInfo questions in order, one at a time: asking them all at once saves round trips.
    for (String item : w.items) {
      fbb.clear();
      if (item == BODY_ITEM) {
        fbb.finish(response ? Replies.extraInfoRespBody(fbb) : Replies.extraInfoReqBody(fbb));
      } else {
        fbb.finish(Replies.extraInfoVar(fbb, item));
      }
      ctx.write(Frames.encode(ctx.alloc(), Frames.EXTRA_INFO, fbb.dataBuffer()));
    }
    ctx.flush();
  }

  private void extraInfo(ChannelHandlerContext ctx, ByteBuffer bb) {
    Waiting w = waiting;
    io.github.api7.A6.ExtraInfo.Resp r = io.github.api7.A6.ExtraInfo.Resp.getRootAsResp(bb);
    byte[] result = null;
    if (r.resultLength() > 0) {
      ByteBuffer v = r.resultAsByteBuffer();
      result = new byte[v.remaining()];
      v.get(result);
    }
    String item = w.items.get(w.received++);
    if (item == BODY_ITEM) {
      w.body = result;
    } else {
      w.vars.put(item, result == null ? null : new String(result, StandardCharsets.UTF_8));
    }
    if (w.received == w.items.size()) {
      run(ctx, w);
    }
  }

  private void run(ChannelHandlerContext ctx, Waiting w) {
    w.running = true;
    if (w.request != null) {
      official.filter(w.conf, w.request, w.vars, w.body, decider.verdict(),
          () -> ctx.executor().execute(() -> {
            waiting = null;
            send(ctx, (byte) decider.answer(w.request.getRequestId()), w.started);
          }),
          t -> ctx.executor().execute(() -> {
            waiting = null;
            metrics.protocolError("filter_error");
            send(ctx, (byte) decider.error(Code.SERVICE_UNAVAILABLE), w.started);
          }));
    } else {
      official.postFilter(w.conf, w.post, w.vars, w.body,
          response -> ctx.executor().execute(() -> {
            waiting = null;
            ctx.writeAndFlush(Frames.encode(ctx.alloc(), Frames.HTTP_RESP_CALL, response.encode()));
            metrics.rpcNanos(Frames.HTTP_RESP_CALL, System.nanoTime() - w.started);
          }),
          t -> ctx.executor().execute(() -> {
            waiting = null;
            metrics.protocolError("filter_error");
            send(ctx, (byte) decider.error(Code.SERVICE_UNAVAILABLE), w.started);
          }));
    }
  }

  private void send(ChannelHandlerContext ctx, byte type, long since) {
    ctx.writeAndFlush(Frames.encode(ctx.alloc(), type, fbb.dataBuffer()), ctx.voidPromise());
    metrics.rpcNanos(type == Frames.ERROR ? Frames.HTTP_REQ_CALL : type, System.nanoTime() - since);
  }

  private boolean check(ChannelHandlerContext ctx, ByteBuffer bb, FlatCheck.Table schema, byte type) {
    if (FlatCheck.verify(bb, schema)) {
      return true;
    }
    refuse(ctx, "malformed", Frames.typeName(type) + " frame of " + bb.limit() + " bytes does not verify");
    return false;
  }

  /** Answers BAD_REQUEST and closes this connection; the runner and its other connections carry on. */
  private void refuse(ChannelHandlerContext ctx, String kind, String why) {
    metrics.protocolError(kind);
    LOG.warning(() -> "closing connection " + ctx.channel().id() + ": " + why);
    waiting = null;
    decider.error(Code.BAD_REQUEST);
    ctx.writeAndFlush(Frames.encode(ctx.alloc(), Frames.ERROR, fbb.dataBuffer()))
        .addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof TooLongFrameException) {
      metrics.protocolError("too_long");
      LOG.warning(() -> "closing connection " + ctx.channel().id() + ": " + cause.getMessage());
    } else if (cause instanceof IOException) {
      LOG.fine(() -> "connection " + ctx.channel().id() + ": " + cause);
    } else {
      metrics.protocolError("unexpected");
      LOG.log(Level.WARNING, "closing connection " + ctx.channel().id(), cause);
    }
    ctx.close();
  }
}
