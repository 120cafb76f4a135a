package dev.inkwell.standalone.edge;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One proxied exchange: the client's request streamed to an upstream connection, the upstream's response streamed
 * back with the filters' response headers added. Bodies are never buffered whole: chunks that arrive before the
 * upstream connection is ready wait in a short list, later ones are written as they come, and each side stops reading
 * while the other cannot take more (channel writability).
 *
 * <p>Concurrency: confined to the client connection's event loop (the upstream connection uses the same loop).
 */
final class Proxy {

  private static final Logger LOG = Logger.getLogger(Proxy.class.getName());

  private final EdgeHandler client;
  private final Channel inbound;
  private final UpstreamPool pool;
  private final EdgeRoute.App route;
  private final HttpRequest head;
  private final List<String> responseHeaders;
  private final boolean keepAlive;
  private final List<HttpContent> pending = new ArrayList<>();
  private Channel upstream;
  private boolean requestSent;
  private boolean responseStarted;
  private boolean upstreamKeepAlive;
  private boolean upgrading;
  private boolean finished;

  Proxy(EdgeHandler client, Channel inbound, UpstreamPool pool, EdgeRoute.App route, HttpRequest head,
      List<String> responseHeaders, boolean keepAlive) {
    this.client = client;
    this.inbound = inbound;
    this.pool = pool;
    this.route = route;
    this.head = head;
    this.responseHeaders = responseHeaders;
    this.keepAlive = keepAlive;
  }

  void start() {
    ChannelFuture f = pool.acquire(inbound.eventLoop(), route.upstreamHost(), route.upstreamPort(),
        route.connectTimeout());
    if (f.isDone()) {
      connected(f);
    } else {
      f.addListener(x -> connected(f));
    }
  }

  private void connected(ChannelFuture f) {
    if (!f.isSuccess()) {
      LOG.log(Level.FINE, "upstream " + route.upstreamHost() + ":" + route.upstreamPort() + " of route " + route.id()
          + " unreachable", f.cause());
      fail(502, Responses.BAD_GATEWAY);
      return;
    }
    if (finished) { // the client went away meanwhile
      f.channel().close();
      return;
    }
    upstream = f.channel();
    upstream.pipeline().get(UpstreamPool.UpstreamHandler.class).proxy = this;
    long readMillis = route.readTimeout().toMillis();
    upstream.pipeline().addBefore(upstream.pipeline().context(UpstreamPool.UpstreamHandler.class).name(),
        UpstreamPool.IDLE, new IdleStateHandler(readMillis, 0, 0, TimeUnit.MILLISECONDS));
    upstream.config().setAutoRead(true);
    upstream.write(head);
    for (HttpContent c : pending) {
      send(c);
    }
    pending.clear();
    upstream.flush();
  }

  boolean finished() {
    return finished;
  }

  /** A chunk of the client's request body (ownership passes here). */
  void requestContent(HttpContent c) {
    if (finished) {
      c.release();
    } else if (upstream == null) {
      pending.add(c);
    } else {
      send(c);
      upstream.flush();
      if (!upstream.isWritable()) {
        inbound.config().setAutoRead(false);
      }
    }
  }

  private void send(HttpContent c) {
    requestSent |= c instanceof LastHttpContent;
    upstream.write(c);
  }

  void upstreamResponse(HttpResponse r) {
    if (r.status().codeClass() == io.netty.handler.codec.http.HttpStatusClass.INFORMATIONAL
        && r.status().code() != 101) {
      return; // 100 Continue and friends: the client got its own from the edge
    }
    upstreamKeepAlive = HttpUtil.isKeepAlive(r);
    upgrading = r.status().equals(HttpResponseStatus.SWITCHING_PROTOCOLS);
    if (!upgrading) {
      EdgeHandler.dropHopByHop(r);
      if (!HttpUtil.isContentLengthSet(r) && !HttpUtil.isTransferEncodingChunked(r)) {
        HttpUtil.setTransferEncodingChunked(r, true); // a body delimited by the upstream closing: re-frame it
      }
      if (!keepAlive) {
        r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      }
    }
    for (int i = 0; i < responseHeaders.size(); i += 2) {
      r.headers().add(responseHeaders.get(i), responseHeaders.get(i + 1));
    }
    responseStarted = true;
    client.write(r, false);
  }

  void upstreamContent(HttpContent c) {
    if (!responseStarted) {
      c.release(); // the empty end of an informational response
      return;
    }
    boolean last = c instanceof LastHttpContent;
    client.write(c, true);
    if (!last) {
      if (!client.clientWritable()) {
        upstream.config().setAutoRead(false);
      }
      return;
    }
    if (upgrading) {
      switchToRelay();
      return;
    }
    finished = true;
    if (upstreamKeepAlive && requestSent) {
      pool.release(upstream, route.upstreamHost(), route.upstreamPort());
    } else {
      detachAndClose();
    }
    client.responseDone();
  }

  void upstreamRaw(Object msg) {
    ReferenceCountUtil.release(msg);
  }

  /** WebSocket: the 101 went out; both connections drop their HTTP codecs and relay bytes. */
  private void switchToRelay() {
    finished = true;
    if (upstream.pipeline().get(UpstreamPool.IDLE) != null) {
      upstream.pipeline().remove(UpstreamPool.IDLE);
    }
    UpstreamPool.UpstreamHandler h = upstream.pipeline().get(UpstreamPool.UpstreamHandler.class);
    h.proxy = null;
    h.relayPeer = inbound;
    upstream.pipeline().remove(HttpClientCodec.class);
    client.relayTo(upstream);
    upstream.config().setAutoRead(true);
  }

  void upstreamTimedOut() {
    LOG.fine(() -> "upstream of route " + route.id() + " sent nothing for " + route.readTimeout().toSeconds() + " s");
    fail(504, Responses.GATEWAY_TIMEOUT);
  }

  void upstreamGone(Throwable cause) {
    if (finished) {
      return;
    }
    LOG.log(Level.FINE, "upstream of route " + route.id() + " closed mid-exchange", cause);
    fail(502, Responses.BAD_GATEWAY);
  }

  void upstreamWritable(boolean writable) {
    client.upstreamWritable(writable);
  }

  void clientWritable(boolean writable) {
    if (upstream != null && !finished) {
      upstream.config().setAutoRead(writable);
    }
  }

  void clientGone() {
    if (!finished) {
      finished = true;
      pending.forEach(HttpContent::release);
      pending.clear();
      detachAndClose();
    }
  }

  private void fail(int status, String body) {
    if (finished) {
      return;
    }
    finished = true;
    pending.forEach(HttpContent::release);
    pending.clear();
    detachAndClose();
    if (responseStarted) {
      inbound.close(); // half a response went out: only closing tells the client it is cut short
    } else {
      client.respond(Responses.json(status, body), keepAlive);
    }
  }

  private void detachAndClose() {
    if (upstream != null) {
      UpstreamPool.UpstreamHandler h = upstream.pipeline().get(UpstreamPool.UpstreamHandler.class);
      if (h != null) {
        h.proxy = null;
      }
      upstream.close();
    }
  }
}
