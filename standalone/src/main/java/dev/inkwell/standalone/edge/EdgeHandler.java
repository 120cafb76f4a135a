package dev.inkwell.standalone.edge;

import dev.inkwell.runner.auth.TenantAuth;
import dev.inkwell.runner.conf.Bound;
import dev.inkwell.runner.conf.PreparedConf;
import dev.inkwell.runner.filter.Call;
import dev.inkwell.runner.filter.Verdict;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One client connection: finds the route of each request, runs the route's filters (apps) and hands the request to
 * the {@link Proxy} or the {@link SiteResponder}. Requests on a connection are served one after the other: reading
 * stops once a request is complete and resumes when its response is.
 *
 * <p>Concurrency: every method runs on the connection's event loop, except that the site responder writes from its
 * own thread and reports back through {@link #responseDone()} on the loop.
 */
final class EdgeHandler extends ChannelInboundHandlerAdapter {

  private static final Logger LOG = Logger.getLogger(EdgeHandler.class.getName());
  /** Hop-by-hop headers: they describe one connection and are not forwarded (RFC 9110, 7.6.1). */
  private static final List<String> HOP_BY_HOP = List.of("connection", "keep-alive", "proxy-connection", "te",
      "trailer", "upgrade", "proxy-authorization", "expect");

  private final LocalEdge.Shared shared;
  private final CallEncoder encoder = new CallEncoder();
  private final Verdict verdict = new Verdict();
  private ChannelHandlerContext ctx;
  private Exchange exchange;
  /** After a WebSocket upgrade: the upstream channel, and bytes flow both ways unparsed. */
  private Channel relayPeer;

  /** The request being served. */
  static final class Exchange {
    final HttpRequest request;
    final boolean keepAlive;
    boolean requestDone;
    boolean responseDone;
    Proxy proxy;

    Exchange(HttpRequest request) {
      this.request = request;
      this.keepAlive = HttpUtil.isKeepAlive(request);
    }
  }

  EdgeHandler(LocalEdge.Shared shared) {
    this.shared = shared;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  /**
   * After a WebSocket upgrade both sides just pass bytes on: writes {@code msg} to {@code peer}, pausing reads on this
   * side while the peer cannot keep up (its writability change resumes them).
   */
  static void relay(ChannelHandlerContext ctx, Channel peer, Object msg) {
    peer.writeAndFlush(msg);
    if (!peer.isWritable()) {
      ctx.channel().config().setAutoRead(false);
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (relayPeer != null) {
      relay(ctx, relayPeer, msg);
      return;
    }
    if (!(msg instanceof HttpObject)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof HttpRequest req) {
      begin(req);
    }
    if (msg instanceof HttpContent c) {
      content(c);
    }
  }

  private void begin(HttpRequest req) {
    exchange = new Exchange(req);
    if (req.decoderResult().isFailure()) {
      exchange.requestDone = true;
      respond(Responses.json(400, Responses.BAD_REQUEST), false);
      return;
    }
    String path = new QueryStringDecoder(req.uri()).path();
    EdgeRoute route = shared.table().match(req.headers().get(HttpHeaderNames.HOST), path, req.method().name());
    switch (route) {
      case null -> respond(Responses.json(404, Responses.NO_ROUTE), exchange.keepAlive);
      case EdgeRoute.Site site -> {
        if (!req.method().equals(HttpMethod.GET) && !req.method().equals(HttpMethod.HEAD)) {
          FullHttpResponse r = Responses.json(405, Responses.METHOD);
          r.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
          respond(r, exchange.keepAlive);
        } else {
          shared.site().serve(this, ctx.channel(), req, site, path, exchange.keepAlive);
        }
      }
      case EdgeRoute.App app -> app(req, app, path);
    }
  }

  private void app(HttpRequest req, EdgeRoute.App route, String path) {
    verdict.reset();
    PreparedConf conf = route.conf();
    if (conf != null && conf.invalid() != null && !route.allowDegradation()) {
      respond(Responses.json(503, Responses.UNAVAILABLE), exchange.keepAlive);
      return;
    }
    if (conf != null && conf.invalid() == null) {
      try {
        Call call = encoder.encode(req, path, clientAddress(), conf.token());
        for (Bound<?> b : conf.natives()) {
          b.apply(call, verdict);
          if (verdict.stopped()) {
            break;
          }
        }
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "filters of route " + route.id() + " failed; answered 503", e);
        respond(Responses.json(503, Responses.UNAVAILABLE), exchange.keepAlive);
        return;
      }
      if (verdict.stopped()) {
        FullHttpResponse r = Responses.json(verdict.status(), verdict.body());
        List<String> h = verdict.responseHeaders();
        for (int i = 0; i < h.size(); i += 2) {
          r.headers().set(h.get(i), h.get(i + 1));
        }
        respond(r, exchange.keepAlive);
        return;
      }
    }
    exchange.proxy = new Proxy(this, ctx.channel(), shared.pool(), route, upstreamRequest(req, route, path),
        List.copyOf(verdict.responseHeaders()), exchange.keepAlive);
    exchange.proxy.start();
  }

  /** The request as the runtime gets it: what APISIX would send with pass_host=pass and the verdict applied. */
  private HttpRequest upstreamRequest(HttpRequest req, EdgeRoute.App route, String path) {
    HttpHeaders h = req.headers().copy();
    boolean websocket = route.websocket() && "websocket".equalsIgnoreCase(h.get(HttpHeaderNames.UPGRADE));
    String connection = h.get(HttpHeaderNames.CONNECTION);
    if (connection != null) {
      for (String token : connection.split(",")) {
        h.remove(token.trim());
      }
    }
    HOP_BY_HOP.forEach(h::remove);
    // Identity headers come from the filters alone, whether or not the route runs tenant-auth.
    List<String> names = new ArrayList<>(h.names());
    for (String n : names) {
      if (n.toLowerCase(Locale.ROOT).startsWith(TenantAuth.IDENTITY_PREFIX)) {
        h.remove(n);
      }
    }
    List<String> up = verdict.upstreamHeaders();
    for (int i = 0; i < up.size(); i += 2) {
      if (up.get(i + 1) == null) {
        h.remove(up.get(i));
      } else {
        h.set(up.get(i), up.get(i + 1));
      }
    }
    InetAddress client = clientAddress();
    String ip = client == null ? "" : client.getHostAddress();
    String forwarded = h.get("X-Forwarded-For");
    h.set("X-Forwarded-For", forwarded == null || forwarded.isBlank() ? ip : forwarded + ", " + ip);
    h.set("X-Real-IP", ip);
    h.set("X-Forwarded-Proto", "http");
    String host = req.headers().get(HttpHeaderNames.HOST);
    if (host != null) {
      h.set("X-Forwarded-Host", RouteTable.host(host));
    }
    h.set("X-Forwarded-Port", Integer.toString(((InetSocketAddress) ctx.channel().localAddress()).getPort()));
    if (websocket) {
      h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
      h.set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET);
    }
    String uri = req.uri();
    String newPath = verdict.path() != null ? verdict.path()
        : route.rewrites().isEmpty() ? null : EdgeRoute.rewrite(route.rewrites(), path);
    if (newPath != null) {
      int q = uri.indexOf('?');
      uri = newPath + (q < 0 ? "" : uri.substring(q));
    }
    return new DefaultHttpRequest(HttpVersion.HTTP_1_1, req.method(), uri, h);
  }

  private void content(HttpContent c) {
    Exchange x = exchange;
    if (x == null || x.requestDone) {
      c.release(); // the rest of a request that was answered and closed, or a stray chunk
      return;
    }
    boolean last = c instanceof LastHttpContent;
    if (x.proxy != null && !x.proxy.finished()) {
      x.proxy.requestContent(c);
    } else {
      c.release();
    }
    if (last) {
      x.requestDone = true;
      if (!x.responseDone) {
        ctx.channel().config().setAutoRead(false); // one request at a time: wait for this response
      }
      finishIfDone(x);
    }
  }

  /** Sends a complete answer of the edge's own. */
  void respond(FullHttpResponse r, boolean keepAlive) {
    Exchange x = exchange;
    if (!keepAlive) {
      r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    var f = ctx.writeAndFlush(r);
    if (!keepAlive) {
      f.addListener(ChannelFutureListener.CLOSE);
    }
    if (x != null) {
      x.responseDone = true;
      finishIfDone(x);
    }
  }

  /** The response of the current exchange has been written completely (on the loop). */
  void responseDone() {
    Exchange x = exchange;
    if (x == null) {
      return;
    }
    x.responseDone = true;
    if (!x.keepAlive) {
      ctx.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    finishIfDone(x);
  }

  private void finishIfDone(Exchange x) {
    if (x.requestDone && x.responseDone && exchange == x) {
      exchange = null;
      if (x.keepAlive && ctx.channel().isActive()) {
        ctx.channel().config().setAutoRead(true);
        ctx.read();
      }
    }
  }

  /** After the upstream agreed to a WebSocket upgrade: from now on bytes are relayed unparsed. */
  void relayTo(Channel upstream) {
    relayPeer = upstream;
    exchange = null;
    ctx.pipeline().remove(io.netty.handler.codec.http.HttpServerCodec.class);
    if (ctx.pipeline().get(io.netty.handler.codec.http.HttpServerExpectContinueHandler.class) != null) {
      ctx.pipeline().remove(io.netty.handler.codec.http.HttpServerExpectContinueHandler.class);
    }
    ctx.channel().config().setAutoRead(true);
    ctx.read();
  }

  InetAddress clientAddress() {
    return ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
  }

  /** Lets a response to the client carry on: called when the upstream's write buffer drained. */
  void upstreamWritable(boolean writable) {
    Exchange x = exchange;
    if (relayPeer != null || (x != null && !x.requestDone)) {
      ctx.channel().config().setAutoRead(writable);
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    boolean writable = ctx.channel().isWritable();
    if (relayPeer != null) {
      relayPeer.config().setAutoRead(writable);
    } else if (exchange != null && exchange.proxy != null) {
      exchange.proxy.clientWritable(writable);
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (relayPeer != null) {
      relayPeer.close();
    }
    if (exchange != null && exchange.proxy != null) {
      exchange.proxy.clientGone();
    }
    exchange = null;
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.log(Level.FINE, "client connection " + ctx.channel().remoteAddress() + " failed", cause);
    ctx.close();
  }

  /** Writes a response head built elsewhere (the proxy's), for symmetry with {@link #respond}. */
  void write(Object msg, boolean flush) {
    if (flush) {
      ctx.writeAndFlush(msg);
    } else {
      ctx.write(msg);
    }
  }

  boolean clientWritable() {
    return ctx.channel().isWritable();
  }

  static void dropHopByHop(HttpResponse r) {
    String connection = r.headers().get(HttpHeaderNames.CONNECTION);
    if (connection != null) {
      for (String token : connection.split(",")) {
        r.headers().remove(token.trim());
      }
    }
    for (String n : HOP_BY_HOP) {
      r.headers().remove(n);
    }
  }
}
