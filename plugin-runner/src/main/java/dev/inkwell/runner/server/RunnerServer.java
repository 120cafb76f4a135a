package dev.inkwell.runner.server;

import dev.inkwell.runner.conf.ConfCache;
import dev.inkwell.runner.metrics.RunnerMetrics;
import dev.inkwell.runner.protocol.Frames;
import dev.inkwell.runner.sdk.OfficialFilters;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/** Listens on APISIX's unix socket (epoll where available, else the JDK's NIO domain sockets). */
public final class RunnerServer implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(RunnerServer.class.getName());

  private final EventLoopGroup group;
  private final Channel channel;
  private final Path socket;

  private RunnerServer(EventLoopGroup group, Channel channel, Path socket) {
    this.group = group;
    this.channel = channel;
    this.socket = socket;
  }

  public static RunnerServer start(Path socket, Set<PosixFilePermission> mode, int ioThreads, int maxFrameBytes,
      ConfCache confs, OfficialFilters official, RunnerMetrics metrics) throws IOException, InterruptedException {
    boolean epoll = Epoll.isAvailable();
    IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    Class<? extends ServerChannel> type = epoll ? EpollServerDomainSocketChannel.class
        : NioServerDomainSocketChannel.class;
    SocketAddress address = epoll ? new DomainSocketAddress(socket.toFile()) : UnixDomainSocketAddress.of(socket);
    // A socket file left by a runner that died (APISIX restarts us 3 s later) would make bind fail: remove it, unless
    // a runner still answers on it (then deleting it would cut that runner off from APISIX).
    if (Files.exists(socket) && !Files.isDirectory(socket)) {
      try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
        probe.connect(UnixDomainSocketAddress.of(socket));
        throw new IllegalStateException("another runner is listening on unix:" + socket + " (stop it first)");
      } catch (IOException stale) {
        Files.delete(socket);
      }
    }
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(ioThreads, io);
    try {
      Channel ch = new ServerBootstrap().group(group).channel(type)
          .childHandler(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel c) {
              c.pipeline().addLast(
                  new LengthFieldBasedFrameDecoder(maxFrameBytes + Frames.HEADER, 1, 3, 0, 0, true),
                  new RunnerHandler(confs, official, metrics));
            }
          })
          .bind(address).sync().channel();
      Files.setPosixFilePermissions(socket, mode);
      LOG.info(() -> "listening on unix:" + socket + (epoll ? " (epoll)" : " (nio)"));
      return new RunnerServer(group, ch, socket);
    } catch (IOException | RuntimeException | InterruptedException e) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw e;
    }
  }

  /** Runs a task on one of the event loops every {@code seconds}. */
  public void every(long seconds, Runnable task) {
    group.next().scheduleAtFixedRate(task, seconds, seconds, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    try {
      Files.deleteIfExists(socket);
    } catch (IOException ignored) {
      // nothing left to do on the way out
    }
  }
}
