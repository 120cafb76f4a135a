package dev.inkwell.runtime.it;

import static org.junit.jupiter.api.Assertions.fail;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import dev.inkwell.runtime.InkwellRuntime;
import dev.inkwell.runtime.RuntimeConfig;
import dev.inkwell.runtime.cloud.Fetcher;
import dev.inkwell.runtime.cloud.StorageSettings;
import dev.inkwell.runtime.http.WebSocketSettings;
import dev.inkwell.runtime.dev.EmbeddedMongo;
import dev.inkwell.runtime.dev.Publisher;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.bson.Document;

/**
 * A real runtime on a random loopback port, on an in-process MongoDB stand-in (mongo-java-server, oplog on: the real
 * driver over the real wire protocol, with collection change streams). Functions are published as Laf publishes them,
 * without a compiled form, so the runtime's own compiler runs too.
 */
final class RuntimeHarness implements AutoCloseable {

  static final String APP = "app1";
  static final String SECRET = "test-secret-for-hs256-tokens";

  final AutoCloseable mongo;
  final String mongoUri;
  final MongoClient client;
  final InkwellRuntime runtime;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final boolean multiApp;

  private RuntimeHarness(boolean multiApp, int contexts, Duration callTimeout, int maxBody) throws InterruptedException {
    this(multiApp, contexts, callTimeout, maxBody, EmbeddedMongo.inMemory(), "");
  }

  private RuntimeHarness(boolean multiApp, int contexts, Duration callTimeout, int maxBody, EmbeddedMongo server,
      String uriOptions) throws InterruptedException {
    this(multiApp, contexts, callTimeout, maxBody, server, server.connectionString(), uriOptions, null);
  }

  /** A single-app runtime whose functions have {@code storage} as {@code cloud.storage}. */
  static RuntimeHarness withStorage(StorageSettings storage) throws InterruptedException {
    EmbeddedMongo server = EmbeddedMongo.inMemory();
    return new RuntimeHarness(false, 2, Duration.ofSeconds(10), 1024 * 1024, server, server.connectionString(), "",
        storage);
  }

  /**
   * @param uriOptions appended to the runtime's DB_URI (e.g. {@code ?maxPoolSize=300})
   */
  RuntimeHarness(boolean multiApp, int contexts, Duration callTimeout, int maxBody, AutoCloseable server,
      String serverUri, String uriOptions, StorageSettings storage) throws InterruptedException {
    this.multiApp = multiApp;
    mongo = server;
    mongoUri = serverUri;
    client = MongoClients.create(mongoUri);
    if (multiApp) {
      functions(APP).insertOne(new Document("name", "__placeholder__"));
      functions(APP).deleteMany(new Document());
    }
    runtime = InkwellRuntime.start(new RuntimeConfig("127.0.0.1", 0, multiApp, multiApp ? null : APP,
        mongoUri + "/" + APP + uriOptions, SECRET, multiApp ? "localhost" : null, contexts, 1, callTimeout, maxBody,
        Duration.ofSeconds(60), Duration.ofMillis(2), Map.of("GREETING", "hi"),
        new Fetcher.Settings(Duration.ofSeconds(2), 1024 * 1024),
        new WebSocketSettings(Duration.ofSeconds(2), 64 * 1024), storage, null));
  }

  static RuntimeHarness single(int contexts, Duration callTimeout) throws InterruptedException {
    return new RuntimeHarness(false, contexts, callTimeout, 1024 * 1024);
  }

  static RuntimeHarness multi() throws InterruptedException {
    return new RuntimeHarness(true, 1, Duration.ofSeconds(10), 1024 * 1024);
  }

  MongoCollection<Document> functions(String appid) {
    return client.getDatabase(appid).getCollection("__functions__");
  }

  /** Publishes source as Laf does (no compiled form: the runtime compiles). */
  void publish(String name, String code, String... methods) {
    publishTo(APP, name, code, methods);
  }

  void publishTo(String appid, String name, String code, String... methods) {
    functions(appid).replaceOne(Filters.eq("name", name), Publisher.document(name, code, null, List.of(methods)),
        new ReplaceOptions().upsert(true));
  }

  void delete(String name) {
    functions(APP).deleteOne(Filters.eq("name", name));
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + runtime.port() + path);
  }

  HttpResponse<String> get(String path) {
    return send(request(path).GET().build());
  }

  HttpResponse<String> getFrom(String appid, String path) {
    return send(request(path).header("Host", appid + ".localhost").GET().build());
  }

  HttpResponse<String> post(String path, String contentType, String body) {
    return send(request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Polls {@code path} until the answer satisfies {@code done} (publishes are asynchronous), for at most 20 s. */
  HttpResponse<String> await(String path, Predicate<HttpResponse<String>> done) {
    return await(() -> get(path), done);
  }

  HttpResponse<String> await(java.util.function.Supplier<HttpResponse<String>> call,
      Predicate<HttpResponse<String>> done) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    HttpResponse<String> last = null;
    while (System.nanoTime() < deadline) {
      last = call.get();
      if (done.test(last)) {
        return last;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    fail("condition not met in 20 s; last answer: " + (last == null ? null : last.statusCode() + " " + last.body()));
    return last;
  }

  @Override
  public void close() {
    runtime.close();
    client.close();
    try {
      mongo.close();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
