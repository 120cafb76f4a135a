package dev.inkwell.tenancy.provision.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.inkwell.tenancy.provision.DatabaseProvisioner;
import dev.inkwell.tenancy.provision.ProvisioningException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.bson.Document;

/**
 * Production: a user per app in the app's own database, with {@code readWrite} and {@code dbAdmin} on that database
 * only (Laf's grant), through the MongoDB driver's {@code createUser} / {@code updateUser} / {@code dropUser} /
 * {@code dropDatabase} commands. The platform's client must be allowed to manage users (e.g. {@code userAdminAnyDatabase}).
 *
 * <p>{@code appHosts} is the host list apps connect to (the replica set as apps reach it, with its options), so the
 * URI handed to the runtime is {@code mongodb://<appid>:<password>@<appHosts>/<appid>?authSource=<appid>&...}.
 */
public final class MongoDatabaseProvisioner implements DatabaseProvisioner {

  /** MongoDB's error codes for "user already exists" and "user not found". */
  private static final int USER_EXISTS = 51003;
  private static final int USER_NOT_FOUND = 11;

  private final MongoClient client;
  private final String appHosts;
  private final String appOptions;

  /**
   * @param appHosts e.g. {@code mongo-0.mongo:27017,mongo-1.mongo:27017}
   * @param appOptions extra URI options, e.g. {@code replicaSet=rs0} (may be empty)
   */
  public MongoDatabaseProvisioner(MongoClient client, String appHosts, String appOptions) {
    this.client = client;
    this.appHosts = appHosts;
    this.appOptions = appOptions == null ? "" : appOptions;
  }

  static List<Document> fullRoles(String db) {
    return List.of(new Document("role", "readWrite").append("db", db), new Document("role", "dbAdmin").append("db", db));
  }

  // The commands, built apart so tests can pin them: the driver hides the bodies of user commands from its command
  // listeners, and the stand-in server has no users.

  static Document createUser(String appid, String password) {
    return new Document("createUser", appid).append("pwd", password).append("roles", fullRoles(appid));
  }

  static Document updateUser(String appid, String password, List<Document> roles) {
    Document d = new Document("updateUser", appid);
    if (password != null) {
      d.append("pwd", password);
    }
    return d.append("roles", roles);
  }

  static List<Document> readOnlyRoles(String db) {
    return List.of(new Document("role", "read").append("db", db));
  }

  @Override
  public DatabaseGrant create(String appid, String password) throws ProvisioningException {
    MongoDatabase db = client.getDatabase(appid);
    try {
      try {
        db.runCommand(createUser(appid, password));
      } catch (MongoCommandException e) {
        if (e.getErrorCode() != USER_EXISTS) {
          throw e;
        }
        // re-run after a crash or retry: make the password and roles what they should be
        db.runCommand(updateUser(appid, password, fullRoles(appid)));
      }
    } catch (MongoException e) {
      throw new ProvisioningException("database", "creating the user of " + appid + " failed: " + brief(e), e);
    }
    return new DatabaseGrant(appid, appid, appUri(appid, password));
  }

  /** The app's connection string: its own user, database and auth source; checked here, not first in the runtime. */
  String appUri(String appid, String password) {
    String uri = "mongodb://" + enc(appid) + ":" + enc(password) + "@" + appHosts + "/" + appid + "?authSource=" + appid
        + (appOptions.isEmpty() ? "" : "&" + appOptions);
    new ConnectionString(uri);
    return uri;
  }

  @Override
  public void setReadOnly(String appid, boolean readOnly) throws ProvisioningException {
    List<Document> roles = readOnly ? readOnlyRoles(appid) : fullRoles(appid);
    try {
      client.getDatabase(appid).runCommand(updateUser(appid, null, roles));
    } catch (MongoException e) {
      throw new ProvisioningException("database", "changing the roles of " + appid + " failed: " + brief(e), e);
    }
  }

  @Override
  public void removeUser(String appid) throws ProvisioningException {
    try {
      client.getDatabase(appid).runCommand(new Document("dropUser", appid));
    } catch (MongoCommandException e) {
      if (e.getErrorCode() != USER_NOT_FOUND) {
        throw new ProvisioningException("database", "dropping the user of " + appid + " failed: " + brief(e), e);
      }
    } catch (MongoException e) {
      throw new ProvisioningException("database", "dropping the user of " + appid + " failed: " + brief(e), e);
    }
  }

  @Override
  public void dropDatabase(String appid) throws ProvisioningException {
    try {
      client.getDatabase(appid).drop();
    } catch (MongoException e) {
      throw new ProvisioningException("database", "dropping database " + appid + " failed: " + brief(e), e);
    }
  }

  private static String brief(MongoException e) {
    return e instanceof MongoCommandException c ? c.getErrorCodeName() + " (" + c.getErrorCode() + ")"
        : e.getClass().getSimpleName();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
