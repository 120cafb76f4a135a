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
    store.devTokens().insertOne(new Document("_id", Secrets.sha256(token)).append("appid", appid)
        .append("createdAt", new Date()));
    return token;
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
