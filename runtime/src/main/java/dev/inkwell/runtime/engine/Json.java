package dev.inkwell.runtime.engine;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/** JSON string quoting (Jackson's encoder) for the few small documents the runtime writes itself. */
public final class Json {

  private Json() {
  }

  public static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2);
    quote(sb, s);
    return sb.toString();
  }

  public static void quote(StringBuilder sb, String s) {
    sb.append('"');
    JsonStringEncoder.getInstance().quoteAsString(s, sb);
    sb.append('"');
  }
}
