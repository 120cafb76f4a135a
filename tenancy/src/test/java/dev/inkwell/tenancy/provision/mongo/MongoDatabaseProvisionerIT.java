package dev.inkwell.tenancy.provision.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import dev.inkwell.runtime.dev.EmbeddedMongo;
import dev.inkwell.tenancy.provision.ProvisioningException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The production database provisioner. No MongoDB runs on these machines and the stand-in (mongo-java-server) has no
 * users, so the user commands are pinned: the driver's command listener records exactly what is sent (the stand-in
 * then refuses the command, which must surface as a ProvisioningException naming the step and never the password).
 * Dropping a database is a real round trip against the stand-in.
 */
class MongoDatabaseProvisionerIT {

  private static EmbeddedMongo mongo;
  private static MongoClient client;
  private static final List<String> SENT = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    mongo = EmbeddedMongo.inMemory();
    CommandListener recorder = new CommandListener() {
      @Override
      public void commandStarted(CommandStartedEvent event) {
        SENT.add(event.getCommandName() + " " + event.getDatabaseName());
      }
    };
    client = MongoClients.create(MongoClientSettings.builder()
        .applyConnectionString(new ConnectionString(mongo.connectionString())).addCommandListener(recorder).build());
  }

  @AfterAll
  static void stop() {
    client.close();
    mongo.close();
  }

  private static void sent(String commandAndDatabase) {
    assertTrue(SENT.contains(commandAndDatabase), commandAndDatabase + " not among " + SENT);
  }

  @Test
  void createsAUserWithReadWriteAndDbAdminOnItsOwnDatabaseOnly() {
    MongoDatabaseProvisioner p = new MongoDatabaseProvisioner(client, "mongo-0.mongo:27017", "replicaSet=rs0");
    ProvisioningException e = assertThrows(ProvisioningException.class, () -> p.create("blog42", "s3cret-pass"));
    assertEquals("database", e.step());
    assertFalse(e.getMessage().contains("s3cret-pass"), e.getMessage());
    sent("createUser blog42"); // run in the app's own database: the user exists there only
    assertEquals(Document.parse("{createUser: 'blog42', pwd: 's3cret-pass', roles: [{role: 'readWrite', db: 'blog42'},"
        + " {role: 'dbAdmin', db: 'blog42'}]}"), MongoDatabaseProvisioner.createUser("blog42", "s3cret-pass"));
  }

  @Test
  void overQuotaLeavesReadOnlyAndBack() {
    MongoDatabaseProvisioner p = new MongoDatabaseProvisioner(client, "h:27017", "");
    assertThrows(ProvisioningException.class, () -> p.setReadOnly("blog42", true));
    sent("updateUser blog42");
    assertEquals(Document.parse("{updateUser: 'blog42', roles: [{role: 'read', db: 'blog42'}]}"),
        MongoDatabaseProvisioner.updateUser("blog42", null, MongoDatabaseProvisioner.readOnlyRoles("blog42")));
    assertEquals(Document.parse("{updateUser: 'blog42', roles: [{role: 'readWrite', db: 'blog42'},"
        + " {role: 'dbAdmin', db: 'blog42'}]}"),
        MongoDatabaseProvisioner.updateUser("blog42", null, MongoDatabaseProvisioner.fullRoles("blog42")));
    assertThrows(ProvisioningException.class, () -> p.removeUser("blog42"));
    sent("dropUser blog42");
  }

  @Test
  void theAppsUriCarriesItsOwnCredentialsAndDatabase() throws Exception {
    MongoDatabaseProvisioner p = new MongoDatabaseProvisioner(client, "mongo-0.mongo:27017,mongo-1.mongo:27017",
        "replicaSet=rs0");
    ConnectionString cs = new ConnectionString(p.appUri("blog42", "p@ss:/"));
    assertEquals("blog42", cs.getDatabase());
    assertEquals("blog42", cs.getUsername());
    assertEquals("p@ss:/", new String(cs.getPassword()));
    assertEquals("blog42", cs.getCredential().getSource());
    assertEquals("rs0", cs.getRequiredReplicaSetName());
    assertEquals(List.of("mongo-0.mongo:27017", "mongo-1.mongo:27017"), cs.getHosts());
  }

  @Test
  void dropsTheAppsDatabase() throws Exception {
    client.getDatabase("gone1").getCollection("c").insertOne(new Document("a", 1));
    new MongoDatabaseProvisioner(client, "h:27017", "").dropDatabase("gone1");
    assertFalse(client.listDatabaseNames().into(new java.util.ArrayList<>()).contains("gone1"));
  }
}
