package dev.inkwell.runtime.http;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;
import java.util.ArrayDeque;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One connection: hands each request to the {@link Dispatcher} and writes the answer back. Requests pipelined on a
 * keep-alive connection are answered in order: the next starts when the previous answer is complete.
 *
 * <p>Concurrency: one instance per channel; fields are touched only on the channel's event loop. Answers may be produced
 * on any thread and are moved onto the event loop by {@link #execute}.
 */
final class RuntimeHandler extends SimpleChannelInboundHandler<FullHttpRequest> implements ResponseChannel {

  private static final Logger LOG = Logger.getLogger(RuntimeHandler.class.getName());

  private final Dispatcher dispatcher;
  private final WebSocketSettings sockets;
  private final ArrayDeque<RequestData> pending = new ArrayDeque<>();
  private ChannelHandlerContext ctx;
  private boolean busy;
  private boolean streaming;

  RuntimeHandler(Dispatcher dispatcher, WebSocketSettings sockets) {
    this.dispatcher = dispatcher;
    this.sockets = sockets;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
    if (!req.decoderResult().isSuccess()) {
      ctx.writeAndFlush(Responses.error(HttpResponseStatus.BAD_REQUEST, "malformed request", null))
          .addListener(ChannelFutureListener.CLOSE);
      return;
    }
    RequestData data = RequestData.of(req);
    if (!busy && isWebSocketUpgrade(req)) {
      // The handshake may happen after this read returns (app still loading): keep a copy with no body to release.
      upgrade(ctx, new DefaultFullHttpRequest(req.protocolVersion(), req.method(), req.uri(), Unpooled.EMPTY_BUFFER,
          req.headers().copy(), EmptyHttpHeaders.INSTANCE), data);
      return;
    }
    if (busy) {
      pending.add(data);
    } else {
      start(data);
    }
  }

  private static boolean isWebSocketUpgrade(FullHttpRequest req) {
    return req.method() == HttpMethod.GET && req.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
  }

  /** Hands the connection over to a {@link WebSocketConnection} once the app is known to have {@code __websocket__}. */
  private void upgrade(ChannelHandlerContext ctx, FullHttpRequest req, RequestData data) {
    busy = true;
    dispatcher.upgrade(data, this, app -> {
      String url = "ws://" + data.host() + data.uri();
      WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(url, null, true,
          sockets.maxMessageBytes()).newHandshaker(req);
      if (handshaker == null) {
        WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
        return;
      }
      WebSocketConnection connection = new WebSocketConnection(app, data, ctx.channel());
      ChannelPipeline p = ctx.pipeline();
      handshaker.handshake(ctx.channel(), req).addListener(f -> {
        if (f.isSuccess()) {
          connection.opened();
        } else {
          ctx.close();
        }
      });
      if (p.get("continue") != null) {
        p.remove("continue");
      }
      long idle = sockets.idleTimeout().toMillis();
      p.addBefore("runtime", "ws-aggregate", new WebSocketFrameAggregator(sockets.maxMessageBytes()));
      p.addBefore("runtime", "ws-idle", new IdleStateHandler(idle, idle / 2, 0, TimeUnit.MILLISECONDS));
      p.replace(this, "ws", connection);
    });
  }

  private void start(RequestData data) {
    busy = true;
    try {
      dispatcher.handle(data, this);
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "request " + data.requestId() + " failed in dispatch", e);
      send(Responses.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error", data.requestId()), false);
    }
  }

  private void finish() {
    busy = false;
    RequestData next = pending.poll();
    if (next != null && ctx.channel().isActive()) {
      start(next);
    }
  }

  @Override
  public void send(FullHttpResponse response, boolean keepAlive) {
    execute(() -> {
      if (streaming) {
        ReferenceCountUtil.release(response);
        return;
      }
      ChannelFuture f = ctx.writeAndFlush(response);
      if (!keepAlive) {
        f.addListener(ChannelFutureListener.CLOSE);
      }
      finish();
    });
  }

  @Override
  public void sendHead(HttpResponse head) {
    execute(() -> {
      streaming = true;
      ctx.writeAndFlush(head);
    });
  }

  @Override
  public void sendChunk(HttpContent chunk) {
    execute(() -> {
      if (streaming) {
        ctx.writeAndFlush(chunk);
      } else {
        chunk.release();
      }
    });
  }

  @Override
  public void sendEnd(LastHttpContent last, boolean keepAlive) {
    execute(() -> {
      if (!streaming) {
        return;
      }
      streaming = false;
      ChannelFuture f = ctx.writeAndFlush(last);
      if (!keepAlive) {
        f.addListener(ChannelFutureListener.CLOSE);
      }
      finish();
    });
  }

  @Override
  public void execute(Runnable task) {
    if (ctx.executor().inEventLoop()) {
      task.run();
    } else {
      ctx.executor().execute(task);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.log(Level.FINE, "connection error", cause);
    ctx.close();
  }
}
