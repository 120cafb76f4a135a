package dev.inkwell.runtime.engine;

import dev.inkwell.runtime.cloud.Fetcher;
import dev.inkwell.runtime.cloud.MongoGateway;
import dev.inkwell.runtime.cloud.SharedStore;
import dev.inkwell.runtime.cloud.StorageGateway;
import dev.inkwell.runtime.cloud.TokenService;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * What a Context of one app may see of it: its id, its env, its shared cache, its token keys, its database and the
 * outbound HTTP client. One instance per app; never shared between apps, which is what keeps apps apart in multi-app
 * mode.
 *
 * @param envJson the app's env vars as a JSON object ({@code cloud.env})
 * @param mongo the app's own database ({@code cloud.mongo.db})
 * @param blocking where blocking host calls (database, storage, body reads) run: never a JS or network thread
 * @param sockets the app's open WebSockets ({@code cloud.sockets})
 * @param storage the app's buckets ({@code cloud.storage}); null when no object store is configured
 * @param logs where console lines are kept for {@code inkwell fn logs}; null: not kept
 */
public record AppBindings(String appid, String envJson, SharedStore shared, TokenService tokens, MongoGateway mongo,
    Fetcher fetcher, Executor blocking, SocketRegistry sockets, StorageGateway storage,
    FunctionLogs logs) {

  public AppBindings {
    Objects.requireNonNull(appid, "appid");
    Objects.requireNonNull(envJson, "envJson");
    Objects.requireNonNull(shared, "shared");
    Objects.requireNonNull(tokens, "tokens");
    Objects.requireNonNull(mongo, "mongo");
    Objects.requireNonNull(fetcher, "fetcher");
    Objects.requireNonNull(blocking, "blocking");
    Objects.requireNonNull(sockets, "sockets");
  }
}
