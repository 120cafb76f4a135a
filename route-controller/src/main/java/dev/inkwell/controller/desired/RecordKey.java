package dev.inkwell.controller.desired;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A record, named by its collection and {@code _id}: the unit the watchers enqueue and the worker reconciles. Each key
 * owns at most one route, whose id is a function of the key alone, so a deleted record's route can be found without
 * the record.
 */
public record RecordKey(Kind kind, String id) {

  /** Ours: ids start with this, and values carry {@link Ownership#LABEL}. */
  public static final String ID_PREFIX = "inkwell-";
  private static final Pattern SAFE = Pattern.compile("[a-z0-9-]+");
  private static final int MAX_ID = 64; // APISIX's id schema

  public enum Kind {
    APP("inkwell-app-"), BUCKET("inkwell-bucket-");

    final String routePrefix;

    Kind(String routePrefix) {
      this.routePrefix = routePrefix;
    }
  }

  public RecordKey {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(id, "id");
  }

  public static RecordKey app(String id) {
    return new RecordKey(Kind.APP, id);
  }

  public static RecordKey bucket(String id) {
    return new RecordKey(Kind.BUCKET, id);
  }

  /**
   * {@code inkwell-app-<appid>} or {@code inkwell-bucket-<appid>-<name>}. An id that would break APISIX's id rule
   * (64 characters of {@code [a-zA-Z0-9-_.]}: a long bucket id, or a malformed {@code _id}) is shortened to a prefix
   * plus the first 12 hex digits of its SHA-256, which stays a pure function of the key.
   */
  public String routeId() {
    String plain = kind.routePrefix + id;
    if (plain.length() <= MAX_ID && SAFE.matcher(id).matches()) {
      return plain;
    }
    String safe = id.replaceAll("[^a-z0-9-]", "");
    String head = safe.substring(0, Math.min(safe.length(), MAX_ID - kind.routePrefix.length() - 13));
    return kind.routePrefix + head + "-" + sha256Hex(id).substring(0, 12);
  }

  private static String sha256Hex(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  @Override
  public String toString() {
    return kind.name().toLowerCase(java.util.Locale.ROOT) + "/" + id;
  }
}
