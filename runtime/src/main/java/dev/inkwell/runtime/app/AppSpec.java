package dev.inkwell.runtime.app;

import com.mongodb.client.MongoDatabase;
import dev.inkwell.runtime.cloud.EdgeKey;
import dev.inkwell.runtime.cloud.StorageSettings;
import java.util.Map;
import java.util.Objects;

/**
 * What the runtime needs to serve one app: its database (holding {@code __functions__}), the secret for its tokens and
 * the env its functions see, where its buckets are (null: no object store configured), and its edge signing key
 * (null: tokens are HS256 with the secret).
 */
public record AppSpec(String appid, MongoDatabase database, String serverSecret, Map<String, String> env,
    StorageSettings storage, EdgeKey edgeKey) {

  public AppSpec {
    Objects.requireNonNull(appid, "appid");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(serverSecret, "serverSecret");
    env = Map.copyOf(env);
  }
}
