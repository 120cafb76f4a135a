package dev.inkwell.tenancy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "keys", mixinStandardHelpOptions = true, description = "An app's API keys (for its non-public paths).",
    subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
final class KeysCommand {

  private KeysCommand() {
  }

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Create a key. It is printed once: only its hash is stored.")
  static final class Create extends Action {
    @Parameters(paramLabel = "APPID")
    String appid;

    @Option(names = "--id", paramLabel = "ID", description = "a name for the key (generated when absent)")
    String id;

    @Override
    int run(Api api) {
      ObjectNode body = Api.object();
      if (id != null) {
        body.put("id", id);
      }
      JsonNode answer = api.post(Api.app(appid, "keys"), body);
      if (json()) {
        return printJson(answer);
      }
      out().println("key " + text(answer, "id") + ": " + text(answer, "key"));
      err().println("this key is not shown again: store it now (only its SHA-256 is kept)");
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List an app's keys (ids, never the keys).")
  static final class ListKeys extends Action {
    @Parameters(paramLabel = "APPID")
    String appid;

    @Override
    int run(Api api) {
      return idTable(api.get(Api.app(appid, "keys")), "keys");
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a key.")
  static final class Revoke extends Action {
    @Parameters(index = "0", paramLabel = "APPID")
    String appid;

    @Parameters(index = "1", paramLabel = "ID")
    String id;

    @Override
    int run(Api api) {
      JsonNode answer = api.delete(Api.app(appid, "keys", id));
      return report(answer, () -> "revoked key " + id);
    }
  }
}
