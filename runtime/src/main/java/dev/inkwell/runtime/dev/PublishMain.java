package dev.inkwell.runtime.dev;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.inkwell.runtime.compile.CompileError;
import dev.inkwell.runtime.compile.FunctionCompiler;
import dev.inkwell.runtime.log.LineFormatter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;

/**
 * {@code ./inkwell publish --db mongodb://host:port/<appid> --name NAME --file FILE [--methods GET,POST]}: compiles a
 * function and writes it into the app's {@code __functions__} collection (development tool; the control plane will do
 * this with revisions and checks).
 */
public final class PublishMain {

  private PublishMain() {
  }

  public static void main(String[] args) throws Exception {
    LineFormatter.install(Level.WARNING);
    String db = null;
    String name = null;
    Path file = null;
    List<String> methods = List.of();
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--db" -> db = args[i + 1];
        case "--name" -> name = args[i + 1];
        case "--file" -> file = Path.of(args[i + 1]);
        case "--methods" -> methods = Arrays.stream(args[i + 1].split(",")).map(String::trim)
            .map(String::toUpperCase).filter(s -> !s.isEmpty()).toList();
        default -> fail("unknown option " + args[i]);
      }
    }
    if (db == null || name == null || file == null || args.length % 2 != 0) {
      fail("usage: ./inkwell publish --db mongodb://HOST:PORT/APPID --name NAME --file FILE [--methods GET,POST]");
    }
    String dbName = new ConnectionString(db).getDatabase();
    if (dbName == null) {
      fail("--db: " + db + " (expected: a connection string ending in /<appid>)");
    }
    try (MongoClient client = MongoClients.create(db)) {
      FunctionCompiler compiler = FunctionCompiler.shared();
      System.err.println("compiling " + file + " (the TypeScript compiler takes a few seconds to load)...");
      new Publisher(compiler).publish(client.getDatabase(dbName).getCollection("__functions__"), name,
          Files.readString(file), methods);
      System.out.println("published " + name + " to " + dbName);
    } catch (CompileError e) {
      fail(file + ": " + e.getMessage());
    }
  }

  private static void fail(String message) {
    System.err.println("inkwell publish: " + message);
    System.exit(2);
  }
}
