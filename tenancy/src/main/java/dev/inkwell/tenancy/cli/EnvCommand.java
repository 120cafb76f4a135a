package dev.inkwell.tenancy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "env", mixinStandardHelpOptions = true,
    description = "An app's environment variables (setting them restarts its runtime).",
    subcommands = {EnvCommand.ListEnv.class, EnvCommand.Set.class, EnvCommand.Unset.class})
final class EnvCommand {

  private EnvCommand() {
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the variables and values.")
  static final class ListEnv extends Action {
    @Parameters(paramLabel = "APPID")
    String appid;

    @Override
    int run(Api api) {
      JsonNode answer = api.get(Api.app(appid, "env"));
      if (json()) {
        return printJson(answer);
      }
      Table t = Table.of("KEY", "VALUE");
      answer.path("env").properties().forEach(e -> t.row(e.getKey(), e.getValue().asText()));
      t.print(out());
      return 0;
    }
  }

  @Command(name = "set", mixinStandardHelpOptions = true, description = "Set variables (others are kept).")
  static final class Set extends Action {
    @Parameters(index = "0", paramLabel = "APPID")
    String appid;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "K=V")
    Map<String, String> values;

    @Override
    int run(Api api) {
      ObjectNode body = Api.object();
      ObjectNode env = body.putObject("env");
      values.forEach(env::put);
      return print(this, api.put(Api.app(appid, "env"), body), "set " + String.join(", ", values.keySet()));
    }
  }

  @Command(name = "unset", mixinStandardHelpOptions = true, description = "Remove variables.")
  static final class Unset extends Action {
    @Parameters(index = "0", paramLabel = "APPID")
    String appid;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "K")
    List<String> keys;

    @Override
    int run(Api api) {
      ObjectNode body = Api.object();
      ObjectNode env = body.putObject("env");
      keys.forEach(env::putNull);
      return print(this, api.put(Api.app(appid, "env"), body), "unset " + String.join(", ", keys));
    }
  }

  private static int print(Action a, JsonNode answer, String what) {
    if (a.json()) {
      return a.printJson(answer);
    }
    a.out().println(what + (answer.path("restarted").asBoolean() ? "; the runtime is restarting to see them" : ""));
    return 0;
  }
}
