package dev.inkwell.tenancy.service;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import dev.inkwell.records.SystemDatabase;
import org.bson.Document;

/**
 * The control plane's collections in the system database. {@code apps} and {@code buckets} are the shared records the
 * route controller watches; the rest belong to tenancy alone: {@code functions} (the latest revision of each function),
 * {@code function_revisions} (every revision, kept), {@code app_secrets} (credentials handed to the runtime; never
 * returned by the API), {@code dev_tokens} (SHA-256 of developer tokens) and {@code retired_appids} (deleted apps whose
 * database and buckets were kept: their appids are never given out again).
 */
public final class Store {

  public static final String FUNCTIONS = "functions";
  public static final String REVISIONS = "function_revisions";
  public static final String SECRETS = "app_secrets";
  public static final String DEV_TOKENS = "dev_tokens";
  public static final String RETIRED = "retired_appids";

  private final MongoClient client;
  private final MongoDatabase system;
  private final String systemDatabaseName;

  public Store(MongoClient client, String systemDatabase) {
    this.client = client;
    this.systemDatabaseName = systemDatabase;
    this.system = client.getDatabase(systemDatabase);
    system.getCollection(FUNCTIONS).createIndex(Indexes.ascending("appid", "name"), new IndexOptions().unique(true));
    system.getCollection(REVISIONS).createIndex(Indexes.ascending("appid", "name", "revision"),
        new IndexOptions().unique(true));
    system.getCollection(DEV_TOKENS).createIndex(Indexes.ascending("appid"));
    system.getCollection(SystemDatabase.BUCKETS).createIndex(Indexes.ascending("appid"));
  }

  public MongoCollection<Document> apps() {
    return system.getCollection(SystemDatabase.APPS);
  }

  public MongoCollection<Document> buckets() {
    return system.getCollection(SystemDatabase.BUCKETS);
  }

  public MongoCollection<Document> functions() {
    return system.getCollection(FUNCTIONS);
  }

  public MongoCollection<Document> revisions() {
    return system.getCollection(REVISIONS);
  }

  public MongoCollection<Document> secrets() {
    return system.getCollection(SECRETS);
  }

  public MongoCollection<Document> devTokens() {
    return system.getCollection(DEV_TOKENS);
  }

  public MongoCollection<Document> retired() {
    return system.getCollection(RETIRED);
  }

  public String systemDatabaseName() {
    return systemDatabaseName;
  }

  /** An app's own database (named after the appid, as in Laf), reached with the platform's credentials. */
  public MongoDatabase appDatabase(String appid) {
    return client.getDatabase(appid);
  }
}
