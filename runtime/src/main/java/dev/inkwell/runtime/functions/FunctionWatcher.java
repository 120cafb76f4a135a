package dev.inkwell.runtime.functions;

import com.mongodb.MongoException;
import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.client.model.changestream.FullDocument;
import com.mongodb.client.model.changestream.OperationType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.bson.BsonValue;
import org.bson.Document;

/**
 * Keeps a {@link FunctionRegistry} in step with an app's {@code __functions__} collection: a full load at start, a
 * change stream for publishes and deletes, and a periodic full resync that heals anything the stream missed.
 *
 * <p>The change stream is opened before the full load, so nothing published in between is lost; events for content
 * already loaded are no-ops. On any error the watcher backs off (1 s doubling to 30 s) and starts over.
 *
 * <p>A real MongoDB holds an empty getMore open for maxAwaitTime; some servers (the in-process stand-in used in
 * development) answer at once. When a getMore comes back empty faster than it should, the watcher pauses
 * {@code idlePoll} before the next, so an idle watcher does not spin.
 */
public final class FunctionWatcher implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(FunctionWatcher.class.getName());
  private static final Duration MAX_AWAIT = Duration.ofSeconds(1);

  private final String appid;
  private final MongoCollection<Document> collection;
  private final FunctionRegistry registry;
  private final Duration resync;
  private final Duration idlePoll;
  private final CompletableFuture<Void> loaded = new CompletableFuture<>();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile MongoChangeStreamCursor<ChangeStreamDocument<Document>> cursor;

  public FunctionWatcher(String appid, MongoCollection<Document> collection, FunctionRegistry registry, Duration resync,
      Duration idlePoll) {
    this.appid = appid;
    this.collection = collection;
    this.registry = registry;
    this.resync = resync;
    this.idlePoll = idlePoll;
    this.thread = Thread.ofPlatform().daemon().name("fn-watch-" + appid).unstarted(this::run);
  }

  public void start() {
    thread.start();
  }

  /** Completes after the first full load (successful or not: a failed load is retried in the background). */
  public CompletableFuture<Void> loaded() {
    return loaded;
  }

  private void run() {
    long backoffMs = 1000;
    while (running) {
      try {
        watch();
        backoffMs = 1000;
      } catch (MongoException | IllegalStateException e) {
        if (!running) {
          return;
        }
        LOG.log(Level.WARNING, "app " + appid + ": function watch failed, retrying in " + backoffMs + " ms: " + e, e);
        loaded.complete(null);
        sleep(backoffMs);
        backoffMs = Math.min(backoffMs * 2, 30_000);
      }
    }
  }

  private void watch() {
    try (MongoChangeStreamCursor<ChangeStreamDocument<Document>> c = collection.watch()
        .fullDocument(FullDocument.UPDATE_LOOKUP)
        .maxAwaitTime(MAX_AWAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
        .cursor()) {
      cursor = c;
      long start = System.nanoTime();
      fullLoad();
      LOG.fine(() -> "app " + appid + ": " + registry.current().size() + " functions loaded in "
          + (System.nanoTime() - start) / 1_000_000 + " ms");
      loaded.complete(null);
      long nextResync = System.nanoTime() + resync.toNanos();
      while (running) {
        long asked = System.nanoTime();
        ChangeStreamDocument<Document> event = c.tryNext();
        if (event != null) {
          long received = System.nanoTime();
          onEvent(event);
          LOG.fine(() -> "app " + appid + ": change applied in " + (System.nanoTime() - received) / 1000 + " us");
        } else if (System.nanoTime() - asked < MAX_AWAIT.toNanos() / 2) {
          sleep(idlePoll.toMillis());
        }
        if (System.nanoTime() - nextResync > 0) {
          fullLoad();
          nextResync = System.nanoTime() + resync.toNanos();
        }
      }
    }
  }

  private void fullLoad() {
    List<FunctionDocument> docs = new ArrayList<>();
    for (Document d : collection.find()) {
      FunctionDocument f = FunctionDocument.fromBson(d);
      if (f != null) {
        docs.add(f);
      }
    }
    registry.replaceAll(docs);
  }

  private void onEvent(ChangeStreamDocument<Document> event) {
    OperationType op = event.getOperationType();
    switch (op) {
      case INSERT, UPDATE, REPLACE -> {
        Document full = event.getFullDocument();
        if (full == null) {
          fullLoad(); // the document is already gone again; a full load settles it
          return;
        }
        FunctionDocument f = FunctionDocument.fromBson(full);
        if (f != null) {
          registry.upsert(f);
        }
      }
      case DELETE -> {
        BsonValue id = event.getDocumentKey() == null ? null : event.getDocumentKey().get("_id");
        if (id != null) {
          registry.deleteById(idString(id));
        }
      }
      case DROP, DROP_DATABASE, RENAME, INVALIDATE -> fullLoad();
      default -> {
        // other events do not change functions
      }
    }
  }

  /** The same string form {@link FunctionDocument#fromBson} gives an {@code _id}. */
  private static String idString(BsonValue id) {
    if (id.isObjectId()) {
      return id.asObjectId().getValue().toString();
    }
    if (id.isString()) {
      return id.asString().getValue();
    }
    return new Document("v", id).get("v").toString();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    MongoChangeStreamCursor<ChangeStreamDocument<Document>> c = cursor;
    if (c != null) {
      try {
        c.close();
      } catch (RuntimeException ignored) {
        // closing anyway
      }
    }
  }
}
