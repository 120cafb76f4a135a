package dev.inkwell.runtime.functions;

import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.graalvm.polyglot.Source;

/**
 * One function ready to run: its parsed source (shared by every Context of the engine) and what it imports.
 * Immutable; a new {@link #id} means "evaluate again" to the Contexts, which cache module instances by id.
 *
 * @param id unique in this process; changes when this function or anything it imports changes
 * @param document the published document it came from
 * @param source the CommonJS module wrapped as a factory function, or null when {@link #error} is set
 * @param imports names of the app functions it requires ({@code '@/name'})
 * @param error why it cannot run (syntax error with line and column, import cycle), or null
 */
public record LoadedFunction(long id, FunctionDocument document, Source source, Set<String> imports, String error) {

  private static final AtomicLong IDS = new AtomicLong();

  public LoadedFunction {
    imports = Set.copyOf(imports);
  }

  static LoadedFunction ok(FunctionDocument document, Source source, Set<String> imports) {
    return new LoadedFunction(IDS.incrementAndGet(), document, source, imports, null);
  }

  static LoadedFunction failed(FunctionDocument document, String error) {
    return new LoadedFunction(IDS.incrementAndGet(), document, null, Set.of(), error);
  }

  /** The same code under a new id: used for functions whose imports changed, so Contexts re-evaluate them. */
  LoadedFunction renewed() {
    return new LoadedFunction(IDS.incrementAndGet(), document, source, imports, error);
  }

  LoadedFunction withError(String message) {
    return new LoadedFunction(IDS.incrementAndGet(), document, null, Set.of(), message);
  }

  public String name() {
    return document.name();
  }

  public boolean allows(String method) {
    return document.methods().isEmpty() || document.methods().contains(method);
  }
}
