package dev.inkwell.runtime.cloud;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * Where the app's buckets live and the app's own credentials, from Laf's variables: {@code OSS_INTERNAL_ENDPOINT}
 * (what the runtime talks to), {@code OSS_EXTERNAL_ENDPOINT} (what presigned and external URLs point at),
 * {@code OSS_REGION}, {@code OSS_ACCESS_KEY}, {@code OSS_ACCESS_SECRET}.
 *
 * @param maxReadBytes largest object {@code readFile} loads into memory (larger: use a download URL)
 */
public record StorageSettings(URI internalEndpoint, URI externalEndpoint, String region, String accessKey,
    String secretKey, long maxReadBytes) {

  public StorageSettings {
    Objects.requireNonNull(internalEndpoint, "internalEndpoint");
    Objects.requireNonNull(externalEndpoint, "externalEndpoint");
    checkEndpoint("OSS_INTERNAL_ENDPOINT", internalEndpoint);
    checkEndpoint("OSS_EXTERNAL_ENDPOINT", externalEndpoint);
    if (region == null || region.isBlank()) {
      throw new IllegalArgumentException("OSS_REGION: " + region + " (expected: a region name such as us-east-1)");
    }
    if (accessKey == null || accessKey.isBlank()) {
      throw new IllegalArgumentException("OSS_ACCESS_KEY: (expected: the app's access key)");
    }
    if (secretKey == null || secretKey.isBlank()) {
      throw new IllegalArgumentException("OSS_ACCESS_SECRET: (expected: the app's secret key)");
    }
    if (maxReadBytes < 1) {
      throw new IllegalArgumentException("INKWELL_STORAGE_MAX_READ_BYTES: " + maxReadBytes
          + " (expected: a positive number of bytes)");
    }
  }

  private static void checkEndpoint(String name, URI uri) {
    String scheme = uri.getScheme();
    if (uri.getHost() == null || !("http".equals(scheme) || "https".equals(scheme))) {
      throw new IllegalArgumentException(name + ": " + uri + " (expected: an http(s)://host[:port] URL)");
    }
  }

  /**
   * The settings in {@code env}, or null when storage is not configured (no {@code OSS_INTERNAL_ENDPOINT}):
   * {@code cloud.storage} then refuses to work with a clear message.
   */
  public static StorageSettings fromEnvironment(Map<String, String> env, long maxReadBytes) {
    String internal = env.get("OSS_INTERNAL_ENDPOINT");
    if (internal == null || internal.isBlank()) {
      return null;
    }
    String external = env.getOrDefault("OSS_EXTERNAL_ENDPOINT", internal);
    try {
      return new StorageSettings(URI.create(strip(internal)), URI.create(strip(external)),
          env.getOrDefault("OSS_REGION", "us-east-1"), env.get("OSS_ACCESS_KEY"), env.get("OSS_ACCESS_SECRET"),
          maxReadBytes);
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("OSS_")) {
        throw e;
      }
      throw new IllegalArgumentException("OSS_INTERNAL_ENDPOINT / OSS_EXTERNAL_ENDPOINT: " + internal + " / "
          + external + " (expected: http(s)://host[:port] URLs)");
    }
  }

  private static String strip(String url) {
    String u = url.trim();
    return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
  }

  @Override
  public String toString() {
    return "StorageSettings[" + internalEndpoint + ", external=" + externalEndpoint + ", region=" + region
        + ", accessKey=" + accessKey + "]";
  }
}
