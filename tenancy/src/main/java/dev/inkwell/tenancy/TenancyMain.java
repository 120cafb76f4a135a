package dev.inkwell.tenancy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.inkwell.runtime.log.LineFormatter;
import dev.inkwell.tenancy.k8s.KubernetesWorkloads;
import dev.inkwell.tenancy.provision.mongo.MongoDatabaseProvisioner;
import dev.inkwell.tenancy.service.Invoker;
import dev.inkwell.tenancy.service.TenancySettings;
import dev.inkwell.tenancy.storage.MinioStorageProvisioner;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code ./inkwell tenancy}: the control API in production, on MongoDB (users per app), MinIO (users and prefix
 * policies per app) and Kubernetes (a workload per app, in-cluster credentials or the kubeconfig). Configured by the
 * environment ({@link TenancyConfig}); see {@code tenancy/README.md}.
 */
public final class TenancyMain {

  private static final Logger LOG = Logger.getLogger(TenancyMain.class.getName());

  private TenancyMain() {
  }

  public static void main(String[] args) throws Exception {
    Invoker.allowHostHeader();
    LineFormatter.install(Level.INFO);
    Logger.getLogger("org.mongodb.driver").setLevel(Level.WARNING);
    TenancyConfig c;
    try {
      c = TenancyConfig.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("inkwell tenancy: " + e.getMessage());
      System.exit(2);
      return;
    }
    LOG.info(() -> "starting " + c);
    MongoClient client = MongoClients.create(c.mongoUri());
    KubernetesClient kubernetes = new KubernetesClientBuilder().build();
    Tenancy tenancy = new Tenancy(new Tenancy.Parts(client, c.systemDatabase(),
        new TenancySettings(c.domain(), c.ossDomain(), c.publicScheme(), 0, c.defaultLimits()), c.operatorToken(),
        new MongoDatabaseProvisioner(client, c.appMongoHosts(), c.appMongoOptions()),
        MinioStorageProvisioner.create(c.minioEndpoint(), c.minioRegion(), c.minioAccessKey(), c.minioSecretKey()),
        KubernetesWorkloads.create(kubernetes, new KubernetesWorkloads.Settings(c.namespace(), c.runtimeImage()),
            Clock.systemUTC()),
        c.listenHost(), c.listenPort(), Duration.ofSeconds(60)));
    LOG.info(() -> "control API listening on " + c.listenHost() + ":" + tenancy.port());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      tenancy.close();
      kubernetes.close();
      client.close();
      stopped.countDown();
    }, "shutdown"));
    stopped.await();
  }
}
