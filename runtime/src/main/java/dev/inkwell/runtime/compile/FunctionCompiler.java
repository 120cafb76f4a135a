package dev.inkwell.runtime.compile;

import dev.inkwell.runtime.engine.Resources;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;

/**
 * Turns a function's TypeScript or modern JavaScript into the CommonJS module the runtime evaluates, with the
 * TypeScript compiler's own {@code transpileModule} (the WebJar {@code org.webjars.npm:typescript}) running in GraalJS.
 * Only syntax errors are reported; type errors never block, as in Laf.
 *
 * <p>The TypeScript compiler is large (8.9 MB of JavaScript, seconds to load), so it is loaded on first use, in an
 * engine of its own so it does not weigh on the functions' engine. Publishing compiles once (the control plane uses this
 * class at save time); the runtime only compiles documents that arrive without {@code source.compiled}.
 *
 * <p>Concurrency: one compile at a time (a GraalJS Context is single-threaded); callers serialize on a lock.
 */
public final class FunctionCompiler implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(FunctionCompiler.class.getName());
  private static final String TYPESCRIPT = "/META-INF/resources/webjars/typescript/" + typescriptVersion() + "/lib/typescript.js";

  private static final String DRIVER = """
      (function (code, fileName) {
        const out = ts.transpileModule(code, {
          fileName,
          reportDiagnostics: true,
          compilerOptions: {
            module: ts.ModuleKind.CommonJS,
            target: ts.ScriptTarget.ES2022,
            esModuleInterop: true,
            removeComments: false,
            sourceMap: false,
          },
        });
        const errors = (out.diagnostics || []).filter(d => d.category === ts.DiagnosticCategory.Error);
        if (errors.length > 0) {
          const d = errors[0];
          const pos = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : { line: 0, character: 0 };
          return [false, ts.flattenDiagnosticMessageText(d.messageText, '\\n'), pos.line + 1, pos.character + 1];
        }
        return [true, out.outputText, 0, 0];
      })
      """;

  private static final class Shared {
    static final FunctionCompiler INSTANCE = new FunctionCompiler();
  }

  private final ReentrantLock lock = new ReentrantLock();
  private Engine engine;
  private Context context;
  private Value transpile;

  /**
   * The process-wide compiler, loaded on first use and kept: the TypeScript compiler costs seconds to load, so every
   * part of a process (every app of a runtime, the publish tool) shares one.
   */
  public static FunctionCompiler shared() {
    return Shared.INSTANCE;
  }

  /** Compiles {@code code} (named {@code name} in messages) to a CommonJS module body. */
  public String compile(String name, String code) throws CompileError {
    lock.lock();
    try {
      Value result = transpiler().execute(code, name.endsWith(".ts") ? name : name + ".ts");
      if (result.getArrayElement(0).asBoolean()) {
        return result.getArrayElement(1).asString();
      }
      throw new CompileError(result.getArrayElement(1).asString(), result.getArrayElement(2).asInt(),
          result.getArrayElement(3).asInt());
    } finally {
      lock.unlock();
    }
  }

  private Value transpiler() {
    if (transpile == null) {
      long start = System.nanoTime();
      engine = Engine.newBuilder("js").option("engine.WarnInterpreterOnly", "false").build();
      context = Context.newBuilder("js").engine(engine).allowHostAccess(HostAccess.NONE).allowIO(IOAccess.NONE).build();
      String typescript = Resources.read(FunctionCompiler.class, TYPESCRIPT);
      context.eval(Source.newBuilder("js", typescript, "typescript.js").buildLiteral());
      transpile = context.eval("js", DRIVER);
      LOG.info(() -> "TypeScript compiler loaded in " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }
    return transpile;
  }

  private static String typescriptVersion() {
    try (InputStream in = FunctionCompiler.class.getResourceAsStream(
        "/META-INF/maven/org.webjars.npm/typescript/pom.properties")) {
      if (in != null) {
        java.util.Properties p = new java.util.Properties();
        p.load(in);
        return p.getProperty("version");
      }
    } catch (IOException ignored) {
      // fall through to the version this build was made with
    }
    return "5.6.3";
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (context != null) {
        context.close(true);
        engine.close(true);
        context = null;
        engine = null;
        transpile = null;
      }
    } finally {
      lock.unlock();
    }
  }
}
