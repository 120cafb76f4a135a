package dev.inkwell.runtime.http;

import dev.inkwell.runtime.app.Apps;
import dev.inkwell.runtime.metrics.RuntimeMetrics;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/** The runtime's HTTP/1.1 server (Netty; epoll where available). */
public final class RuntimeServer implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(RuntimeServer.class.getName());

  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final Channel channel;

  private RuntimeServer(EventLoopGroup boss, EventLoopGroup workers, Channel channel) {
    this.boss = boss;
    this.workers = workers;
    this.channel = channel;
  }

  /**
   * Binds and starts serving.
   *
   * @param singleApp the app served, or null for multi-app mode under {@code domain}
   * @param ioThreads event-loop threads (network I/O only: functions run on their Contexts' own threads)
   */
  public static RuntimeServer start(String host, int port, Apps apps, String singleApp, String domain,
      RuntimeMetrics metrics, int maxBodyBytes, int ioThreads, WebSocketSettings sockets) throws InterruptedException {
    boolean epoll = Epoll.isAvailable();
    IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    Class<? extends ServerChannel> type = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, io);
    EventLoopGroup workers = new MultiThreadIoEventLoopGroup(ioThreads, io);
    Dispatcher dispatcher = new Dispatcher(apps, singleApp, domain, metrics);
    try {
      Channel ch = new ServerBootstrap()
          .group(boss, workers)
          .channel(type)
          .option(ChannelOption.SO_BACKLOG, 1024)
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childHandler(new RuntimeInitializer(dispatcher, maxBodyBytes, sockets))
          .bind(new InetSocketAddress(host, port)).sync().channel();
      LOG.info(() -> "listening on " + ch.localAddress() + (epoll ? " (epoll)" : " (nio)"));
      return new RuntimeServer(boss, workers, ch);
    } catch (RuntimeException | InterruptedException e) {
      boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw e;
    }
  }

  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS);
  }
}
