package dev.inkwell.tenancy.service;

import dev.inkwell.records.App;

/**
 * Platform facts the control plane needs.
 *
 * @param domain apps answer at {@code <appid>.<domain>}
 * @param ossDomain public buckets at {@code <appid>-<bucket>.<ossDomain>}
 * @param publicScheme and {@code publicPort} (0: the scheme's default) make the URLs shown to users
 * @param defaultLimits the platform's rate limit for apps without their own (shown as {@code effective}), or null
 */
public record TenancySettings(String domain, String ossDomain, String publicScheme, int publicPort,
    App.Limits defaultLimits) {

  public String appUrl(String appid) {
    return url(appid + "." + domain);
  }

  public String bucketUrl(String bucketId) {
    return url(bucketId + "." + ossDomain);
  }

  private String url(String host) {
    boolean defaultPort = publicPort == 0 || (publicScheme.equals("http") && publicPort == 80)
        || (publicScheme.equals("https") && publicPort == 443);
    return publicScheme + "://" + host + (defaultPort ? "" : ":" + publicPort);
  }
}
