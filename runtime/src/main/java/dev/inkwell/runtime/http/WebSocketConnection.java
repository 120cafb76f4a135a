package dev.inkwell.runtime.http;

import dev.inkwell.runtime.app.AppRuntime;
import dev.inkwell.runtime.engine.LiveSocket;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One WebSocket after its handshake: turns frames into {@code __websocket__} events and is the {@link LiveSocket}
 * functions write to. Answers pings, pings an idle peer, closes a silent one, and refuses oversized messages (1009).
 *
 * <p>Concurrency: Netty calls the handler methods on the channel's event loop; functions call the {@link LiveSocket}
 * methods from their Context threads, and Netty moves those writes onto the event loop. The close event is delivered
 * once, guarded by {@link #closedReported}.
 */
final class WebSocketConnection extends SimpleChannelInboundHandler<WebSocketFrame> {

  private static final Logger LOG = Logger.getLogger(WebSocketConnection.class.getName());
  private static final AtomicLong IDS = new AtomicLong();

  private final AppRuntime app;
  private final RequestData upgrade;
  private final Socket socket;
  private final AtomicBoolean closedReported = new AtomicBoolean();
  private int peerCloseCode = 1006;
  private String peerCloseReason = "";

  WebSocketConnection(AppRuntime app, RequestData upgrade, Channel channel) {
    this.app = app;
    this.upgrade = upgrade;
    this.socket = new Socket(IDS.incrementAndGet(), channel);
  }

  /** The handshake is done: the socket is live and the function hears of it. */
  void opened() {
    app.sockets().add(socket);
    app.submitSocketEvent(socket.id(), SocketEvent.connection(app.appid(), upgrade, app.tokens(), socket));
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
    switch (frame) {
      case TextWebSocketFrame text -> app.submitSocketEvent(socket.id(),
          SocketEvent.message(app.appid(), upgrade, app.tokens(), socket, text.text()));
      case BinaryWebSocketFrame bin -> app.submitSocketEvent(socket.id(),
          SocketEvent.message(app.appid(), upgrade, app.tokens(), socket, ByteBufUtil.getBytes(bin.content())));
      case PingWebSocketFrame ping -> ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
      case PongWebSocketFrame pong -> {
        // proof of life: the idle timer has been reset by the read
      }
      case CloseWebSocketFrame close -> {
        peerCloseCode = close.statusCode() < 0 ? 1005 : close.statusCode();
        peerCloseReason = close.reasonText();
        socket.echoClose(peerCloseCode == 1005 ? 1000 : peerCloseCode);
      }
      default -> {
        // continuation frames are aggregated before this handler
      }
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof IdleStateEvent idle) {
      if (idle.state() == IdleState.READER_IDLE) {
        socket.closeWith(1001, "idle timeout");
      } else if (idle.state() == IdleState.WRITER_IDLE) {
        ctx.writeAndFlush(new PingWebSocketFrame(Unpooled.EMPTY_BUFFER));
      }
      return;
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    app.sockets().remove(socket);
    if (closedReported.compareAndSet(false, true)) {
      // Who closed first decides: our code and reason (the function's, idle timeout, publish), else the peer's.
      boolean ours = socket.sentCode > 0;
      int code = ours ? socket.sentCode : peerCloseCode;
      String reason = ours ? socket.sentReason : peerCloseReason;
      app.submitSocketEvent(socket.id(), SocketEvent.close(app.appid(), upgrade, app.tokens(), socket, code, reason));
    }
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof TooLongFrameException || cause instanceof CorruptedWebSocketFrameException) {
      app.submitSocketEvent(socket.id(), SocketEvent.error(app.appid(), upgrade, app.tokens(), socket,
          "message too large or malformed: " + cause.getMessage()));
      socket.closeWith(1009, "message too big");
    } else {
      LOG.log(Level.FINE, "websocket error", cause);
      ctx.close();
    }
  }

  /** The function-facing side: writes go to the channel, from any thread. */
  static final class Socket extends LiveSocket {
    private final Channel channel;
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile int sentCode;
    private volatile String sentReason = "";

    Socket(long id, Channel channel) {
      super(id);
      this.channel = channel;
    }

    @Override
    protected boolean isOpen() {
      return channel.isActive() && !closing.get();
    }

    @Override
    protected void writeText(String text) {
      if (isOpen()) {
        channel.writeAndFlush(new TextWebSocketFrame(text), channel.voidPromise());
      }
    }

    @Override
    protected void writeBytes(byte[] bytes) {
      if (isOpen()) {
        channel.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes)), channel.voidPromise());
      }
    }

    /** Answers the peer's close frame; the close event then reports the peer's code. */
    void echoClose(int code) {
      if (closing.compareAndSet(false, true) && !channel.eventLoop().isShuttingDown()) {
        channel.writeAndFlush(new CloseWebSocketFrame(code, "")).addListener(ChannelFutureListener.CLOSE);
      }
    }

    @Override
    public void closeWith(int code, String reason) {
      if (closing.compareAndSet(false, true) && !channel.eventLoop().isShuttingDown()) {
        sentCode = code;
        sentReason = reason;
        channel.writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener(ChannelFutureListener.CLOSE);
      }
    }
  }
}
