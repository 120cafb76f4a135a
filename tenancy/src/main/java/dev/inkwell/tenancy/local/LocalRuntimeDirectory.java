package dev.inkwell.tenancy.local;

import com.mongodb.client.MongoClient;
import dev.inkwell.records.App;
import dev.inkwell.runtime.app.AppDirectory;
import dev.inkwell.runtime.app.AppSpec;
import dev.inkwell.runtime.cloud.EdgeKey;
import dev.inkwell.runtime.cloud.StorageSettings;
import dev.inkwell.tenancy.api.ApiException;
import dev.inkwell.tenancy.provision.AppWorkload;
import dev.inkwell.tenancy.service.AppService;
import java.util.HashMap;
import java.util.Map;

/**
 * The apps of a shared runtime in standalone mode: each running app of the control plane, with exactly the variables
 * its own Kubernetes workload would get ({@link AppService#workload}): its server secret, env, storage credentials and
 * edge signing key. Only the database handle differs: the runtime's client to the embedded server, narrowed to the
 * app's own database (the embedded server has no users).
 */
public final class LocalRuntimeDirectory implements AppDirectory {

  private static final long MAX_READ_BYTES = 16L * 1024 * 1024;

  private final AppService apps;
  private final MongoClient client;

  public LocalRuntimeDirectory(AppService apps, MongoClient client) {
    this.apps = apps;
    this.client = client;
  }

  @Override
  public AppSpec find(String appid) {
    if (!AppService.APPID.matcher(appid).matches()) {
      return null;
    }
    AppWorkload w;
    try {
      if (!App.RUNNING.equals(apps.get(appid).getString("state"))) {
        return null;
      }
      w = apps.workload(appid);
    } catch (ApiException e) {
      return null; // absent, or not provisioned yet
    }
    Map<String, String> all = new HashMap<>(w.settings());
    all.putAll(w.secrets());
    String key = all.get("INKWELL_EDGE_SIGNING_KEY");
    return new AppSpec(appid, client.getDatabase(appid), all.get("SERVER_SECRET"), w.env(),
        StorageSettings.fromEnvironment(all, MAX_READ_BYTES), key == null ? null : EdgeKey.fromJwk(key));
  }
}
