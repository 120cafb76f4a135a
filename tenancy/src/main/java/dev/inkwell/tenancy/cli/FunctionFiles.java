package dev.inkwell.tenancy.cli;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The functions in a folder: one per .js or .ts file, named by its path relative to the folder without the extension,
 * with '/' between folders ({@code api/users.ts} is {@code api/users}). Dotfiles and dot-folders, node_modules and
 * type declarations (.d.ts) are not functions. A single file is one function named after the file.
 */
final class FunctionFiles {

  /** {@code file} is what the user would open: the given path joined with the relative one. */
  record Source(String name, Path file) {
  }

  private FunctionFiles() {
  }

  static List<Source> find(Path root) throws IOException {
    if (Files.isRegularFile(root)) {
      String base = root.getFileName().toString();
      if (!isFunction(base)) {
        throw Failure.user(root + ": not a .js or .ts file");
      }
      return List.of(new Source(stripExtension(base), root));
    }
    if (!Files.isDirectory(root)) {
      throw Failure.user(root + ": no such file or folder");
    }
    List<Source> found = new ArrayList<>();
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        String n = dir.getFileName() == null ? "" : dir.getFileName().toString();
        boolean skip = !dir.equals(root) && (n.startsWith(".") || n.equals("node_modules"));
        return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        if (attrs.isRegularFile() && isFunction(file.getFileName().toString())) {
          String rel = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
          found.add(new Source(stripExtension(rel), file));
        }
        return FileVisitResult.CONTINUE;
      }
    });
    if (found.isEmpty()) {
      throw Failure.user(root + ": no .js or .ts files");
    }
    found.sort(Comparator.comparing(Source::name));
    Map<String, Source> byName = new HashMap<>();
    for (Source s : found) {
      Source twin = byName.putIfAbsent(s.name(), s);
      if (twin != null) {
        throw Failure.user(twin.file() + " and " + s.file() + " are both function " + s.name() + ": keep one");
      }
    }
    return List.copyOf(found);
  }

  private static boolean isFunction(String fileName) {
    return !fileName.startsWith(".") && !fileName.endsWith(".d.ts")
        && (fileName.endsWith(".js") || fileName.endsWith(".ts"));
  }

  private static String stripExtension(String path) {
    return path.substring(0, path.length() - 3);
  }
}
