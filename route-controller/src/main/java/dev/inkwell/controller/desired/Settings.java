package dev.inkwell.controller.desired;

import dev.inkwell.records.App.Limits;
import java.util.Objects;

/**
 * The platform facts that the desired routes depend on besides the records.
 *
 * @param domain apps answer at {@code <appid>.<domain>}
 * @param ossDomain public buckets answer at {@code <appid>-<bucket>.<ossDomain>}
 * @param ossUpstream object store {@code host:port}
 * @param runtimeUpstreamTemplate {@code host:port} of an app's runtime Service with an {@code {appid}} placeholder
 * @param defaultLimits the rate limit of apps whose record has none, or null for none
 */
public record Settings(String domain, String ossDomain, String ossUpstream, String runtimeUpstreamTemplate,
    Limits defaultLimits) {

  public Settings {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(ossDomain, "ossDomain");
    Objects.requireNonNull(ossUpstream, "ossUpstream");
    Objects.requireNonNull(runtimeUpstreamTemplate, "runtimeUpstreamTemplate");
  }
}
