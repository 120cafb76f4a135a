package dev.inkwell.tenancy.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A leaf command ({@code app create}, {@code fn push}, ...): the global options, the process {@link Context} (set by
 * {@link Cli}'s factory before parsing) and output helpers. Subclasses do their one call in {@link #run(Api)}.
 */
abstract class Action implements Callable<Integer> {

  /** The options every command takes. */
  static final class Global {
    @Option(names = "--url", paramLabel = "URL", description = "control API, e.g. http://127.0.0.1:8090")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN", description = "operator or developer token")
    String token;

    @Option(names = "--json", description = "print the API's JSON answer (for scripts)")
    boolean json;
  }

  @Mixin
  Global global = new Global();

  Context ctx;

  abstract int run(Api api) throws Exception;

  @Override
  public final Integer call() throws Exception {
    Api api = new Api(Target.resolve(global.url, global.token, ctx), ctx.http());
    return run(api);
  }

  boolean json() {
    return global.json;
  }

  PrintWriter out() {
    return ctx.out();
  }

  PrintWriter err() {
    return ctx.err();
  }

  /** The answer as JSON with {@code --json}, else one human line; exit code 0. */
  int report(JsonNode answer, java.util.function.Supplier<String> line) {
    if (json()) {
      return printJson(answer);
    }
    out().println(line.get());
    return 0;
  }

  /** A list of {@code {id, createdAt}} under {@code field} (API keys, developer tokens) as a table, or JSON. */
  int idTable(JsonNode answer, String field) {
    if (json()) {
      return printJson(answer);
    }
    Table t = Table.of("ID", "CREATED");
    answer.path(field).forEach(k -> t.row(text(k, "id"), text(k, "createdAt")));
    t.print(out());
    return 0;
  }

  /** Prints {@code answer} as indented JSON and returns 0, for {@code --json}. */
  int printJson(JsonNode answer) {
    try {
      out().println(Api.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(answer));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    out().flush();
    return 0;
  }

  /** The text of a field, or "-" when absent or null, for tables. */
  static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull() || v.isMissingNode()) {
      return "-";
    }
    return v.isValueNode() ? v.asText() : v.toString();
  }
}
