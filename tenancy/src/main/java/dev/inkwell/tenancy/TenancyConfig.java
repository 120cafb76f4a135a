package dev.inkwell.tenancy;

import dev.inkwell.records.App;
import java.net.URI;
import java.util.Map;

/**
 * The control API's production settings, from the environment (the Deployment in {@code deploy/k8s/tenancy.yaml}
 * sets them; secrets come from a Secret). Every problem is reported as {@code NAME: value (expected: ...)}, secrets
 * never echoed.
 *
 * @param appMongoHosts the MongoDB hosts as the apps' runtimes reach them ({@code host:port,...})
 * @param appMongoOptions extra URI options for the apps (e.g. {@code replicaSet=rs0})
 */
public record TenancyConfig(String mongoUri, String systemDatabase, String operatorToken, String listenHost,
    int listenPort, String domain, String ossDomain, String publicScheme, App.Limits defaultLimits,
    String appMongoHosts, String appMongoOptions, URI minioEndpoint, String minioRegion, String minioAccessKey,
    String minioSecretKey, String namespace, String runtimeImage) {

  public static TenancyConfig fromEnvironment(Map<String, String> env) {
    String listen = env.getOrDefault("INKWELL_API_LISTEN", "0.0.0.0:8080");
    int colon = listen.lastIndexOf(':');
    int port = colon < 0 ? -1 : parseInt(listen.substring(colon + 1));
    if (colon < 1 || port < 0 || port > 65535) {
      throw invalid("INKWELL_API_LISTEN", listen, "host:port, e.g. 0.0.0.0:8080");
    }
    String domain = required(env, "INKWELL_DOMAIN", "the apps' domain, e.g. apps.example.com");
    String rate = env.get("INKWELL_DEFAULT_RATE");
    String burst = env.get("INKWELL_DEFAULT_BURST");
    App.Limits limits = null;
    if (rate != null || burst != null) {
      try {
        limits = new App.Limits(Double.parseDouble(rate == null ? "" : rate), parseInt(burst == null ? "" : burst),
            null, false);
      } catch (IllegalArgumentException e) {
        throw invalid("INKWELL_DEFAULT_RATE / INKWELL_DEFAULT_BURST", rate + " / " + burst,
            "both set: requests per second > 0 and a burst >= 1");
      }
    }
    String token = required(env, "INKWELL_OPERATOR_TOKEN", "a secret of at least 16 characters");
    if (token.length() < 16) {
      throw invalid("INKWELL_OPERATOR_TOKEN", "(" + token.length() + " characters)", "at least 16 characters");
    }
    String minio = required(env, "INKWELL_MINIO_ENDPOINT", "the MinIO URL, e.g. http://minio.inkwell:9000");
    URI minioUri;
    try {
      minioUri = URI.create(minio);
      if (minioUri.getHost() == null || !minioUri.getScheme().matches("https?")) {
        throw new IllegalArgumentException();
      }
    } catch (IllegalArgumentException e) {
      throw invalid("INKWELL_MINIO_ENDPOINT", minio, "an http(s)://host[:port] URL");
    }
    return new TenancyConfig(
        required(env, "INKWELL_MONGO_URI", "the system database's connection string (a user that may manage users)"),
        env.getOrDefault("INKWELL_SYSTEM_DB", "inkwell"), token, listen.substring(0, colon), port, domain,
        env.getOrDefault("INKWELL_OSS_DOMAIN", "oss." + domain), env.getOrDefault("INKWELL_PUBLIC_SCHEME", "https"),
        limits, required(env, "INKWELL_APP_MONGO_HOSTS", "MongoDB hosts as apps reach them, e.g. mongo-0.mongo:27017"),
        env.getOrDefault("INKWELL_APP_MONGO_OPTIONS", ""), minioUri, env.getOrDefault("INKWELL_MINIO_REGION", "us-east-1"),
        required(env, "INKWELL_MINIO_ACCESS_KEY", "MinIO's root (admin) access key"),
        required(env, "INKWELL_MINIO_SECRET_KEY", "MinIO's root (admin) secret key"),
        env.getOrDefault("INKWELL_K8S_NAMESPACE", "inkwell-apps"),
        required(env, "INKWELL_RUNTIME_IMAGE", "the runtime image, e.g. registry.example.com/inkwell/runtime:0.1.0"));
  }

  private static String required(Map<String, String> env, String name, String expected) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException(name + ": missing (expected: " + expected + ")");
    }
    return v.strip();
  }

  private static int parseInt(String s) {
    try {
      return Integer.parseInt(s.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static IllegalArgumentException invalid(String name, Object value, String expected) {
    return new IllegalArgumentException(name + ": " + value + " (expected: " + expected + ")");
  }

  @Override
  public String toString() {
    return "TenancyConfig[listen=" + listenHost + ":" + listenPort + ", domain=" + domain + ", ossDomain=" + ossDomain
        + ", systemDb=" + systemDatabase + ", minio=" + minioEndpoint + ", namespace=" + namespace + ", image="
        + runtimeImage + ", defaultLimits=" + defaultLimits + "]";
  }
}
