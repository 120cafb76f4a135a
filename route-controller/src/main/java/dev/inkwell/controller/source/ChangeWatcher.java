package dev.inkwell.controller.source;

import com.mongodb.MongoException;
import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.client.model.changestream.FullDocument;
import com.mongodb.client.model.changestream.OperationType;
import dev.inkwell.controller.desired.RecordKey;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.bson.BsonValue;
import org.bson.Document;

/**
 * Follows one collection's change stream and hands over record keys only (never documents: the worker reads the latest
 * record itself). On a drop, rename or invalidation, and after every reconnect (events may have been missed), it asks
 * for a full resync instead.
 *
 * <p>A real MongoDB holds an empty getMore open for maxAwaitTime; the in-process stand-in answers at once. When an
 * empty answer comes back early, the watcher pauses {@code idlePoll} so that an idle controller does not spin.
 */
public final class ChangeWatcher implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(ChangeWatcher.class.getName());
  private static final Duration MAX_AWAIT = Duration.ofSeconds(1);

  static final long IDLE_POLL_CAP_MS = 50;
  private final RecordSource source;
  private final RecordKey.Kind kind;
  private final Consumer<RecordKey> onChange;
  private final Runnable onGap;
  private final Duration idlePoll;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile MongoChangeStreamCursor<ChangeStreamDocument<Document>> cursor;

  public ChangeWatcher(RecordSource source, RecordKey.Kind kind, Duration idlePoll, Consumer<RecordKey> onChange,
      Runnable onGap) {
    this.source = source;
    this.kind = kind;
    this.onChange = onChange;
    this.onGap = onGap;
    this.idlePoll = idlePoll;
    this.thread = Thread.ofPlatform().daemon().name("watch-" + kind.name().toLowerCase(java.util.Locale.ROOT))
        .unstarted(this::run);
  }

  public void start() {
    thread.start();
  }

  private void run() {
    long backoffMs = 500;
    while (running) {
      try (MongoChangeStreamCursor<ChangeStreamDocument<Document>> c = source.collection(kind).watch()
          .fullDocument(FullDocument.UPDATE_LOOKUP)
          .maxAwaitTime(MAX_AWAIT.toMillis(), TimeUnit.MILLISECONDS).cursor()) {
        cursor = c;
        // Whatever changed before this stream was open (at start, or while it was down) is picked up by a full
        // resync requested now that it is: a write just before the first open would otherwise wait for the periodic
        // resync (seen with a replica that needs no election and resyncs at once).
        onGap.run();
        backoffMs = 500;
        int empty = 0;
        while (running) {
          long asked = System.nanoTime();
          ChangeStreamDocument<Document> event = c.tryNext();
          if (event != null) {
            handle(event);
            empty = 0;
          } else if (System.nanoTime() - asked < MAX_AWAIT.toNanos() / 2) {
            // A server that answers an empty getMore at once (the stand-in; a real MongoDB waits up to maxAwaitTime):
            // poll every idlePoll while changes are flowing, and back off to IDLE_POLL_CAP after a quiet spell, so an
            // idle replica does not spend a tenth of a core asking (measured: 10% of one core at a steady 5 ms).
            pause(Math.min(IDLE_POLL_CAP_MS, idlePoll.toMillis() << Math.min(10, empty++ / 50)));
          }
        }
      } catch (MongoException | IllegalStateException e) {
        if (!running) {
          return;
        }
        LOG.log(Level.WARNING, kind + " change stream failed, reopening in " + backoffMs + " ms: " + e);
        pause(backoffMs);
        backoffMs = Math.min(backoffMs * 2, 30_000);
      }
    }
  }

  private void handle(ChangeStreamDocument<Document> event) {
    OperationType op = event.getOperationType();
    switch (op) {
      case INSERT, UPDATE, REPLACE, DELETE -> {
        String id = id(event);
        if (id != null) {
          onChange.accept(new RecordKey(kind, id));
        } else {
          onGap.run(); // an event we cannot attribute to a record: let a full resync settle it
        }
      }
      case DROP, DROP_DATABASE, RENAME, INVALIDATE -> onGap.run();
      default -> {
        // other events do not change records
      }
    }
  }

  /**
   * The record's {@code _id}: from the document key, or else from the looked-up document. (The in-process stand-in,
   * mongo-java-server 1.47, puts the update specification where an update event's document key belongs, so the
   * stream asks for the full document as well.)
   */
  static String id(ChangeStreamDocument<Document> event) {
    BsonValue key = event.getDocumentKey() == null ? null : event.getDocumentKey().get("_id");
    if (key != null && key.isString()) {
      return key.asString().getValue();
    }
    Document full = event.getFullDocument();
    return full != null && full.get("_id") instanceof String s ? s : null;
  }

  private static void pause(long ms) {
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
    var c = cursor;
    if (c != null) {
      try {
        c.close();
      } catch (RuntimeException ignored) {
        // closing anyway
      }
    }
  }
}
