package dev.inkwell.tenancy.provision.mongo;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import dev.inkwell.tenancy.provision.DatabaseProvisioner;
import dev.inkwell.tenancy.provision.ProvisioningException;

/**
 * Standalone mode on the embedded MongoDB stand-in (mongo-java-server), which has no users: each app still gets its own
 * database, and the runtime isolates apps by handing each only its own database handle; there is no per-app login.
 * Production uses {@link MongoDatabaseProvisioner}.
 */
public final class SharedServerDatabases implements DatabaseProvisioner {

  private final MongoClient client;
  private final String serverUri;

  /** @param serverUri {@code mongodb://host:port} of the embedded server */
  public SharedServerDatabases(MongoClient client, String serverUri) {
    this.client = client;
    this.serverUri = serverUri;
  }

  @Override
  public DatabaseGrant create(String appid, String password) {
    return new DatabaseGrant(appid, null, serverUri + "/" + appid);
  }

  @Override
  public void setReadOnly(String appid, boolean readOnly) throws ProvisioningException {
    throw new ProvisioningException("database", "read-only mode needs MongoDB users (not in standalone mode)");
  }

  @Override
  public void removeUser(String appid) {
    // no users in standalone mode
  }

  @Override
  public void dropDatabase(String appid) throws ProvisioningException {
    try {
      client.getDatabase(appid).drop();
    } catch (MongoException e) {
      throw new ProvisioningException("database", "dropping database " + appid + " failed", e);
    }
  }
}
