package dev.inkwell.controller.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.inkwell.controller.desired.RecordKey;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyQueueTest {

  @Test
  void coalescesABurstOfChangesToOneKey() throws InterruptedException {
    KeyQueue q = new KeyQueue();
    for (int i = 0; i < 100; i++) {
      q.add(RecordKey.app("a"));
    }
    q.add(RecordKey.bucket("a-b"));
    assertEquals(new KeyQueue.Batch(List.of(RecordKey.app("a"), RecordKey.bucket("a-b")), false), q.take(10, 0));
    assertNull(q.take(10, 0));
  }

  @Test
  void aFullResyncSupersedesQueuedKeys() throws InterruptedException {
    KeyQueue q = new KeyQueue();
    q.add(RecordKey.app("a"));
    q.requestFullResync();
    KeyQueue.Batch b = q.take(10, 0);
    assertTrue(b.full());
    assertEquals(0, q.size());
  }
}
