package dev.inkwell.runner.protocol;

import java.nio.ByteBuffer;

/**
 * Structural verification of the flatbuffers APISIX sends, before any field is read.
 *
 * <p>Written by hand because flatbuffers-java has no verifier (only the C++, Rust and a few other ports do). Without
 * one, a corrupt buffer makes the generated accessors read at wild offsets: mostly an exception, but a vector whose
 * length field says two billion would make a loop over it spin. The check walks each table of the message's schema:
 * the vtable and every present field inside the buffer, strings and vectors wholly inside it, tables nested no deeper
 * than the schema allows. Fields beyond the schema (a newer APISIX) are skipped, as flatbuffers intends.
 */
public final class FlatCheck {

  /** A field's kind: a scalar of n bytes (n = 1, 2, 4, 8), a string, a byte vector, or a vector of tables. */
  public record Field(int scalarSize, boolean string, boolean bytes, Table tables) {
    static Field scalar(int n) {
      return new Field(n, false, false, null);
    }
  }

  /** A table's fields by vtable slot. */
  public record Table(Field... fields) {
  }

  private static final Field STRING = new Field(0, true, false, null);
  private static final Field BYTES = new Field(0, false, true, null);
  private static final Table TEXT_ENTRY = new Table(STRING, STRING);
  private static final Table DATA_ENTRY = new Table(STRING, BYTES);

  public static final Table PREPARE_CONF = new Table(new Field(0, false, false, TEXT_ENTRY), STRING);
  public static final Table HTTP_REQ_CALL = new Table(
      Field.scalar(4), BYTES, Field.scalar(1), STRING,
      new Field(0, false, false, TEXT_ENTRY), new Field(0, false, false, TEXT_ENTRY),
      Field.scalar(4), new Field(0, false, false, DATA_ENTRY));
  public static final Table HTTP_RESP_CALL = new Table(
      Field.scalar(4), Field.scalar(2), new Field(0, false, false, TEXT_ENTRY), Field.scalar(4));
  public static final Table EXTRA_INFO_RESP = new Table(BYTES);

  private FlatCheck() {
  }

  /** True if {@code bb} (position 0, limit = message length, little-endian) is a well-formed message of this schema. */
  public static boolean verify(ByteBuffer bb, Table root) {
    int limit = bb.limit();
    if (limit < 8) {
      return false;
    }
    long rootPos = Integer.toUnsignedLong(bb.getInt(0));
    return rootPos <= limit - 4 && table(bb, (int) rootPos, root, limit, 0);
  }

  private static boolean table(ByteBuffer bb, int t, Table schema, int limit, int depth) {
    if (depth > 8 || t < 0 || t > limit - 4) {
      return false;
    }
    long vt = (long) t - bb.getInt(t);
    if (vt < 0 || vt > limit - 4) {
      return false;
    }
    int v = (int) vt;
    int vtSize = Short.toUnsignedInt(bb.getShort(v));
    int tableSize = Short.toUnsignedInt(bb.getShort(v + 2));
    if (vtSize < 4 || (vtSize & 1) != 0 || v + vtSize > limit || tableSize < 4 || t + tableSize > limit) {
      return false;
    }
    int slots = Math.min((vtSize - 4) / 2, schema.fields().length);
    for (int i = 0; i < slots; i++) {
      int off = Short.toUnsignedInt(bb.getShort(v + 4 + 2 * i));
      if (off == 0) {
        continue;
      }
      Field f = schema.fields()[i];
      int size = f.scalarSize() > 0 ? f.scalarSize() : 4;
      if (off + size > tableSize) {
        return false;
      }
      if (f.scalarSize() > 0) {
        continue;
      }
      long target = (long) t + off + Integer.toUnsignedLong(bb.getInt(t + off));
      if (target > limit - 4) {
        return false;
      }
      int p = (int) target;
      long count = Integer.toUnsignedLong(bb.getInt(p));
      if (f.string()) {
        if (p + 4 + count + 1 > limit) { // strings are NUL-terminated
          return false;
        }
      } else if (f.bytes()) {
        if (p + 4 + count > limit) {
          return false;
        }
      } else {
        if (p + 4 + count * 4 > limit) {
          return false;
        }
        for (int k = 0; k < count; k++) {
          int at = p + 4 + 4 * k;
          long elem = at + Integer.toUnsignedLong(bb.getInt(at));
          if (elem > limit - 4 || !table(bb, (int) elem, f.tables(), limit, depth + 1)) {
            return false;
          }
        }
      }
    }
    return true;
  }
}
