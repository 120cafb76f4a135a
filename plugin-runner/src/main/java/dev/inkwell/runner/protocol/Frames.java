package dev.inkwell.runner.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;

/**
 * The ext-plugin framing: 1 byte type, 3 bytes big-endian length, then a flatbuffer of that length.
 */
public final class Frames {

  public static final byte ERROR = 0;
  public static final byte PREPARE_CONF = 1;
  public static final byte HTTP_REQ_CALL = 2;
  public static final byte EXTRA_INFO = 3;
  public static final byte HTTP_RESP_CALL = 4;

  public static final int HEADER = 4;
  /** The largest length the 3-byte field can carry (16 MiB - 1). */
  public static final int MAX_LENGTH = (1 << 24) - 1;

  private Frames() {
  }

  public static ByteBuf encode(ByteBufAllocator alloc, byte type, ByteBuffer body) {
    int len = body.remaining();
    if (len > MAX_LENGTH) {
      throw new IllegalArgumentException("frame body of " + len + " bytes (expected: at most " + MAX_LENGTH + ")");
    }
    ByteBuf out = alloc.ioBuffer(HEADER + len);
    out.writeByte(type).writeMedium(len).writeBytes(body);
    return out;
  }

  public static String typeName(int type) {
    return switch (type) {
      case ERROR -> "error";
      case PREPARE_CONF -> "PrepareConf";
      case HTTP_REQ_CALL -> "HTTPReqCall";
      case EXTRA_INFO -> "ExtraInfo";
      case HTTP_RESP_CALL -> "HTTPRespCall";
      default -> "unknown type " + type;
    };
  }
}
