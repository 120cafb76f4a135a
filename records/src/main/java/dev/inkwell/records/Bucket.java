package dev.inkwell.records;

import static dev.inkwell.records.InvalidRecordException.invalid;

import java.util.Objects;
import java.util.regex.Pattern;
import org.bson.Document;

/**
 * A bucket record of the system database ({@code buckets} collection): {@code {_id: "<appid>-<name>", appid, name,
 * policy, website: {spaFallback}}}.
 *
 * <p>Whether a bucket is served publicly is decided by its policy alone ({@link Policy#publicRead()}); the website
 * settings only shape how it is served. (A separate {@code website.enabled} switch was left out on purpose: two
 * switches for one fact can disagree.)
 *
 * @param name Laf's bucket-name rule: 3-32 lowercase letters, digits or '-', starting and ending with a letter or digit
 */
public record Bucket(String id, String appid, String name, Policy policy, Website website) {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{1,30}[a-z0-9]");

  public Bucket {
    Fields.appid(appid, "appid");
    if (name == null || !NAME.matcher(name).matches()) {
      throw invalid("name", name, "3-32 lowercase letters, digits or '-', starting and ending with a letter or digit");
    }
    if (!Objects.equals(id, appid + "-" + name)) {
      throw invalid("_id", id, appid + "-" + name);
    }
    Objects.requireNonNull(policy, "policy");
    website = website == null ? Website.PLAIN : website;
  }

  public static Bucket of(String appid, String name, Policy policy, Website website) {
    return new Bucket(appid + "-" + name, appid, name, policy, website);
  }

  /** Laf's three bucket policies. */
  public enum Policy {
    PRIVATE, READONLY, READWRITE;

    public boolean publicRead() {
      return this != PRIVATE;
    }

    public String stored() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    static Policy parse(String s) {
      for (Policy p : values()) {
        if (p.stored().equals(s)) {
          return p;
        }
      }
      throw invalid("policy", s, "private, readonly or readwrite");
    }
  }

  /**
   * How a public bucket is served as a site.
   *
   * @param spaFallback serve {@code /index.html} for paths that do not name a file (single-page apps)
   */
  public record Website(boolean spaFallback) {
    public static final Website PLAIN = new Website(false);
    public static final Website SPA = new Website(true);
  }

  /** Reads a stored record; throws {@link InvalidRecordException} naming the first bad field. */
  public static Bucket fromDocument(Document d) {
    Object id = d.get("_id");
    if (!(id instanceof String s)) {
      throw invalid("_id", id, "<appid>-<name>, a string");
    }
    Document w = Fields.document(d, "website", "website");
    return new Bucket(s, Fields.string(d, "appid", "appid"), Fields.string(d, "name", "name"),
        Policy.parse(Fields.string(d, "policy", "policy")),
        w == null ? null : new Website(Fields.bool(w, "spaFallback", "website.spaFallback", false)));
  }

  public Document toDocument() {
    return new Document("_id", id).append("appid", appid).append("name", name).append("policy", policy.stored())
        .append("website", new Document("spaFallback", website.spaFallback()));
  }
}
