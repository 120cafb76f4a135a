package dev.inkwell.runtime.engine;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.bson.Document;

/**
 * Keeps an app's console lines in its own database ({@code __function_logs__}, as Laf keeps function logs), for
 * {@code inkwell fn logs}. Lines are queued without blocking the JS thread and written in batches by one virtual
 * thread; when the queue is full (a function logging in a tight loop) lines are dropped and counted, never waited for.
 * The collection is trimmed to the newest {@value #KEEP} lines.
 */
public final class FunctionLogs implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(FunctionLogs.class.getName());
  static final int KEEP = 2000;
  private static final int QUEUE = 10_000;
  private static final int MAX_MESSAGE = 8 * 1024;

  private final MongoCollection<Document> collection;
  private final BlockingQueue<Document> queue = new ArrayBlockingQueue<>(QUEUE);
  private final Thread writer;
  private volatile boolean closed;
  private long dropped;
  private long written;

  public FunctionLogs(String appid, MongoCollection<Document> collection) {
    this.collection = collection;
    this.writer = Thread.ofVirtual().name("function-logs-" + appid).start(this::run);
  }

  /** Queues one line; never blocks. */
  public void add(String level, String function, String requestId, String message) {
    String m = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "..." : message;
    if (!queue.offer(new Document("time", new Date()).append("level", level).append("function", function)
        .append("requestId", requestId).append("message", m))) {
      synchronized (this) {
        dropped++;
      }
    }
  }

  private void run() {
    List<Document> batch = new ArrayList<>();
    while (!closed || !queue.isEmpty()) {
      try {
        Document first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, 500);
        collection.insertMany(batch);
        written += batch.size();
        if (written >= KEEP / 2) {
          trim();
          written = 0;
        }
      } catch (InterruptedException e) {
        return;
      } catch (MongoException | IllegalStateException e) {
        LOG.fine(() -> "function logs not written: " + e.getMessage());
      } finally {
        batch.clear();
      }
    }
  }

  private void trim() {
    Document cut = collection.find().sort(Sorts.descending("_id")).skip(KEEP).first();
    if (cut != null) {
      collection.deleteMany(Filters.lte("_id", cut.get("_id")));
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      writer.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
