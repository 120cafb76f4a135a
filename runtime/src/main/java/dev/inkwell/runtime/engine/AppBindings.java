package dev.inkwell.runtime.engine;

import dev.inkwell.runtime.cloud.SharedStore;
import dev.inkwell.runtime.cloud.TokenService;
import java.util.Objects;

/**
 * What a Context of one app may see of it: its id, its env, its shared cache and its token keys. One instance per app;
 * never shared between apps, which is what keeps apps apart in multi-app mode.
 *
 * @param envJson the app's env vars as a JSON object ({@code cloud.env})
 */
public record AppBindings(String appid, String envJson, SharedStore shared, TokenService tokens) {

  public AppBindings {
    Objects.requireNonNull(appid, "appid");
    Objects.requireNonNull(envJson, "envJson");
    Objects.requireNonNull(shared, "shared");
    Objects.requireNonNull(tokens, "tokens");
  }
}
