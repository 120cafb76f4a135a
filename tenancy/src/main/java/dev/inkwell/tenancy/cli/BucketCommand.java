package dev.inkwell.tenancy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "bucket", mixinStandardHelpOptions = true, description = "An app's storage buckets and their objects.",
    subcommands = {BucketCommand.Create.class, BucketCommand.ListBuckets.class, BucketUpload.class,
        BucketCommand.Policy.class, BucketCommand.Delete.class, BucketCommand.Ls.class})
final class BucketCommand {

  /** Anonymous access; the API spells them in lower case. */
  enum Access {
    PRIVATE, READONLY, READWRITE;

    String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private BucketCommand() {
  }

  @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a bucket.")
  static final class Create extends Action {
    @Parameters(index = "0", paramLabel = "APPID")
    String appid;

    @Parameters(index = "1", paramLabel = "NAME", description = "3-32 of [a-z0-9-], not starting or ending with '-'")
    String name;

    @Option(names = "--policy", paramLabel = "POLICY", defaultValue = "private",
        description = "private, readonly or readwrite (default: private)")
    Access policy;

    @Option(names = "--spa", description = "website mode: unknown paths answer index.html (single-page apps)")
    boolean spa;

    @Override
    int run(Api api) {
      ObjectNode body = Api.object().put("name", name).put("policy", policy.wire());
      if (spa) {
        body.putObject("website").put("spaFallback", true);
      }
      JsonNode b = api.post(Api.app(appid, "buckets"), body);
      return report(b, () -> "created bucket " + text(b, "id") + " (" + text(b, "policy") + ")"
          + (b.hasNonNull("url") ? ": " + b.get("url").asText() : ""));
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List an app's buckets.")
  static final class ListBuckets extends Action {
    @Parameters(paramLabel = "APPID")
    String appid;

    @Override
    int run(Api api) {
      JsonNode answer = api.get(Api.app(appid, "buckets"));
      if (json()) {
        return printJson(answer);
      }
      Table t = Table.of("NAME", "ID", "POLICY", "SPA", "URL");
      for (JsonNode b : answer.path("buckets")) {
        t.row(text(b, "name"), text(b, "id"), text(b, "policy"),
            b.path("website").path("spaFallback").asBoolean() ? "yes" : "no", text(b, "url"));
      }
      t.print(out());
      return 0;
    }
  }

  @Command(name = "policy", mixinStandardHelpOptions = true,
      description = "Change a bucket's anonymous access, and optionally its single-page fallback.")
  static final class Policy extends NamedAction {
    @Parameters(index = "2", paramLabel = "POLICY", description = "private, readonly or readwrite")
    Access policy;

    @Option(names = "--spa", negatable = true, description = "turn the single-page fallback on (--no-spa: off)")
    Boolean spa;

    @Override
    int run(Api api) {
      ObjectNode body = Api.object().put("policy", policy.wire());
      if (spa != null) {
        body.putObject("website").put("spaFallback", spa);
      }
      JsonNode b = api.patch(Api.app(appid, "buckets", name), body);
      return report(b, () -> "bucket " + text(b, "id") + ": " + text(b, "policy")
          + (b.path("website").path("spaFallback").asBoolean() ? ", single-page fallback" : ""));
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true,
      description = "Delete a bucket; refused when it holds objects unless --force.")
  static final class Delete extends NamedAction {
    @Option(names = "--force", description = "delete its objects too")
    boolean force;

    @Override
    int run(Api api) {
      JsonNode answer = api.delete(Api.app(appid, "buckets", name) + (force ? "?force=true" : ""));
      return report(answer, () -> "deleted bucket " + name + (force ? " and its objects" : ""));
    }
  }

  @Command(name = "ls", mixinStandardHelpOptions = true, description = "List a bucket's objects (the first 1000).")
  static final class Ls extends NamedAction {
    static final int MAX = 1000;

    @Spec
    CommandSpec spec;

    @Option(names = "--prefix", paramLabel = "P", description = "only keys starting with P")
    String prefix;

    @Override
    int run(Api api) {
      Map<String, String> q = new LinkedHashMap<>();
      q.put("prefix", prefix);
      q.put("max", Integer.toString(MAX));
      JsonNode answer = api.get(Api.app(appid, "buckets", name, "objects") + Api.query(q));
      if (json()) {
        return printJson(answer);
      }
      Table t = Table.of("KEY", "SIZE", "MODIFIED");
      long bytes = 0;
      for (JsonNode o : answer.path("objects")) {
        bytes += o.path("size").asLong();
        t.row(text(o, "key"), Progress.size(o.path("size").asLong()), text(o, "lastModified"));
      }
      t.print(out());
      int n = answer.path("objects").size();
      err().println(n + " objects, " + Progress.size(bytes)
          + (n >= MAX ? " (the API lists at most " + MAX + ": narrow with --prefix)" : ""));
      return 0;
    }
  }
}
