package dev.inkwell.tenancy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "auth", mixinStandardHelpOptions = true,
    description = "Which of an app's paths need no API key or token.",
    subcommands = {AuthCommand.Set.class, AuthCommand.Get.class})
final class AuthCommand {

  private AuthCommand() {
  }

  @Command(name = "set", mixinStandardHelpOptions = true,
      description = "Replace the public paths; without --public every path needs a key or token.")
  static final class Set extends Action {
    @Parameters(paramLabel = "APPID")
    String appid;

    @Option(names = "--public", paramLabel = "PATH", description = "a public path or pattern (/*, /hello); repeatable")
    List<String> publicPaths = new ArrayList<>();

    @Override
    int run(Api api) {
      ObjectNode body = Api.object();
      ArrayNode paths = body.putArray("publicPaths");
      publicPaths.forEach(paths::add);
      return print(this, api.put(Api.app(appid, "auth"), body));
    }
  }

  @Command(name = "get", mixinStandardHelpOptions = true, description = "Show the public paths.")
  static final class Get extends Action {
    @Parameters(paramLabel = "APPID")
    String appid;

    @Override
    int run(Api api) {
      return print(this, api.get(Api.app(appid, "auth")));
    }
  }

  private static int print(Action a, JsonNode answer) {
    if (a.json()) {
      return a.printJson(answer);
    }
    JsonNode paths = answer.path("publicPaths");
    if (paths.isEmpty()) {
      a.out().println("no public paths: every path needs an API key or token");
    }
    paths.forEach(p -> a.out().println(p.asText()));
    return 0;
  }
}
