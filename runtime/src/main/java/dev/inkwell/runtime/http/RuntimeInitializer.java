package dev.inkwell.runtime.http;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;

/** The pipeline of one connection: HTTP codec, 100-continue, body aggregation (413 past the limit), the handler. */
final class RuntimeInitializer extends ChannelInitializer<SocketChannel> {

  private final Dispatcher dispatcher;
  private final int maxBodyBytes;

  RuntimeInitializer(Dispatcher dispatcher, int maxBodyBytes) {
    this.dispatcher = dispatcher;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    ch.pipeline()
        .addLast("codec", new HttpServerCodec())
        .addLast("continue", new HttpServerExpectContinueHandler())
        .addLast("aggregate", new HttpObjectAggregator(maxBodyBytes))
        .addLast("runtime", new RuntimeHandler(dispatcher));
  }
}
