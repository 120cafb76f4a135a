package dev.inkwell.runtime.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads text resources shipped in the jars (the JS glue, the TypeScript compiler). */
public final class Resources {

  private Resources() {
  }

  /** The UTF-8 text of {@code name}, resolved against {@code anchor}'s package unless it starts with '/'. */
  public static String read(Class<?> anchor, String name) {
    try (InputStream in = anchor.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name + " (is the jar complete?)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    }
  }
}
