package dev.inkwell.records;

import static dev.inkwell.records.InvalidRecordException.invalid;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;
import org.bson.Document;

/** Typed reads of BSON fields with the record's error messages. */
final class Fields {

  /** A DNS label of at most 32 characters: appids become subdomains. */
  static final Pattern APPID = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?");

  private Fields() {
  }

  static String string(Document d, String field, String path) {
    Object v = d.get(field);
    if (v == null) {
      return null;
    }
    if (v instanceof String s) {
      return s;
    }
    throw invalid(path, v, "a string");
  }

  static String requiredString(Document d, String field, String path) {
    String s = string(d, field, path);
    if (s == null || s.isEmpty()) {
      throw invalid(path, s, "a non-empty string");
    }
    return s;
  }

  static Document document(Document d, String field, String path) {
    Object v = d.get(field);
    if (v == null || v instanceof Document) {
      return (Document) v;
    }
    throw invalid(path, v, "a sub-document");
  }

  static boolean bool(Document d, String field, String path, boolean fallback) {
    Object v = d.get(field);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    throw invalid(path, v, "true or false");
  }

  @SuppressWarnings("unchecked")
  static <T> List<T> list(Document d, String field, String path, Class<T> type) {
    Object v = d.get(field);
    if (v == null) {
      return null;
    }
    if (!(v instanceof List<?> l)) {
      throw invalid(path, v, "an array");
    }
    for (Object item : l) {
      if (!type.isInstance(item)) {
        throw invalid(path, item, "an array of " + (type == String.class ? "strings" : "sub-documents"));
      }
    }
    return (List<T>) l;
  }

  static Instant instant(Document d, String field, String path) {
    Object v = d.get(field);
    if (v == null) {
      return null;
    }
    if (v instanceof Date date) {
      return date.toInstant();
    }
    throw invalid(path, v, "a date");
  }

  static String appid(String value, String path) {
    if (value == null || !APPID.matcher(value).matches()) {
      throw invalid(path, value, "1-32 lowercase letters, digits or '-', starting and ending with a letter or digit");
    }
    return value;
  }
}
