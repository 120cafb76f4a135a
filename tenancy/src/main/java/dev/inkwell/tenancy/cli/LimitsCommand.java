package dev.inkwell.tenancy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "limits", mixinStandardHelpOptions = true, description = "An app's request rate limit at the edge.",
    subcommands = {LimitsCommand.Get.class, LimitsCommand.Set.class, LimitsCommand.Clear.class})
final class LimitsCommand {

  private LimitsCommand() {
  }

  @Command(name = "get", mixinStandardHelpOptions = true,
      description = "Show the app's own limits and the effective ones.")
  static final class Get extends Action {
    @Parameters(paramLabel = "APPID")
    String appid;

    @Override
    int run(Api api) {
      return print(this, api.get(Api.app(appid, "limits")));
    }
  }

  @Command(name = "set", mixinStandardHelpOptions = true,
      description = "Set the app's limits; live at the edge without a restart.")
  static final class Set extends Action {
    @Parameters(paramLabel = "APPID")
    String appid;

    @Option(names = "--rate", required = true, paramLabel = "N", description = "requests per second")
    int rate;

    @Option(names = "--burst", required = true, paramLabel = "N", description = "requests allowed above the rate")
    int burst;

    @Option(names = "--key", paramLabel = "K", description = "what is counted: remote_addr (default), http_<header> "
        + "or arg_<query argument>")
    String key;

    @Option(names = "--dry-run", description = "count and log, but do not refuse requests")
    boolean dryRun;

    @Override
    int run(Api api) {
      ObjectNode body = Api.object().put("rate", rate).put("burst", burst);
      if (key != null) {
        body.put("key", key);
      }
      // Always sent: PUT replaces the limits, and an earlier dry run must not survive by omission.
      body.put("dryRun", dryRun);
      return print(this, api.put(Api.app(appid, "limits"), body));
    }
  }

  @Command(name = "clear", mixinStandardHelpOptions = true, description = "Back to the platform's default limits.")
  static final class Clear extends Action {
    @Parameters(paramLabel = "APPID")
    String appid;

    @Override
    int run(Api api) {
      return print(this, api.delete(Api.app(appid, "limits")));
    }
  }

  private static int print(Action a, JsonNode answer) {
    if (a.json()) {
      return a.printJson(answer);
    }
    JsonNode own = answer.get("limits");
    Table.fields()
        .row("limits", own == null || own.isNull() ? "platform default" : describe(own))
        .row("effective", describe(answer.get("effective")))
        .print(a.out());
    return 0;
  }

  /** "10/s, burst 20, key remote_addr, dry run", or "platform default" for none. */
  static String describe(JsonNode limits) {
    if (limits == null || limits.isNull() || limits.isMissingNode()) {
      return "platform default";
    }
    StringBuilder s = new StringBuilder()
        .append(Action.text(limits, "rate")).append("/s, burst ").append(Action.text(limits, "burst"));
    if (limits.hasNonNull("key")) {
      s.append(", key ").append(limits.get("key").asText());
    }
    if (limits.path("dryRun").asBoolean()) {
      s.append(", dry run");
    }
    return s.toString();
  }
}
