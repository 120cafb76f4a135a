package dev.inkwell.runtime.functions;

import dev.inkwell.runtime.compile.CompileError;
import dev.inkwell.runtime.compile.FunctionCompiler;
import dev.inkwell.runtime.engine.JsEngine;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.SourceSection;

/**
 * Turns a published document into a {@link LoadedFunction}: compiles it when the document carries no compiled form,
 * wraps the CommonJS body in a module factory, and parses it once on the shared engine.
 */
public final class FunctionLoader {

  /** The factory's parameters; kept on the first line so line numbers of the module body are unchanged. */
  static final String PREFIX = "(function (exports, require, module, __filename, __dirname) {";
  private static final Pattern IMPORT = Pattern.compile("require\\(\\s*[\"']@/([^\"']+)[\"']\\s*\\)");

  private final JsEngine engine;
  private final FunctionCompiler compiler;

  public FunctionLoader(JsEngine engine, FunctionCompiler compiler) {
    this.engine = engine;
    this.compiler = compiler;
  }

  /**
   * Never throws for bad source: the result then carries the error, with line and column. With {@code check} false a
   * compiled form is not parsed ahead of time (the start-up load: no previous version could keep serving anyway, and
   * start-up avoids creating a parsing Context); a syntax error in it then fails the first call (500, the parser's
   * message in the log) instead of showing in {@code /_/functions}.
   */
  public LoadedFunction load(FunctionDocument doc, boolean check) {
    String body;
    if (doc.compiled() != null) {
      body = doc.compiled();
    } else {
      try {
        body = compiler.compile(doc.name(), doc.code());
      } catch (CompileError e) {
        return LoadedFunction.failed(doc, "SyntaxError: " + e.getMessage());
      }
    }
    Source source = Source.newBuilder("js", PREFIX + body + "\n})", doc.name() + ".js").cached(true).buildLiteral();
    try {
      if (check || doc.compiled() == null) {
        engine.check(source);
      }
    } catch (PolyglotException e) {
      if (!e.isSyntaxError()) {
        throw e;
      }
      return LoadedFunction.failed(doc, syntaxMessage(e));
    }
    return LoadedFunction.ok(doc, source, importsOf(body));
  }

  static Set<String> importsOf(String body) {
    Set<String> names = new LinkedHashSet<>();
    Matcher m = IMPORT.matcher(body);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  private static String syntaxMessage(PolyglotException e) {
    SourceSection at = e.getSourceLocation();
    String message = e.getMessage();
    // GraalJS prefixes "<name>:<line>:<col> "; keep only the reason and report the position ourselves.
    int cut = message == null ? -1 : message.indexOf(' ');
    String reason = cut > 0 && message.substring(0, cut).contains(":") ? message.substring(cut + 1) : message;
    if (reason != null) {
      int nl = reason.indexOf('\n');
      reason = nl > 0 ? reason.substring(0, nl) : reason;
    }
    if (at == null) {
      return "SyntaxError: " + reason;
    }
    int line = at.getStartLine();
    int column = at.getStartColumn() - (line == 1 ? PREFIX.length() : 0);
    return "SyntaxError: " + reason + " (line " + line + ", column " + Math.max(column, 1) + ")";
  }
}
