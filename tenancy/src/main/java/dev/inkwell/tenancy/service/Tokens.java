package dev.inkwell.tenancy.service;

import static com.mongodb.client.model.Filters.eq;

import dev.inkwell.tenancy.api.Principal;
import java.util.Date;
import org.bson.Document;

/**
 * Bearer tokens of the control API. The operator token is configuration (compared in constant time); developer tokens
 * ({@code iwd_<appid>_<random>}) are issued per app and stored as SHA-256 only, so a leaked database does not leak them.
 */
public final class Tokens {

  private final Store store;
  private final String operatorToken;

  public Tokens(Store store, String operatorToken) {
    if (operatorToken == null || operatorToken.length() < 16) {
      throw new IllegalArgumentException("INKWELL_OPERATOR_TOKEN: (expected: at least 16 characters)");
    }
    this.store = store;
    this.operatorToken = operatorToken;
  }

  /** Issues a developer token for {@code appid}; the value is returned once and never stored. */
  public static String issue(Store store, String appid) {
    String token = "iwd_" + appid + "_" + Secrets.random(24);
    String hash = Secrets.sha256(token);
    store.devTokens().insertOne(new Document("_id", hash).append("appid", appid).append("createdAt", new Date()));
    return token;
  }

  /** A token's id: the start of its hash, enough to tell an app's tokens apart and to revoke one. */
  static String idOf(String hash) {
    return hash.substring(0, 12);
  }

  /** The id of a token value (for answers right after issuing it). */
  public static String idOfToken(String token) {
    return idOf(Secrets.sha256(token));
  }

  /** The app's developer tokens: ids and creation times, never the hashes. */
  public static java.util.List<Document> list(Store store, String appid) {
    return store.devTokens().find(com.mongodb.client.model.Filters.eq("appid", appid))
        .sort(new Document("createdAt", 1))
        .map(d -> new Document("id", idOf(d.getString("_id"))).append("createdAt", d.get("createdAt")))
        .into(new java.util.ArrayList<>());
  }

  /** Revokes one token of the app; false when it has none with this id. */
  public static boolean revoke(Store store, String appid, String id) {
    if (id == null || !id.matches("[0-9a-f]{12}")) {
      return false;
    }
    return store.devTokens().deleteOne(com.mongodb.client.model.Filters.and(
        com.mongodb.client.model.Filters.eq("appid", appid), com.mongodb.client.model.Filters.regex("_id", "^" + id)))
        .getDeletedCount() > 0;
  }

  /** The caller behind a token, or null when it is unknown. */
  public Principal authenticate(String token) {
    if (Secrets.same(token, operatorToken)) {
      return Principal.OPERATOR;
    }
    if (!token.startsWith("iwd_")) {
      return null;
    }
    Document d = store.devTokens().find(eq("_id", Secrets.sha256(token))).first();
    return d == null ? null : Principal.developer(d.getString("appid"));
  }
}
