package dev.inkwell.tenancy.service;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.inkwell.runtime.compile.CompileError;
import dev.inkwell.runtime.compile.FunctionCompiler;
import dev.inkwell.runtime.dev.Publisher;
import dev.inkwell.tenancy.api.ApiException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.bson.Document;

/**
 * Functions of an app: saved (validated and transpiled at save, as Laf does), every change kept as a numbered revision,
 * published by copying the revision's source and compiled form into the app's own {@code __functions__} collection
 * (Laf's shape), which the runtime watches. Rollback publishes an old revision's content as a new revision.
 */
public final class FunctionService {

  /** Folders allowed ({@code api/users}); Laf's special functions ({@code __init__} ...) match too. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}(/[A-Za-z0-9_-]{1,64}){0,7}");
  private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");
  private static final int MAX_CODE_CHARS = 512 * 1024;

  private final Store store;
  private final AppService apps;
  private final FunctionCompiler compiler;

  public FunctionService(Store store, AppService apps, FunctionCompiler compiler) {
    this.store = store;
    this.apps = apps;
    this.compiler = compiler;
  }

  /** What a save asks for; null fields keep the current value (or take the default on a new function). */
  public record Save(String code, List<String> methods, String description, List<String> tags, boolean publish) {
  }

  /** @param changed false when the content equals the latest revision (no new revision was made) */
  public record Saved(Document function, boolean changed) {
  }

  public Saved save(String appid, String name, Save req) {
    apps.require(appid);
    checkName(name);
    if (req.code() == null) {
      throw ApiException.missing("code", "the function's TypeScript or JavaScript source");
    }
    if (req.code().length() > MAX_CODE_CHARS) {
      throw ApiException.invalid("code", "(" + req.code().length() + " characters)", "at most " + MAX_CODE_CHARS);
    }
    Document current = store.functions().find(and(eq("appid", appid), eq("name", name))).first();
    List<String> methods = req.methods() != null ? methods(req.methods())
        : current != null ? current.getList("methods", String.class) : List.of("GET", "POST");
    String description = req.description() != null ? req.description()
        : current != null ? current.getString("description") : "";
    List<String> tags = req.tags() != null ? req.tags() : current != null ? current.getList("tags", String.class)
        : List.of();
    String hash = Secrets.sha256(req.code() + "\u0000" + methods + "\u0000" + description + "\u0000" + tags);
    boolean changed = current == null || !hash.equals(current.getString("hash"));
    if (changed) {
      String compiled;
      try {
        compiled = compiler.compile(name, req.code());
      } catch (CompileError e) {
        throw new ApiException(422, "compile_error", name + ": " + e.detail() + " (line " + e.line() + ", column "
            + e.column() + ")").with("line", e.line()).with("column", e.column());
      }
      int revision = current == null ? 1 : current.getInteger("revision") + 1;
      Document content = new Document("code", req.code()).append("compiled", compiled).append("methods", methods)
          .append("description", description).append("tags", tags).append("hash", hash);
      store.revisions().insertOne(new Document("appid", appid).append("name", name).append("revision", revision)
          .append("createdAt", new Date()).append("content", content));
      Date now = new Date();
      Document doc = new Document("appid", appid).append("name", name).append("revision", revision)
          .append("publishedRevision", current == null ? null : current.get("publishedRevision"))
          .append("createdAt", current == null ? now : current.get("createdAt")).append("updatedAt", now);
      doc.putAll(content);
      store.functions().replaceOne(and(eq("appid", appid), eq("name", name)), doc, new ReplaceOptions().upsert(true));
    }
    if (req.publish()) {
      return new Saved(publish(appid, name), changed);
    }
    return new Saved(get(appid, name), changed);
  }

  /** Publishes the latest revision. */
  public Document publish(String appid, String name) {
    Document f = require(appid, name);
    return publishRevision(appid, name, f.getInteger("revision"), f);
  }

  private Document publishRevision(String appid, String name, int revision, Document content) {
    store.appDatabase(appid).getCollection("__functions__").replaceOne(eq("name", name),
        Publisher.document(name, content.getString("code"), content.getString("compiled"),
            content.getList("methods", String.class)).append("desc", content.getString("description"))
            .append("tags", content.getList("tags", String.class)),
        new ReplaceOptions().upsert(true));
    store.functions().updateOne(and(eq("appid", appid), eq("name", name)),
        Updates.combine(Updates.set("publishedRevision", revision), Updates.set("publishedAt", new Date())));
    return get(appid, name);
  }

