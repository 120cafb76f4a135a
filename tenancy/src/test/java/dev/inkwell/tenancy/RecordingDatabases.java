package dev.inkwell.tenancy;

import dev.inkwell.tenancy.provision.DatabaseProvisioner;
import dev.inkwell.tenancy.provision.ProvisioningException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Wraps a database provisioner and records the calls, so tests can check what was done and undone. */
final class RecordingDatabases implements DatabaseProvisioner {

  final List<String> calls = new CopyOnWriteArrayList<>();
  private final DatabaseProvisioner inner;

  RecordingDatabases(DatabaseProvisioner inner) {
    this.inner = inner;
  }

  @Override
  public DatabaseGrant create(String appid, String password) throws ProvisioningException {
    calls.add("create " + appid);
    return inner.create(appid, password);
  }

  @Override
  public void setReadOnly(String appid, boolean readOnly) throws ProvisioningException {
    // recorded only: the stand-in has no users (the real command is pinned in MongoDatabaseProvisionerIT)
    calls.add("readOnly " + appid + " " + readOnly);
  }

  @Override
  public void removeUser(String appid) throws ProvisioningException {
    calls.add("removeUser " + appid);
    inner.removeUser(appid);
  }

  @Override
  public void dropDatabase(String appid) throws ProvisioningException {
    calls.add("drop " + appid);
    inner.dropDatabase(appid);
  }
}
