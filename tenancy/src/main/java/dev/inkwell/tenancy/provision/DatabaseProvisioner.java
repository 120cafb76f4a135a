package dev.inkwell.tenancy.provision;

/**
 * An app's own MongoDB database and the user that may reach it and nothing else (roles {@code readWrite} and
 * {@code dbAdmin} on that database, as Laf grants). Every method is idempotent: applying twice is applying once,
 * removing what is absent does nothing. Implementations block (driver calls): call them off event loops.
 */
public interface DatabaseProvisioner {

  /** Creates (or re-grants) the app's database user; the answer holds the password, kept only in the app's secrets. */
  DatabaseGrant create(String appid, String password) throws ProvisioningException;

  /** Over quota: the user keeps only {@code read}; back under: {@code readWrite} + {@code dbAdmin} again. */
  void setReadOnly(String appid, boolean readOnly) throws ProvisioningException;

  /** Drops the app's user: the runtime can no longer connect. Data stays. */
  void removeUser(String appid) throws ProvisioningException;

  /** Drops the app's database and everything in it (explicit, confirmed data deletion only). */
  void dropDatabase(String appid) throws ProvisioningException;

  /**
   * What the app's runtime connects with.
   *
   * @param uri connection string with the app's own credentials and database; a secret, never logged
   */
  record DatabaseGrant(String database, String username, String uri) {
    @Override
    public String toString() {
      return "DatabaseGrant[database=" + database + ", username=" + username + ", uri=(hidden)]";
    }
  }
}
