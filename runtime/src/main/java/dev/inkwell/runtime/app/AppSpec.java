package dev.inkwell.runtime.app;

import com.mongodb.client.MongoDatabase;
import java.util.Map;
import java.util.Objects;

/**
 * What the runtime needs to serve one app: its database (holding {@code __functions__}), the secret for its tokens and
 * the env its functions see.
 */
public record AppSpec(String appid, MongoDatabase database, String serverSecret, Map<String, String> env) {

  public AppSpec {
    Objects.requireNonNull(appid, "appid");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(serverSecret, "serverSecret");
    env = Map.copyOf(env);
  }
}
