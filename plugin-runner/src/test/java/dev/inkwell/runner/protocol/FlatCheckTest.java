package dev.inkwell.runner.protocol;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.inkwell.runner.harness.ApisixSide;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FlatCheckTest {

  private static ByteBuffer call() {
    ApisixSide.Request r = ApisixSide.Request.get(7, "/hello").header("host", "a1.example.com")
        .header("authorization", "Bearer x").arg("q", "1");
    return copy(ApisixSide.encode(r));
  }

  private static ByteBuffer copy(ByteBuffer b) {
    ByteBuffer c = ByteBuffer.allocate(b.remaining()).order(ByteOrder.LITTLE_ENDIAN);
    c.put(b.duplicate()).flip();
    return c;
  }

  @Test
  void acceptsWhatApisixSends() {
    assertTrue(FlatCheck.verify(call(), FlatCheck.HTTP_REQ_CALL));
  }

  @Test
  void refusesTruncatedBuffers() {
    ByteBuffer full = call();
    // the builder may leave up to 3 bytes of alignment padding at the end, which nothing references
    for (int len = 0; len < full.limit() - 3; len++) {
      ByteBuffer cut = full.duplicate().order(ByteOrder.LITTLE_ENDIAN).limit(len).slice().order(ByteOrder.LITTLE_ENDIAN);
      assertFalse(FlatCheck.verify(cut, FlatCheck.HTTP_REQ_CALL), "truncated to " + len);
    }
  }

  @Test
  void refusesAVectorWhoseLengthRunsPastTheEnd() {
    ByteBuffer b = call();
    // find the headers vector length (2) and make it huge: the check must fail, not loop
    boolean changed = false;
    for (int i = 0; i + 4 <= b.limit() && !changed; i += 4) {
      if (b.getInt(i) == 2) {
        b.putInt(i, 0x7fff_ffff);
        changed = !FlatCheck.verify(b, FlatCheck.HTTP_REQ_CALL);
        if (!changed) {
          b.putInt(i, 2);
        }
      }
    }
    assertTrue(changed);
  }

  @Test
  void randomBytesNeverThrow() {
    Random random = new Random(42);
    for (int i = 0; i < 20_000; i++) {
      byte[] bytes = new byte[random.nextInt(200)];
      random.nextBytes(bytes);
      ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
      FlatCheck.verify(b, FlatCheck.HTTP_REQ_CALL); // must return, whatever it says
      FlatCheck.verify(b, FlatCheck.PREPARE_CONF);
    }
  }
}
