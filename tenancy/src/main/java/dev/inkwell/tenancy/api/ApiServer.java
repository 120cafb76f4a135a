package dev.inkwell.tenancy.api;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The control API's HTTP server: Netty reads whole requests (bodies up to {@code maxBodyBytes}, object uploads
 * included), and each request is handled on a virtual thread, since handlers wait on MongoDB, the object store and
 * Kubernetes. Path segments are decoded one by one, so {@code %2F} inside a segment stays part of that segment.
 */
public final class ApiServer implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(ApiServer.class.getName());

  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
  private final Router router;
  private final Function<String, Principal> authenticator;
  private final Channel channel;

  /**
   * @param authenticator bearer token to caller, or null when the token is unknown
   */
  public ApiServer(String host, int port, int maxBodyBytes, Router router, Function<String, Principal> authenticator)
      throws InterruptedException {
    this.router = router;
    this.authenticator = authenticator;
    this.channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(maxBodyBytes), new Handler());
          }
        }).bind(host, port).sync().channel();
  }

  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
      if (!req.decoderResult().isSuccess()) {
        reply(ctx, false, error(new ApiException(400, "bad_request", "malformed HTTP request")));
        return;
      }
      boolean keepAlive = HttpUtil.isKeepAlive(req);
      String method = req.method().name();
      String uri = req.uri();
      Map<String, String> headers = new HashMap<>();
      req.headers().forEach(h -> headers.putIfAbsent(h.getKey().toLowerCase(java.util.Locale.ROOT), h.getValue()));
      byte[] body = ByteBufUtil.getBytes(req.content());
      handlers.execute(() -> reply(ctx, keepAlive, handle(method, uri, headers, body)));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (cause instanceof io.netty.handler.codec.TooLongFrameException) {
        reply(ctx, false, error(new ApiException(413, "too_large", "request body too large")));
      } else {
        ctx.close();
      }
    }
  }

  private FullHttpResponse handle(String method, String uri, Map<String, String> headers, byte[] body) {
    try {
      QueryStringDecoder q = new QueryStringDecoder(uri);
      String rawPath = q.rawPath();
      Router.Match match = router.match(method, decodeSegments(rawPath));
      Principal principal = null;
      if (!match.route().open()) {
        principal = authenticate(headers.get("authorization"));
      }
      Map<String, String> params = new HashMap<>();
      for (Map.Entry<String, String> e : match.params().entrySet()) {
        params.put(e.getKey(), e.getValue().replace("\u0000", "/"));
      }
      ApiRequest request = new ApiRequest(method, rawPath, params, q.parameters(), headers, body, principal);
      ApiResponse r = match.route().handler().handle(request);
      if (r.raw() != null) {
        return response(r.status(), r.raw(), r.contentType());
      }
      return response(r.status(), Json.bytes(r.json()), "application/json");
    } catch (ApiException e) {
      return error(e);
    } catch (Exception | StackOverflowError e) {
      LOG.log(Level.WARNING, method + " " + stripQuery(uri) + " failed", e);
      return error(new ApiException(500, "internal", "internal error: " + e.getClass().getSimpleName()));
    }
  }

  /** Decodes each segment on its own; an encoded '/' becomes a NUL placeholder so splitting keeps it in place. */
  private static String decodeSegments(String rawPath) {
    String[] parts = rawPath.split("/", -1);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        sb.append('/');
      }
      String d;
      try {
        d = URLDecoder.decode(parts[i].replace("+", "%2B"), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new ApiException(400, "bad_request", "malformed percent-encoding in the path");
      }
      sb.append(d.replace("/", "\u0000"));
    }
    return sb.toString();
  }

  private static String stripQuery(String uri) {
    int q = uri.indexOf('?');
    return q < 0 ? uri : uri.substring(0, q);
  }

  private Principal authenticate(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new ApiException(401, "unauthenticated", "missing bearer token (Authorization: Bearer <token>)");
    }
    Principal p = authenticator.apply(authorization.substring(7).trim());
    if (p == null) {
      throw new ApiException(401, "unauthenticated", "unknown or revoked token");
    }
    return p;
  }

  private static FullHttpResponse error(ApiException e) {
    Map<String, Object> err = new java.util.LinkedHashMap<>();
    err.put("code", e.code());
    err.put("message", e.getMessage());
    err.putAll(e.details());
    return response(e.status(), Json.bytes(Map.of("error", err)), "application/json");
  }

  private static FullHttpResponse response(int status, byte[] body, String contentType) {
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
        Unpooled.wrappedBuffer(body));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
    return r;
  }

  private static void reply(ChannelHandlerContext ctx, boolean keepAlive, FullHttpResponse r) {
    if (status401(r)) {
      r.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"inkwell\"");
    }
    if (keepAlive) {
      r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
      ctx.writeAndFlush(r);
    } else {
      ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
    }
  }

  private static boolean status401(FullHttpResponse r) {
    return r.status().code() == 401;
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    handlers.close();
  }
}