  /** Rolls back to {@code revision}: its content becomes a new revision, published at once. */
  public Document rollback(String appid, String name, int revision) {
    Document f = require(appid, name);
    Document old = store.revisions().find(and(eq("appid", appid), eq("name", name), eq("revision", revision))).first();
    if (old == null) {
      throw ApiException.notFound("revision " + revision + " of function " + name);
    }
    Document content = old.get("content", Document.class);
    int next = f.getInteger("revision") + 1;
    store.revisions().insertOne(new Document("appid", appid).append("name", name).append("revision", next)
        .append("createdAt", new Date()).append("rolledBackFrom", revision).append("content", content));
    Document doc = new Document(f);
    doc.putAll(content);
    doc.append("revision", next).append("updatedAt", new Date());
    store.functions().replaceOne(and(eq("appid", appid), eq("name", name)), doc);
    return publishRevision(appid, name, next, content);
  }

  public List<Document> revisions(String appid, String name) {
    Document f = require(appid, name);
    Integer published = f.getInteger("publishedRevision");
    List<Document> out = new ArrayList<>();
    for (Document r : store.revisions().find(and(eq("appid", appid), eq("name", name))).sort(Sorts.descending("revision"))) {
      Document v = new Document("revision", r.getInteger("revision"))
          .append("hash", r.get("content", Document.class).getString("hash"))
          .append("createdAt", r.get("createdAt"))
          .append("published", published != null && published.equals(r.getInteger("revision")));
      if (r.containsKey("rolledBackFrom")) {
        v.append("rolledBackFrom", r.get("rolledBackFrom"));
      }
      out.add(v);
    }
    return out;
  }

  public void delete(String appid, String name) {
    require(appid, name);
    store.appDatabase(appid).getCollection("__functions__").deleteOne(eq("name", name));
    store.functions().deleteOne(and(eq("appid", appid), eq("name", name)));
    store.revisions().deleteMany(and(eq("appid", appid), eq("name", name)));
  }

  public Document get(String appid, String name) {
    return view(require(appid, name), true);
  }

  public List<Document> list(String appid) {
    apps.require(appid);
    return store.functions().find(eq("appid", appid)).sort(Sorts.ascending("name")).map(d -> view(d, false))
        .into(new ArrayList<>());
  }

  /** The latest console lines of the app's functions, newest first (written by the runtime). */
  public List<Document> logs(String appid, String function, int limit) {
    apps.require(appid);
    List<Document> out = new ArrayList<>();
    var filter = function == null ? new Document() : Filters.eq("function", function);
    for (Document d : store.appDatabase(appid).getCollection("__function_logs__").find(filter)
        .sort(Sorts.descending("_id")).limit(limit)) {
      out.add(new Document("time", d.get("time")).append("level", d.getString("level"))
          .append("function", d.getString("function")).append("requestId", d.getString("requestId"))
          .append("message", d.getString("message")));
    }
    return out;
  }

  private Document require(String appid, String name) {
    apps.require(appid);
    Document f = store.functions().find(and(eq("appid", appid), eq("name", name))).first();
    if (f == null) {
      throw ApiException.notFound("function " + name);
    }
    return f;
  }

  private static Document view(Document d, boolean withCode) {
    Document v = new Document("name", d.getString("name"));
    if (withCode) {
      v.append("code", d.getString("code"));
    }
    return v.append("methods", d.get("methods")).append("description", d.getString("description"))
        .append("tags", d.get("tags")).append("revision", d.get("revision"))
        .append("publishedRevision", d.get("publishedRevision")).append("hash", d.getString("hash"))
        .append("updatedAt", d.get("updatedAt"));
  }

  private static void checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw ApiException.invalid("name", name, "letters, digits, '_' and '-', folders separated by '/' (api/users)");
    }
  }

  private static List<String> methods(List<String> in) {
    TreeSet<String> out = new TreeSet<>();
    for (int i = 0; i < in.size(); i++) {
      String m = in.get(i).toUpperCase(Locale.ROOT);
      if (!METHODS.contains(m)) {
        throw ApiException.invalid("methods[" + i + "]", in.get(i), "one of " + new TreeSet<>(METHODS));
      }
      out.add(m);
    }
    return List.copyOf(out);
  }
}
