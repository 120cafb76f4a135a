package dev.inkwell.standalone.edge;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.FastThreadLocal;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Keep-alive connections to upstreams, per event loop and {@code host:port}: a client connection and its upstream
 * connection share one event loop, so a proxied exchange never crosses threads and the pool needs no locks.
 *
 * <p>Concurrency: each loop touches only its own idle lists ({@link FastThreadLocal}).
 */
final class UpstreamPool {

  static final String IDLE = "idle";
  private static final int MAX_IDLE_PER_UPSTREAM = 32;

  private final FastThreadLocal<Map<String, ArrayDeque<Channel>>> idle = new FastThreadLocal<>() {
    @Override
    protected Map<String, ArrayDeque<Channel>> initialValue() {
      return new HashMap<>();
    }
  };

  /** A pooled connection, or a new one (the future fails when the upstream cannot be reached in time). */
  ChannelFuture acquire(EventLoop loop, String host, int port, Duration connectTimeout) {
    ArrayDeque<Channel> free = idle.get().get(host + ":" + port);
    while (free != null && !free.isEmpty()) {
      Channel c = free.pollLast();
      if (c.isActive()) {
        return c.newSucceededFuture();
      }
    }
    return new Bootstrap().group(loop).channel(NioSocketChannel.class)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
        .option(ChannelOption.TCP_NODELAY, true)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new HttpClientCodec(), new UpstreamHandler());
          }
        })
        .connect(host, port);
  }

  /** Returns a connection whose exchange completed cleanly; on the channel's loop. */
  void release(Channel c, String host, int port) {
    UpstreamHandler h = c.pipeline().get(UpstreamHandler.class);
    if (h != null) {
      h.proxy = null;
    }
    if (c.pipeline().get(IDLE) != null) {
      c.pipeline().remove(IDLE);
    }
    ArrayDeque<Channel> free = idle.get().computeIfAbsent(host + ":" + port, k -> new ArrayDeque<>());
    if (!c.isActive() || free.size() >= MAX_IDLE_PER_UPSTREAM) {
      c.close();
      return;
    }
    c.config().setAutoRead(true); // an idle connection must still notice the upstream closing it
    free.addLast(c);
  }

  /** Hands what the upstream sends to the exchange that currently owns the connection. */
  static final class UpstreamHandler extends ChannelInboundHandlerAdapter {
    Proxy proxy;
    /** After a WebSocket upgrade: the client channel. */
    Channel relayPeer;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (relayPeer != null) {
        EdgeHandler.relay(ctx, relayPeer, msg);
        return;
      }
      if (proxy == null) {
        ReferenceCountUtil.release(msg); // an idle connection should say nothing; drop it when it does
        ctx.close();
        return;
      }
      if (msg instanceof HttpResponse r) {
        proxy.upstreamResponse(r);
      }
      if (msg instanceof HttpContent c) {
        proxy.upstreamContent(c);
      } else if (!(msg instanceof HttpResponse)) {
        proxy.upstreamRaw(msg);
      }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof IdleStateEvent && proxy != null) {
        proxy.upstreamTimedOut();
      }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      if (relayPeer != null) {
        relayPeer.config().setAutoRead(ctx.channel().isWritable());
      } else if (proxy != null) {
        proxy.upstreamWritable(ctx.channel().isWritable());
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (relayPeer != null) {
        relayPeer.close();
      } else if (proxy != null) {
        proxy.upstreamGone(null);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (proxy != null) {
        proxy.upstreamGone(cause);
      }
      ctx.close();
    }
  }
}
