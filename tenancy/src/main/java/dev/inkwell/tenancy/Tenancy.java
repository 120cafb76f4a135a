package dev.inkwell.tenancy;

import com.mongodb.client.MongoClient;
import dev.inkwell.runtime.compile.FunctionCompiler;
import dev.inkwell.tenancy.api.ApiServer;
import dev.inkwell.tenancy.api.ControlApi;
import dev.inkwell.tenancy.provision.DatabaseProvisioner;
import dev.inkwell.tenancy.provision.StorageProvisioner;
import dev.inkwell.tenancy.provision.WorkloadProvisioner;
import dev.inkwell.tenancy.service.AppService;
import dev.inkwell.tenancy.service.BucketService;
import dev.inkwell.tenancy.service.FunctionService;
import dev.inkwell.tenancy.service.Invoker;
import dev.inkwell.tenancy.service.KeyService;
import dev.inkwell.tenancy.service.Reconciler;
import dev.inkwell.tenancy.service.Store;
import dev.inkwell.tenancy.service.TenancySettings;
import dev.inkwell.tenancy.service.Tokens;
import java.time.Duration;

/**
 * The control plane put together: the services over the system database and the three provisioners, the control API
 * server on top, and the reconciler that retries what failed. Production ({@link TenancyMain}) and standalone mode
 * build it the same way with different provisioners.
 */
public final class Tenancy implements AutoCloseable {

  private final AppService apps;
  private final FunctionService functions;
  private final BucketService buckets;
  private final ApiServer server;
  private final Reconciler reconciler;

  /** Every part a control plane needs; {@code apiPort} 0 picks a free port. */
  public record Parts(MongoClient client, String systemDatabase, TenancySettings settings, String operatorToken,
      DatabaseProvisioner database, StorageProvisioner storage, WorkloadProvisioner workloads, String apiHost,
      int apiPort, Duration reconcilePeriod) {
  }

  public Tenancy(Parts p) throws InterruptedException {
    Invoker.allowHostHeader();
    Store store = new Store(p.client(), p.systemDatabase());
    this.apps = new AppService(store, p.settings(), p.database(), p.storage(), p.workloads());
    apps.refreshUpstreams();
    this.functions = new FunctionService(store, apps, FunctionCompiler.shared());
    this.buckets = new BucketService(store, apps, p.storage());
    ControlApi api = new ControlApi(store, apps, functions, buckets, new KeyService(store, apps),
        new Invoker(Duration.ofSeconds(65)));
    Tokens tokens = new Tokens(store, p.operatorToken());
    this.server = new ApiServer(p.apiHost(), p.apiPort(), 64 * 1024 * 1024, api.router(), tokens::authenticate);
    this.reconciler = new Reconciler(apps, p.reconcilePeriod());
  }

  public int port() {
    return server.port();
  }

  public AppService apps() {
    return apps;
  }

  public FunctionService functions() {
    return functions;
  }

  public BucketService buckets() {
    return buckets;
  }

  public Reconciler reconciler() {
    return reconciler;
  }

  @Override
  public void close() {
    reconciler.close();
    server.close();
  }
}
