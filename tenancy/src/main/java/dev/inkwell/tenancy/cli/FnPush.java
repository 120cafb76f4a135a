package dev.inkwell.tenancy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fn push APPID DIR|FILE}: saves every function of a folder, one PUT each, and reports what changed. A file that
 * does not compile is reported as {@code file:line:column: message} (the form editors jump to) and the others are still
 * pushed; the exit code is then 1.
 */
@Command(name = "push", mixinStandardHelpOptions = true,
    description = "Save the .js/.ts files of a folder (or one file) as functions; unchanged ones make no revision.")
final class FnPush extends Action {

  @Parameters(index = "0", paramLabel = "APPID")
  String appid;

  @Parameters(index = "1", paramLabel = "DIR|FILE")
  Path path;

  @Option(names = "--no-publish", description = "save new revisions without making them live")
  boolean noPublish;

  private record Failed(FunctionFiles.Source source, ApiError error) {
  }

  @Override
  int run(Api api) throws Exception {
    Path root = ctx.cwd().resolve(path);
    List<FunctionFiles.Source> sources = FunctionFiles.find(root);
    // Listing first tells "created" from "updated" exactly, and stops a push to a missing app before any PUT.
    Set<String> existing = new HashSet<>();
    api.get(Api.app(appid, "functions")).path("functions").forEach(f -> existing.add(f.path("name").asText()));

    List<String> created = new ArrayList<>();
    List<String> updated = new ArrayList<>();
    List<String> unchanged = new ArrayList<>();
    List<Failed> failed = new ArrayList<>();
    for (FunctionFiles.Source s : sources) {
      ObjectNode body = Api.object().put("code", Files.readString(s.file(), StandardCharsets.UTF_8));
      if (noPublish) {
        body.put("publish", false);
      }
      try {
        JsonNode answer = api.put(Api.app(appid, "functions", s.name()), body);
        if (!existing.contains(s.name())) {
          created.add(s.name());
        } else if (answer.path("changed").asBoolean(true)) {
          updated.add(s.name());
        } else {
          unchanged.add(s.name());
        }
      } catch (ApiError e) {
        if (e.status() == 401 || e.status() == 403 || e.status() == 404) {
          throw e; // the same answer awaits every other file
        }
        failed.add(new Failed(s, e));
      }
    }
    if (json()) {
      printJson(summary(created, updated, unchanged, failed));
    } else {
      line("created", created);
      line("updated", updated);
      line("unchanged", unchanged);
      line("failed", failed.stream().map(f -> f.source().name()).toList());
      if (noPublish && !(created.isEmpty() && updated.isEmpty())) {
        out().println("saved, not published: fn publish " + appid + " NAME makes one live");
      }
      out().flush();
    }
    for (Failed f : failed) {
      err().println(display(f.source().file()) + ":" + position(f.error()) + " " + f.error().apiMessage());
    }
    return failed.isEmpty() ? 0 : Failure.USER;
  }

  private void line(String what, List<String> names) {
    String count = String.format("%-10s%d", what, names.size());
    out().println(names.isEmpty() ? count : count + ": " + String.join(", ", names));
  }

  private static String position(ApiError e) {
    return e.line() > 0 ? e.line() + ":" + e.column() + ":" : "";
  }

  /** Relative to the working folder when under it, as compilers print paths. */
  private String display(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    return abs.startsWith(ctx.cwd()) ? ctx.cwd().relativize(abs).toString() : abs.toString();
  }

  private ObjectNode summary(List<String> created, List<String> updated, List<String> unchanged, List<Failed> failed) {
    ObjectNode s = Api.object();
    created.forEach(s.putArray("created")::add);
    updated.forEach(s.putArray("updated")::add);
    unchanged.forEach(s.putArray("unchanged")::add);
    ArrayNode f = s.putArray("failed");
    for (Failed x : failed) {
      ObjectNode o = f.addObject().put("name", x.source().name()).put("file", display(x.source().file()))
          .put("code", x.error().code()).put("message", x.error().apiMessage());
      if (x.error().line() > 0) {
        o.put("line", x.error().line()).put("column", x.error().column());
      }
    }
    return s;
  }
}
