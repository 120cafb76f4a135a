package dev.inkwell.runtime.engine;

import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.io.IOAccess;

/**
 * The process-wide GraalJS engine: every Context shares it, so a function's source is parsed (and, when the optimizing
 * compiler is present, compiled) once for all of them.
 *
 * <p>Contexts are sandboxed: no host classes, no I/O, no threads, no processes, no native access, no environment; Java
 * objects are reachable only through methods marked {@link HostAccess.Export} on the few bridge objects the runtime
 * hands to its own glue code.
 */
public final class JsEngine implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(JsEngine.class.getName());

  /** Bridge objects expose only annotated methods; byte buffers and arrays pass through for bodies and headers. */
  static final HostAccess HOST_ACCESS = HostAccess.newBuilder()
      .allowAccessAnnotatedBy(HostAccess.Export.class)
      .allowArrayAccess(true)
      .allowBufferAccess(true)
      .build();

  private final Engine engine;
  private final boolean optimized;
  private final Source glue;
  private final Source node;
  private final Source sdk;
  private final ReentrantLock checkerLock = new ReentrantLock();
  private Context checker;

  private JsEngine(Engine engine) {
    this.engine = engine;
    // Without the Graal compiler (no JVMCI, or a JDK whose JVMCI does not match), Truffle runs the interpreter.
    this.optimized = !"Interpreted".equalsIgnoreCase(engine.getImplementationName());
    this.glue = resource("glue.js", "inkwell-glue.js");
    this.node = resource("node.js", "inkwell-node.js");
    this.sdk = resource("sdk.js", "inkwell-sdk.js");
  }

  private static Source resource(String file, String name) {
    return Source.newBuilder("js", Resources.read(JsEngine.class, file), name).cached(true).buildLiteral();
  }

  public static JsEngine create() {
    JsEngine e = new JsEngine(Engine.newBuilder("js").option("engine.WarnInterpreterOnly", "false").build());
    if (!e.optimized) {
      LOG.warning("""
          
          ************************************************************************************************
          * GraalJS is running in the INTERPRETER (no Graal JIT compiler): functions run ~20x slower.     *
          * Run on Temurin 25.0.3 with the JVMCI flags (./inkwell does this) to get the optimizing runtime. *
          ************************************************************************************************""");
    } else {
      LOG.info(() -> "GraalJS engine: " + e.engine.getImplementationName() + " (optimizing compiler active)");
    }
    return e;
  }

  /** Whether the Graal optimizing compiler is active (exported as a metric). */
  public boolean optimized() {
    return optimized;
  }

  Source glue() {
    return glue;
  }

  /** The Node-compatible globals and built-in modules, evaluated in a Context when a function first uses one. */
  Source node() {
    return node;
  }

  /** The SDK: cloud.mongo, fetch, cloud.storage; evaluated in a Context when a function first uses one. */
  Source sdk() {
    return sdk;
  }

  /** A new sandboxed Context on the shared engine. */
  Context newContext() {
    return Context.newBuilder("js")
        .engine(engine)
        .allowHostAccess(HOST_ACCESS)
        .allowHostClassLookup(name -> false)
        .allowHostClassLoading(false)
        .allowIO(IOAccess.NONE)
        .allowCreateThread(false)
        .allowCreateProcess(false)
        .allowNativeAccess(false)
        .allowEnvironmentAccess(EnvironmentAccess.NONE)
        .allowPolyglotAccess(PolyglotAccess.NONE)
        .option("js.load", "false")
        .option("js.print", "false")
        .option("js.graal-builtin", "false")
        .build();
  }

  /**
   * Parses {@code source} without running it, so syntax errors surface at publish time. The parse is cached by the
   * engine and reused by every Context that evaluates the same Source.
   *
   * @throws PolyglotException with {@code isSyntaxError()} for a syntax error
   */
  public void check(Source source) {
    checkerLock.lock();
    try {
      if (checker == null) {
        checker = newContext();
      }
      checker.parse(source);
    } finally {
      checkerLock.unlock();
    }
  }

  @Override
  public void close() {
    checkerLock.lock();
    try {
      if (checker != null) {
        checker.close(true);
      }
    } finally {
      checkerLock.unlock();
    }
    try {
      engine.close(true);
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "engine close", e);
    }
  }
}
