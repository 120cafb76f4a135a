package dev.inkwell.benchmarks.runner;

import dev.inkwell.runner.harness.ApisixSide;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** The confs and requests the runner benchmarks use: what the route controller writes for a typical app. */
final class Tenancy {

  static final String API_KEY = "sk_bench_0123456789abcdef";
  private static final String KEY_HASH;

  static {
    try {
      KEY_HASH = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(API_KEY.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private Tenancy() {
  }

  /** tenant-auth (public /public/*, one API key) then tenant-rate-limit (high enough never to reject). */
  static List<String[]> confEntries(String appid) {
    return List.of(new String[] {"tenant-auth", auth(appid)}, new String[] {"tenant-rate-limit", rate(appid)});
  }

  static String auth(String appid) {
    return "{\"appid\":\"" + appid + "\",\"public_paths\":[\"/public/*\"],\"api_keys\":[{\"id\":\"k1\",\"sha256\":\""
        + KEY_HASH + "\"}]}";
  }

  static String rate(String appid) {
    return "{\"appid\":\"" + appid + "\",\"rate\":1000000,\"burst\":1000000}";
  }

  /** A request with the headers APISIX typically forwards; with an API key, or to a public path without one. */
  static ApisixSide.Request request(long token, boolean publicPath) {
    ApisixSide.Request r = ApisixSide.Request.get(token, publicPath ? "/public/hello" : "/hello")
        .header("host", "app.example.com")
        .header("user-agent", "Mozilla/5.0 (X11; Linux x86_64) bench")
        .header("accept", "*/*")
        .header("accept-encoding", "gzip, deflate, br")
        .header("x-forwarded-for", "203.0.113.7")
        .header("x-request-id", "7f1c2a9e-3b4d-4e5f-8a6b-0c1d2e3f4a5b")
        .arg("page", "2");
    return publicPath ? r : r.header("x-api-key", API_KEY);
  }
}
