package dev.inkwell.tenancy.cli;

import static dev.inkwell.tenancy.cli.Action.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

@Command(name = "app", mixinStandardHelpOptions = true, description = "Create, inspect, stop, start and delete apps.",
    subcommands = {AppCommand.Create.class, AppCommand.ListApps.class, AppCommand.Get.class, AppCommand.Delete.class,
        AppCommand.Stop.class, AppCommand.Start.class, AppCommand.Restart.class, AppCommand.NewToken.class,
        AppCommand.Tokens.class, AppCommand.RevokeToken.class})
final class AppCommand {

  private AppCommand() {
  }

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Create an app (operator token). Prints its developer token once.")
  static final class Create extends Action {
    @Parameters(paramLabel = "NAME", description = "display name")
    String name;

    @Option(names = "--appid", paramLabel = "ID", description = "3-16 of [a-z0-9], starting with a letter; "
        + "generated when absent")
    String appid;

    @Override
    int run(Api api) {
      ObjectNode body = Api.object().put("name", name);
      if (appid != null) {
        body.put("appid", appid);
      }
      JsonNode answer = api.post("/v1/apps", body);
      JsonNode app = answer.path("app");
      if (json()) {
        // Scripts read .appid; the API nests it in .app, so the useful parts are lifted to the top.
        ObjectNode flat = Api.object();
        flat.set("appid", app.path("appid"));
        flat.set("url", app.path("url"));
        flat.set("developerToken", answer.path("developerToken"));
        flat.set("app", app);
        return printJson(flat);
      }
      out().println("created app " + app.path("appid").asText() + " (" + app.path("name").asText() + ")");
      Table.fields()
          .row("url", text(app, "url"))
          .row("state", text(app, "state"))
          .row("developer token", text(answer, "developerToken"))
          .print(out());
      err().println("the developer token is not shown again: keep it now (app token " + app.path("appid").asText()
          + " makes another)");
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List apps (operator token).")
  static final class ListApps extends Action {
    @Override
    int run(Api api) {
      JsonNode answer = api.get("/v1/apps");
      if (json()) {
        return printJson(answer);
      }
      Table t = Table.of("APPID", "NAME", "STATE", "URL");
      for (JsonNode a : answer.path("apps")) {
        t.row(text(a, "appid"), text(a, "name"), text(a, "state"), text(a, "url"));
      }
      t.print(out());
      return 0;
    }
  }

  @Command(name = "get", mixinStandardHelpOptions = true, description = "Show one app.")
  static final class Get extends Action {
    @Parameters(paramLabel = "APPID")
    String appid;

    @Override
    int run(Api api) {
      return show(this, api.get(Api.app(appid)));
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true,
      description = "Delete an app: routes, runtime and credentials; with --delete-data also its database and buckets.")
  static final class Delete extends Action {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "APPID")
    String appid;

    @Option(names = "--delete-data", description = "also drop the database and the buckets with their objects")
    boolean deleteData;

    @Option(names = "--confirm", paramLabel = "APPID", description = "the appid again, required with --delete-data")
    String confirm;

    @Override
    int run(Api api) {
      if (deleteData && !appid.equals(confirm)) {
        throw new ParameterException(spec.commandLine(),
            "--delete-data drops the data for good: repeat the appid with --confirm " + appid);
      }
      if (!deleteData && confirm != null) {
        throw new ParameterException(spec.commandLine(), "--confirm goes with --delete-data");
      }
      Map<String, String> q = new LinkedHashMap<>();
      if (deleteData) {
        q.put("deleteData", "true");
        q.put("confirm", confirm);
      }
      JsonNode answer = api.delete(Api.app(appid) + Api.query(q));
      return report(answer, () -> "deleted app " + appid + (answer.path("dataDeleted").asBoolean()
          ? " and its data" : " (database and buckets kept)"));
    }
  }

  /** stop, start and restart: one POST, the app's new state printed. */
  abstract static class Lifecycle extends Action {
    @Parameters(paramLabel = "APPID")
    String appid;

    abstract String verb();

    @Override
    int run(Api api) {
      JsonNode app = api.post(Api.app(appid, verb()), null);
      return report(app, () -> "app " + appid + ": " + text(app, "state"));
    }
  }

  @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop an app's runtime.")
  static final class Stop extends Lifecycle {
    @Override
    String verb() {
      return "stop";
    }
  }

  @Command(name = "start", mixinStandardHelpOptions = true, description = "Start a stopped app's runtime.")
  static final class Start extends Lifecycle {
    @Override
    String verb() {
      return "start";
    }
  }

  @Command(name = "restart", mixinStandardHelpOptions = true, description = "Restart an app's runtime (rolling).")
  static final class Restart extends Lifecycle {
    @Override
    String verb() {
      return "restart";
    }
  }

  @Command(name = "token", mixinStandardHelpOptions = true,
      description = "Make a new developer token for an app (the old ones stay valid).")
  static final class NewToken extends Action {
    @Parameters(paramLabel = "APPID")
    String appid;

    @Override
    int run(Api api) {
      JsonNode answer = api.post(Api.app(appid, "tokens"), null);
      if (json()) {
        return printJson(answer);
      }
      out().println(answer.path("developerToken").asText());
      err().println("token " + answer.path("id").asText() + ": not shown again, keep it now "
          + "(revoke: ./inkwell app revoke-token " + appid + " " + answer.path("id").asText() + ")");
      return 0;
    }
  }

  @Command(name = "tokens", mixinStandardHelpOptions = true, description = "List an app's developer tokens (ids only).")
  static final class Tokens extends Action {
    @Parameters(paramLabel = "APPID")
    String appid;

    @Override
    int run(Api api) {
      return idTable(api.get(Api.app(appid, "tokens")), "tokens");
    }
  }

  @Command(name = "revoke-token", mixinStandardHelpOptions = true, description = "Revoke one developer token.")
  static final class RevokeToken extends Action {
    @Parameters(index = "0", paramLabel = "APPID")
    String appid;

    @Parameters(index = "1", paramLabel = "TOKEN_ID")
    String id;

    @Override
    int run(Api api) {
      return report(api.delete(Api.app(appid, "tokens", id)), () -> "revoked token " + id);
    }
  }

  static int show(Action a, JsonNode app) {
    if (a.json()) {
      return a.printJson(app);
    }
    List<String> publicPaths = new ArrayList<>();
    app.path("auth").path("publicPaths").forEach(p -> publicPaths.add(p.asText()));
    List<String> env = new ArrayList<>();
    app.path("env").fieldNames().forEachRemaining(env::add);
    Table t = Table.fields()
        .row("appid", text(app, "appid"))
        .row("name", text(app, "name"))
        .row("state", text(app, "state"));
    JsonNode status = app.path("status");
    if (status.isObject()) {
      t.row("status", text(status, "step") + ": " + text(status, "message"));
    }
    t.row("url", text(app, "url"))
        .row("limits", LimitsCommand.describe(app.get("limits")))
        .row("public paths", publicPaths.isEmpty() ? "none" : String.join(", ", publicPaths))
        .row("env", env.isEmpty() ? "none" : String.join(", ", env))
        .row("resources", text(app, "resources"))
        .row("created", text(app, "createdAt"))
        .row("updated", text(app, "updatedAt"))
        .print(a.out());
    return 0;
  }
}
