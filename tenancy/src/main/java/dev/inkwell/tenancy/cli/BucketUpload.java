package dev.inkwell.tenancy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bucket upload APPID NAME DIR|FILE}: one PUT per file, key = prefix + path relative to the folder, Content-Type
 * from the extension. Stops at the first refused file (the next ones would most likely be refused the same way).
 */
@Command(name = "upload", mixinStandardHelpOptions = true,
    description = "Upload a folder (recursively) or one file into a bucket.")
final class BucketUpload extends Action {

  @Parameters(index = "0", paramLabel = "APPID")
  String appid;

  @Parameters(index = "1", paramLabel = "NAME", description = "bucket name")
  String bucket;

  @Parameters(index = "2", paramLabel = "DIR|FILE")
  Path path;

  @Option(names = "--prefix", paramLabel = "P", description = "key prefix, e.g. assets (a '/' is added)")
  String prefix;

  record Upload(String key, Path file, long size) {
  }

  @Override
  int run(Api api) throws IOException {
    List<Upload> uploads = plan(ctx.cwd().resolve(path), prefix);
    Progress progress = new Progress(err(), ctx.errIsTerminal(), uploads.size());
    ArrayNode answers = Api.JSON.createArrayNode();
    for (Upload u : uploads) {
      JsonNode answer;
      try {
        answer = api.putFile(Api.app(appid, "buckets", bucket, "objects", u.key()), u.file(),
            ContentTypes.of(u.file().getFileName().toString()));
      } catch (Failure e) {
        progress.interrupt();
        throw new Failure(e.exitCode(), u.key() + ": " + e.getMessage()
            + " (" + progress.done() + " of " + uploads.size() + " files uploaded before it)");
      }
      answers.add(answer);
      progress.add(u.size());
    }
    if (json()) {
      ObjectNode all = Api.object();
      all.set("uploaded", answers);
      return printJson(all);
    }
    out().println("uploaded " + uploads.size() + " files (" + Progress.size(progress.bytes()) + ") to " + bucket);
    return 0;
  }

  /** The files under {@code root} in key order; dotfiles are left out except .well-known. */
  static List<Upload> plan(Path root, String prefix) throws IOException {
    String p = prefix == null || prefix.isEmpty() ? "" : prefix.endsWith("/") ? prefix : prefix + "/";
    if (p.startsWith("/")) {
      p = p.substring(1);
    }
    if (Files.isRegularFile(root)) {
      return List.of(new Upload(p + root.getFileName(), root, Files.size(root)));
    }
    if (!Files.isDirectory(root)) {
      throw Failure.user(root + ": no such file or folder");
    }
    String keyPrefix = p;
    List<Upload> found = new ArrayList<>();
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        return dir.equals(root) || !hidden(dir) ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        if (attrs.isRegularFile() && !hidden(file)) {
          String rel = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
          found.add(new Upload(keyPrefix + rel, file, attrs.size()));
        }
        return FileVisitResult.CONTINUE;
      }
    });
    if (found.isEmpty()) {
      throw Failure.user(root + ": no files to upload");
    }
    found.sort(Comparator.comparing(Upload::key));
    return List.copyOf(found);
  }

  private static boolean hidden(Path p) {
    String n = p.getFileName().toString();
    return n.startsWith(".") && !n.equals(".well-known");
  }
}
