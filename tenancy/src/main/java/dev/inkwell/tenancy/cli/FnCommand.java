package dev.inkwell.tenancy.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "fn", mixinStandardHelpOptions = true, description = "Push, call, inspect and roll back functions.",
    subcommands = {FnPush.class, FnCommand.ListFns.class, FnCommand.Invoke.class, FnCommand.Logs.class,
        FnCommand.History.class, FnCommand.Rollback.class, FnCommand.Publish.class, FnCommand.Delete.class})
final class FnCommand {

  private FnCommand() {
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List an app's functions.")
  static final class ListFns extends Action {
    @Parameters(paramLabel = "APPID")
    String appid;

    @Override
    int run(Api api) {
      JsonNode answer = api.get(Api.app(appid, "functions"));
      if (json()) {
        return printJson(answer);
      }
      Table t = Table.of("NAME", "REVISION", "PUBLISHED", "METHODS", "UPDATED");
      for (JsonNode f : answer.path("functions")) {
        List<String> methods = new ArrayList<>();
        f.path("methods").forEach(m -> methods.add(m.asText()));
        t.row(text(f, "name"), text(f, "revision"), text(f, "publishedRevision"),
            methods.isEmpty() ? "-" : String.join(",", methods), text(f, "updatedAt"));
      }
      t.print(out());
      return 0;
    }
  }

  @Command(name = "invoke", mixinStandardHelpOptions = true,
      description = "Call the published function once (a debug call): its body on stdout, its console lines on stderr.")
  static final class Invoke extends NamedAction {
    @Spec
    CommandSpec spec;

    @Option(names = "--method", paramLabel = "M", description = "HTTP method (default: the API's, GET)")
    String method;

    @Option(names = "--data", paramLabel = "JSON|@FILE", description = "request body: JSON, or @file holding JSON")
    String data;

    @Option(names = "--query", paramLabel = "K=V", description = "query parameter; repeatable")
    Map<String, String> query = new LinkedHashMap<>();

    @Option(names = "--header", paramLabel = "K:V", description = "request header; repeatable")
    List<String> headers = new ArrayList<>();

    @Override
    int run(Api api) throws IOException {
      ObjectNode body = Api.object();
      if (method != null) {
        body.put("method", method.toUpperCase(java.util.Locale.ROOT));
      }
      if (!query.isEmpty()) {
        ObjectNode q = body.putObject("query");
        query.forEach(q::put);
      }
      if (!headers.isEmpty()) {
        ObjectNode h = body.putObject("headers");
        for (String header : headers) {
          int colon = header.indexOf(':');
          if (colon <= 0) {
            throw new ParameterException(spec.commandLine(), "--header " + header + " (expected: name:value)");
          }
          h.put(header.substring(0, colon).strip(), header.substring(colon + 1).strip());
        }
      }
      if (data != null) {
        body.set("body", parseData());
      }
      JsonNode answer = api.post(Api.app(appid, "functions", name, "invoke"), body);
      if (json()) {
        return printJson(answer);
      }
      JsonNode result = answer.path("body");
      if (result.isTextual()) {
        out().println(result.asText());
      } else if (!result.isMissingNode() && !result.isNull()) {
        out().println(Api.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result));
      }
      out().flush();
      for (JsonNode log : answer.path("logs")) {
        err().println("[" + log.path("level").asText("log") + "] " + log.path("message").asText());
      }
      err().println("status " + text(answer, "status") + ", " + text(answer, "durationMs") + " ms");
      return 0;
    }

    private JsonNode parseData() throws IOException {
      String text = data;
      String where = "--data";
      if (data.startsWith("@")) {
        where = data.substring(1);
        text = Files.readString(ctx.cwd().resolve(where), StandardCharsets.UTF_8);
      }
      try {
        return Api.JSON.readTree(text);
      } catch (JsonProcessingException e) {
        throw new ParameterException(spec.commandLine(), where + ": not JSON ("
            + e.getOriginalMessage() + ")");
      }
    }
  }

  @Command(name = "logs", mixinStandardHelpOptions = true,
      description = "Recent console lines of an app's functions, oldest first.")
  static final class Logs extends Action {
    @Parameters(index = "0", paramLabel = "APPID")
    String appid;

    @Parameters(index = "1", arity = "0..1", paramLabel = "NAME", description = "only this function")
    String name;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "at most N lines (default: 100)")
    int limit;

    @Override
    int run(Api api) {
      Map<String, String> q = new LinkedHashMap<>();
      q.put("function", name);
      q.put("limit", Integer.toString(limit));
      JsonNode answer = api.get(Api.app(appid, "logs") + Api.query(q));
      if (json()) {
        return printJson(answer);
      }
      // The API answers newest first; a terminal reads best like tail, newest last.
      List<JsonNode> lines = new ArrayList<>();
      answer.path("logs").forEach(lines::add);
      Table t = Table.of("TIME", "LEVEL", "FUNCTION", "REQUEST", "MESSAGE");
      for (JsonNode l : lines.reversed()) {
        t.row(text(l, "time"), text(l, "level"), text(l, "function"), text(l, "requestId"), text(l, "message"));
      }
      t.print(out());
      return 0;
    }
  }

  @Command(name = "history", mixinStandardHelpOptions = true, description = "A function's revisions.")
  static final class History extends NamedAction {
    @Override
    int run(Api api) {
      JsonNode answer = api.get(Api.app(appid, "functions", name, "revisions"));
      if (json()) {
        return printJson(answer);
      }
      Table t = Table.of("REVISION", "PUBLISHED", "HASH", "CREATED");
      for (JsonNode r : answer.path("revisions")) {
        t.row(text(r, "revision"), r.path("published").asBoolean() ? "yes" : "", text(r, "hash"), text(r, "createdAt"));
      }
      t.print(out());
      return 0;
    }
  }

  @Command(name = "rollback", mixinStandardHelpOptions = true,
      description = "Publish an earlier revision's code (recorded as a new revision).")
  static final class Rollback extends NamedAction {
    @Parameters(index = "2", paramLabel = "REVISION")
    int revision;

    @Override
    int run(Api api) {
      JsonNode fn = api.post(Api.app(appid, "functions", name, "rollback"), Api.object().put("revision", revision));
      return report(fn, () -> name + ": revision " + revision + "'s code is live as revision " + text(fn, "revision"));
    }
  }

  @Command(name = "publish", mixinStandardHelpOptions = true,
      description = "Make a function's latest revision live (after fn push --no-publish).")
  static final class Publish extends NamedAction {
    @Override
    int run(Api api) {
      JsonNode fn = api.post(Api.app(appid, "functions", name, "publish"), null);
      return report(fn, () -> name + ": revision " + text(fn, "publishedRevision") + " is live");
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true,
      description = "Unpublish and remove a function, with its history.")
  static final class Delete extends NamedAction {
    @Override
    int run(Api api) {
      JsonNode answer = api.delete(Api.app(appid, "functions", name));
      return report(answer, () -> "deleted function " + name);
    }
  }
}
