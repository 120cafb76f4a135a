package dev.inkwell.benchmarks;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import dev.inkwell.runtime.compile.FunctionCompiler;
import dev.inkwell.runtime.dev.Publisher;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.bson.Document;

/**
 * Publish-to-live latency: writes a new version of a function into {@code __functions__} (compiled, as Laf publishes)
 * and polls the runtime until that version answers; the time from the write's return to the first matching answer.
 *
 * <p>{@code PublishLatency <mongo-uri> <db> <runtime-base-url> [count]}; prints p50/p99/max in ms.
 */
public final class PublishLatency {

  private PublishLatency() {
  }

  public static void main(String[] args) throws Exception {
    int count = args.length > 3 ? Integer.parseInt(args[3]) : 100;
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest probe = HttpRequest.newBuilder(URI.create(args[2] + "/live")).timeout(Duration.ofSeconds(5)).build();
    FunctionCompiler compiler = FunctionCompiler.shared();
    try (MongoClient client = MongoClients.create(args[0])) {
      MongoCollection<Document> functions = client.getDatabase(args[1]).getCollection("__functions__");
      double[] millis = new double[count];
      for (int i = -5; i < count; i++) { // 5 unmeasured rounds first
        String version = "v" + (i + 6);
        String code = "export default async function () { return '" + version + "' }";
        Document doc = Publisher.document("live", code, compiler.compile("live", code), List.of());
        long start = System.nanoTime();
        functions.replaceOne(Filters.eq("name", "live"), doc, new ReplaceOptions().upsert(true));
        long written = System.nanoTime();
        while (true) {
          HttpResponse<String> r = http.send(probe, HttpResponse.BodyHandlers.ofString());
          if (r.body().equals(version)) {
            break;
          }
          if (System.nanoTime() - start > Duration.ofSeconds(10).toNanos()) {
            throw new IllegalStateException("version " + version + " not live after 10 s: " + r.body());
          }
        }
        if (i >= 0) {
          millis[i] = (System.nanoTime() - written) / 1e6;
        }
        Thread.sleep(20);
      }
      Arrays.sort(millis);
      System.out.printf("publish-to-live over %d publishes: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", count,
          millis[count / 2], millis[(int) Math.ceil(count * 0.99) - 1], millis[count - 1]);
    }
  }
}
