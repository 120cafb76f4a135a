package dev.inkwell.runtime.http;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;

/** Where one connection's answers go; callable from any thread, the writes happen on the connection's event loop. */
interface ResponseChannel {

  void send(FullHttpResponse response, boolean keepAlive);

  void sendHead(HttpResponse head);

  void sendChunk(HttpContent chunk);

  void sendEnd(LastHttpContent last, boolean keepAlive);

  /** Runs {@code task} on the connection's event loop. */
  void execute(Runnable task);
}
