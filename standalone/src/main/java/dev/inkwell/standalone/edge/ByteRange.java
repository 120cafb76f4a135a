package dev.inkwell.standalone.edge;

/**
 * One byte range of a {@code Range: bytes=...} header: {@code first-last}, {@code first-} or the suffix {@code -n}
 * (last n bytes). Several ranges, other units and malformed values are not ranges at all (the whole object is served,
 * which RFC 9110 allows).
 *
 * @param first the first byte, or -1 for a suffix range
 * @param last the last byte (inclusive), -1 for "to the end"; for a suffix range, the suffix length
 */
public record ByteRange(long first, long last) {

  /** The range asked for, or null when the header asks for none this edge serves. */
  public static ByteRange parse(String header) {
    if (header == null || !header.regionMatches(true, 0, "bytes=", 0, 6)) {
      return null;
    }
    String spec = header.substring(6).trim();
    int dash = spec.indexOf('-');
    if (dash < 0 || spec.indexOf(',') >= 0) {
      return null;
    }
    try {
      String a = spec.substring(0, dash).trim();
      String b = spec.substring(dash + 1).trim();
      if (a.isEmpty()) {
        long n = Long.parseLong(b);
        return n <= 0 ? null : new ByteRange(-1, n);
      }
      long first = Long.parseLong(a);
      long last = b.isEmpty() ? -1 : Long.parseLong(b);
      if (first < 0 || (last >= 0 && last < first)) {
        return null;
      }
      return new ByteRange(first, last);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** {first, length} within an object of {@code size} bytes, or null when no byte of it exists (416). */
  public long[] resolve(long size) {
    if (first < 0) {
      long n = Math.min(last, size);
      return n == 0 ? null : new long[] {size - n, n};
    }
    if (first >= size) {
      return null;
    }
    long end = last < 0 || last >= size ? size - 1 : last;
    return new long[] {first, end - first + 1};
  }
}
