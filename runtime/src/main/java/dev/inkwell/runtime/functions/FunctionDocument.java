package dev.inkwell.runtime.functions;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.bson.Document;

/**
 * A function as published into an app's {@code __functions__} collection, in Laf's shape:
 * {@code {name, source: {code, compiled, ...}, methods: [...], ...}}. Only the fields the runtime uses are kept.
 *
 * @param id the document's {@code _id} as a string (change-stream deletes carry only the id)
 * @param name the function name, which is also its URL path
 * @param code the source as written (TypeScript or JavaScript)
 * @param compiled CommonJS output of the publish-time compiler, or null when the runtime must compile it
 * @param methods allowed HTTP methods, upper case; empty means every method
 */
public record FunctionDocument(String id, String name, String code, String compiled, Set<String> methods) {

  public FunctionDocument {
    Objects.requireNonNull(name, "name");
    code = code == null ? "" : code;
    methods = Set.copyOf(methods);
  }

  /** Reads Laf's published shape; returns null when the document has no usable name. */
  public static FunctionDocument fromBson(Document doc) {
    Object name = doc.get("name");
    if (!(name instanceof String n) || n.isBlank()) {
      return null;
    }
    String code = null;
    String compiled = null;
    if (doc.get("source") instanceof Document source) {
      code = source.getString("code");
      compiled = source.getString("compiled");
    }
    Set<String> methods = new TreeSet<>();
    if (doc.get("methods") instanceof List<?> list) {
      for (Object m : list) {
        if (m instanceof String s && !s.isBlank()) {
          methods.add(s.trim().toUpperCase(java.util.Locale.ROOT));
        }
      }
    }
    Object id = doc.get("_id");
    return new FunctionDocument(id == null ? n : id.toString(), n, code, compiled == null || compiled.isBlank() ? null : compiled,
        methods);
  }

  /** Whether two documents would load into the same function (the id may differ after a delete + re-create). */
  public boolean sameContent(FunctionDocument other) {
    return other != null && name.equals(other.name) && code.equals(other.code) && Objects.equals(compiled, other.compiled)
        && methods.equals(other.methods);
  }
}
