package dev.inkwell.runtime.dev;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import dev.inkwell.runtime.compile.CompileError;
import dev.inkwell.runtime.compile.FunctionCompiler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bson.Document;

/**
 * Writes a function into an app's {@code __functions__} collection in Laf's published shape, compiled at publish time
 * as Laf does. A development tool until the control plane exists; the runtime watches the collection and serves the new
 * version within milliseconds.
 */
public final class Publisher {

  private final FunctionCompiler compiler;

  public Publisher(FunctionCompiler compiler) {
    this.compiler = compiler;
  }

  /** Publishes {@code code} as {@code name}; {@code methods} empty allows every method. */
  public void publish(MongoCollection<Document> functions, String name, String code, List<String> methods)
      throws CompileError {
    String compiled = compiler.compile(name, code);
    functions.replaceOne(Filters.eq("name", name), document(name, code, compiled, methods),
        new ReplaceOptions().upsert(true));
  }

  /** The published document; {@code compiled} may be null (the runtime then compiles it). */
  public static Document document(String name, String code, String compiled, List<String> methods) {
    Document source = new Document("code", code).append("hash", sha256(code)).append("lang", "typescript");
    if (compiled != null) {
      source.append("compiled", compiled);
    }
    Date now = new Date();
    return new Document("name", name)
        .append("source", source)
        .append("methods", methods)
        .append("desc", "")
        .append("tags", List.of())
        .append("createdAt", now)
        .append("updatedAt", now);
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
