package dev.inkwell.benchmarks;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import dev.inkwell.runtime.compile.FunctionCompiler;
import dev.inkwell.runtime.dev.Publisher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bson.Document;

/** {@code Publish <mongo-uri> <db> <dir>}: publishes every {@code *.ts} in dir (compiled, as Laf does at publish). */
public final class Publish {

  private Publish() {
  }

  public static void main(String[] args) throws Exception {
    try (MongoClient client = MongoClients.create(args[0])) {
      MongoCollection<Document> functions = client.getDatabase(args[1]).getCollection("__functions__");
      Publisher publisher = new Publisher(FunctionCompiler.shared());
      try (var files = Files.list(Path.of(args[2]))) {
        for (Path f : files.filter(p -> p.toString().endsWith(".ts")).sorted().toList()) {
          String name = f.getFileName().toString().replace(".ts", "");
          publisher.publish(functions, name, Files.readString(f), List.of());
          System.out.println("published " + name);
        }
      }
    }
  }
}
