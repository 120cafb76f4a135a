package dev.inkwell.runtime.http;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;

/**
 * The pipeline of one connection: HTTP codec, 100-continue, body aggregation (413 past the limit), the handler. A
 * WebSocket upgrade swaps the handler for a {@link WebSocketConnection}.
 */
final class RuntimeInitializer extends ChannelInitializer<SocketChannel> {

  private final Dispatcher dispatcher;
  private final int maxBodyBytes;
  private final WebSocketSettings sockets;

  RuntimeInitializer(Dispatcher dispatcher, int maxBodyBytes, WebSocketSettings sockets) {
    this.dispatcher = dispatcher;
    this.maxBodyBytes = maxBodyBytes;
    this.sockets = sockets;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    ch.pipeline()
        .addLast("codec", new HttpServerCodec())
        .addLast("continue", new HttpServerExpectContinueHandler())
        .addLast("aggregate", new HttpObjectAggregator(maxBodyBytes))
        .addLast("runtime", new RuntimeHandler(dispatcher, sockets));
  }
}
