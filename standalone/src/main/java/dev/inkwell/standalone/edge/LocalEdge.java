package dev.inkwell.standalone.edge;

import dev.inkwell.runner.auth.JwtVerifier;
import dev.inkwell.runner.auth.TenantAuth;
import dev.inkwell.runner.conf.ConfCache;
import dev.inkwell.runner.conf.Filters;
import dev.inkwell.runner.metrics.RunnerMetrics;
import dev.inkwell.runner.ratelimit.TenantRateLimit;
import dev.inkwell.runner.ratelimit.Tenants;
import dev.inkwell.standalone.routes.InProcessRouteStore;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * The edge of standalone mode ({@code ./inkwell dev}): an HTTP/1.1 server that routes by {@code Host} from the
 * {@link InProcessRouteStore}, reading the route JSON the way APISIX reads it. App routes run the plugin runner's
 * filters ({@code tenant-auth}, {@code tenant-rate-limit}) in-process, then are proxied to the route's upstream node;
 * bucket-site routes are served from an {@link ObjectSource}. See standalone/EDGE.md for what it does not do.
 *
 * <p>Confs are prepared when a route appears or changes (once per route revision); rate-limit counters belong to the
 * tenant, so a new limit applies at once and keeps the bucket's level, as in the runner.
 */
public final class LocalEdge implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(LocalEdge.class.getName());

  /** What every connection shares. */
  static final class Shared {
    private volatile RouteTable table = RouteTable.EMPTY;
    private final UpstreamPool pool = new UpstreamPool();
    private final SiteResponder site;

    Shared(SiteResponder site) {
      this.site = site;
    }

    RouteTable table() {
      return table;
    }

    UpstreamPool pool() {
      return pool;
    }

    SiteResponder site() {
      return site;
    }
  }

  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final Channel server;
  private final ExecutorService blocking;
  private final InProcessRouteStore routes;
  private final InProcessRouteStore.Listener listener;
  private final Tenants tenants;

  private LocalEdge(EventLoopGroup boss, EventLoopGroup workers, Channel server, ExecutorService blocking,
      InProcessRouteStore routes, InProcessRouteStore.Listener listener, Tenants tenants) {
    this.boss = boss;
    this.workers = workers;
    this.server = server;
    this.blocking = blocking;
    this.routes = routes;
    this.listener = listener;
    this.tenants = tenants;
  }

  /** Starts an edge with the system clock. */
  public static LocalEdge start(EdgeConfig config, InProcessRouteStore routes, ObjectSource objects)
      throws InterruptedException {
    return start(config, routes, objects, Clock.systemUTC(), System::nanoTime);
  }

  /**
   * Starts an edge that serves {@code routes} (and follows its changes) until {@link #close()}.
   *
   * @param clock wall time, for token expiry
   * @param ticker monotonic nanoseconds, for rate limits
   */
  public static LocalEdge start(EdgeConfig config, InProcessRouteStore routes, ObjectSource objects, Clock clock,
      LongSupplier ticker) throws InterruptedException {
    Tenants tenants = new Tenants(ticker);
    ConfCache[] holder = new ConfCache[1];
    RunnerMetrics metrics = new RunnerMetrics(() -> holder[0] == null ? 0 : holder[0].size(), tenants);
    Filters filters = new Filters(List.of(new TenantAuth(new JwtVerifier(10_000), clock, metrics),
        new TenantRateLimit(tenants, metrics)));
    ExecutorService blocking = Executors.newVirtualThreadPerTaskExecutor();
    // The edge keeps each prepared conf in its route; the cache only hands out tokens, so its entries may expire.
    ConfCache confs = new ConfCache(filters, Duration.ofMinutes(10), 100_000, ticker::getAsLong, blocking);
    holder[0] = confs;
    Shared shared = new Shared(new SiteResponder(objects, blocking));
    InProcessRouteStore.Listener listener = snapshot -> shared.table = shared.table.next(snapshot, confs);
    routes.addListener(listener);

    EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    EventLoopGroup workers = new MultiThreadIoEventLoopGroup(config.ioThreads(), NioIoHandler.newFactory());
    Channel server;
    try {
      server = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              ch.pipeline().addLast(new HttpServerCodec(), new HttpServerExpectContinueHandler(),
                  new EdgeHandler(shared));
            }
          })
          .bind(config.host(), config.port()).sync().channel();
    } catch (RuntimeException | InterruptedException e) {
      routes.removeListener(listener);
      boss.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      workers.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      blocking.shutdownNow();
      throw e;
    }
    workers.next().scheduleAtFixedRate(tenants::sweep, 30, 30, TimeUnit.SECONDS);
    InetSocketAddress a = (InetSocketAddress) server.localAddress();
    LOG.info(() -> "local edge listening on http://" + a.getHostString() + ":" + a.getPort()
        + " (apps and bucket sites by Host, filters in-process)");
    return new LocalEdge(boss, workers, server, blocking, routes, listener, tenants);
  }

  /** The port the edge listens on (the one chosen when the config said 0). */
  public int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  public InetSocketAddress address() {
    return (InetSocketAddress) server.localAddress();
  }

  /** Tenants with rate-limit state (diagnostics, tests). */
  public int tenants() {
    return tenants.size();
  }

  @Override
  public void close() {
    routes.removeListener(listener);
    server.close().syncUninterruptibly();
    boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    blocking.shutdownNow();
  }
}
