package dev.inkwell.runtime.engine;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;

/**
 * One call of a function: the request as the JS glue reads it, and the sink it answers through. Subclasses bind it to
 * a transport (HTTP); this class guarantees that whatever happens (the function answers, throws, times out, or its
 * Context is replaced) exactly one answer goes out.
 *
 * <p>Concurrency: the exported methods run on the Context's worker thread; {@link #timeout} and {@link #unavailable}
 * may run on any thread. The state moves OPEN -> (STREAMING ->) CLOSED by compare-and-set, and only the thread that
 * wins a transition writes.
 */
public abstract class Invocation {

  /** How a call ended, for metrics and logs. */
  public enum Outcome { OK, ERROR, REJECTED, TIMEOUT, UNAVAILABLE }

  /** Body kinds as the glue understands them. */
  public static final int BODY_NONE = 0, BODY_JSON = 1, BODY_TEXT = 2, BODY_FORM = 3, BODY_BYTES = 4;
  /** Payload kinds the glue sends back. */
  public static final int PAYLOAD_NONE = 0, PAYLOAD_TEXT = 1, PAYLOAD_JSON = 2, PAYLOAD_BYTES = 3;

  private static final int OPEN = 0, STREAMING = 1, CLOSED = 2;

  private final AtomicInteger state = new AtomicInteger(OPEN);
  private final String requestId;
  private volatile java.util.List<String[]> captured;
  private final String functionName;
  private volatile ContextWorker worker;
  private volatile Runnable onClose;
  private volatile Runnable extraOnClose;
  private final java.util.concurrent.ConcurrentLinkedQueue<AutoCloseable> resources =
      new java.util.concurrent.ConcurrentLinkedQueue<>();

  protected Invocation(String requestId, String functionName) {
    this.requestId = requestId;
    this.functionName = functionName;
  }

  // ---------------------------------------------------------------- transport side (implemented by subclasses)

  protected abstract void writeFull(int status, String[] headers, int payloadKind, String text, byte[] bytes);

  protected abstract void writeHead(int status, String[] headers);

  protected abstract void writeChunk(byte[] chunk);

  protected abstract void writeEnd();

  /** Writes a short JSON error: {@code {"error": message, "requestId": ...}}. */
  protected abstract void writeError(int status, String message);

  /** Called once, after the answer went out (or was cut short). */
  protected abstract void completed(Outcome outcome, String detail);

  // ---------------------------------------------------------------- request, as read by the glue

  /** Keeps this call's console lines, for a debug call's {@code X-Inkwell-Logs} answer header. */
  public final void captureLogs() {
    captured = new java.util.ArrayList<>();
  }

  final void capture(String level, String message) {
    java.util.List<String[]> c = captured;
    if (c != null && c.size() < 1000) {
      synchronized (c) {
        c.add(new String[] {level, message, java.time.Instant.now().toString()});
      }
    }
  }

  /** The captured lines as base64url JSON ({@code [{level, message, time}]}), or null when not capturing. */
  protected final String capturedLogs() {
    java.util.List<String[]> c = captured;
    if (c == null) {
      return null;
    }
    StringBuilder sb = new StringBuilder("[");
    synchronized (c) {
      for (String[] line : c) {
        if (sb.length() > 1) {
          sb.append(',');
        }
        sb.append("{\"level\":").append(Json.quote(line[0])).append(",\"message\":").append(Json.quote(line[1]))
            .append(",\"time\":").append(Json.quote(line[2])).append('}');
        if (sb.length() > 48 * 1024) {
          break;
        }
      }
    }
    return java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString(sb.append(']').toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @HostAccess.Export
  public final String requestId() {
    return requestId;
  }

  @HostAccess.Export
  public final String functionName() {
    return functionName;
  }

  @HostAccess.Export
  public final String method() {
    return readMethod();
  }

  @HostAccess.Export
  public final String url() {
    return readUrl();
  }

  @HostAccess.Export
  public final String path() {
    return readPath();
  }

  /** Header names (lower case) and values, alternating. */
  @HostAccess.Export
  public final String[] headers() {
    return readHeaders();
  }

  /** Query parameter names and values, alternating. */
  @HostAccess.Export
  public final String[] query() {
    return readQuery();
  }

  /** One of the BODY_* kinds. */
  @HostAccess.Export
  public final int bodyKind() {
    return readBodyKind();
  }

  @HostAccess.Export
  public final String bodyText() {
    return readBodyText();
  }

  /** Form field names and values, alternating. */
  @HostAccess.Export
  public final String[] bodyForm() {
    return readBodyForm();
  }

  @HostAccess.Export
  public final java.nio.ByteBuffer bodyBuffer() {
    return readBodyBuffer();
  }

  /** Claims of a valid bearer token as JSON, or null. */
  @HostAccess.Export
  public final String userJson() {
    return readUserJson();
  }

  // Request parts, implemented by the transport. (Exported methods must be final here: GraalJS host access only
  // honours the annotation on the method it finds, so overriding methods would not be callable from JS.)

  protected abstract String readMethod();

  protected abstract String readUrl();

  protected abstract String readPath();

  protected abstract String[] readHeaders();

  protected abstract String[] readQuery();

  protected abstract int readBodyKind();

  protected abstract String readBodyText();

  protected abstract String[] readBodyForm();

  protected abstract java.nio.ByteBuffer readBodyBuffer();

  protected abstract String readUserJson();

  // ---------------------------------------------------------------- answers, as sent by the glue

  @HostAccess.Export
  public final void respond(int status, Value headers, int kind, Value data) {
    String[] h = strings(headers);
    String text = kind == PAYLOAD_TEXT || kind == PAYLOAD_JSON ? data.asString() : null;
    byte[] bytes = kind == PAYLOAD_BYTES ? bytes(data) : null;
    if (state.compareAndSet(OPEN, CLOSED)) {
      writeFull(status, h, kind, text, bytes);
      close(Outcome.OK, null);
    }
  }

  @HostAccess.Export
  public final void startStream(int status, Value headers) {
    String[] h = strings(headers);
    if (state.compareAndSet(OPEN, STREAMING)) {
      writeHead(status, h);
    }
  }

  @HostAccess.Export
  public final void writeText(String text) {
    if (state.get() == STREAMING) {
      writeChunk(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  @HostAccess.Export
  public final void writeBytes(Value data) {
    if (state.get() == STREAMING) {
      writeChunk(bytes(data));
    }
  }

  @HostAccess.Export
  public final void endStream() {
    if (state.compareAndSet(STREAMING, CLOSED)) {
      writeEnd();
      close(Outcome.OK, null);
    }
  }

  /** The call finished without an answer to send (`__init__`, WebSocket events): closes it as OK. */
  @HostAccess.Export
  public final void done() {
    if (state.compareAndSet(OPEN, CLOSED)) {
      close(Outcome.OK, null);
    }
  }

  /** The function threw (or its module failed to load): 500 with a generic message; the detail goes to the log. */
  @HostAccess.Export
  public final void fail(String message, String stack) {
    String detail = stack == null || stack.isEmpty() ? message : message + "\n" + stack;
    end(500, "function failed", Outcome.ERROR, detail);
  }

  /** A refusal decided by the glue (bad JSON body, interceptor said no). */
  @HostAccess.Export
  public final void reject(int status, String message) {
    end(status, message, Outcome.REJECTED, message);
  }

  // ---------------------------------------------------------------- ends decided by the runtime

  /** The call ran past its deadline: 504 (or the stream is cut). */
  public final void timeout() {
    ContextWorker w = worker;
    if (w != null) {
      w.cancelIfRunning(this);
    }
    end(504, "function timed out", Outcome.TIMEOUT, "call timeout");
  }

  /** The Context this call was on had to be replaced: 503. */
  public final void unavailable(String why) {
    end(503, "function runtime restarted, retry", Outcome.UNAVAILABLE, why);
  }

  public final boolean isClosed() {
    return state.get() == CLOSED;
  }

  private void end(int status, String message, Outcome outcome, String detail) {
    if (state.compareAndSet(OPEN, CLOSED)) {
      writeError(status, message);
      close(outcome, detail);
    } else if (state.compareAndSet(STREAMING, CLOSED)) {
      writeEnd();
      close(outcome, detail);
    }
  }

  /**
   * Closes {@code resource} (an open response body, say) when this call ends, so that a function that forgets it does
   * not leak a connection; at once if the call has already ended.
   */
  final void closeWhenDone(AutoCloseable resource) {
    resources.add(resource);
    if (isClosed()) {
      closeResources();
    }
  }

  private void closeResources() {
    for (AutoCloseable r; (r = resources.poll()) != null; ) {
      try {
        r.close();
      } catch (Exception ignored) {
        // best effort: the call is over
      }
    }
  }

  private void close(Outcome outcome, String detail) {
    closeResources();
    Runnable r = onClose;
    if (r != null) {
      r.run();
    }
    Runnable extra = extraOnClose;
    if (extra != null) {
      extra.run();
    }
    completed(outcome, detail);
  }

  /** Runs {@code hook} when the call closes (at once if it already has); used to cancel its deadline. */
  public final void onClosed(Runnable hook) {
    extraOnClose = hook;
    if (isClosed()) {
      hook.run();
    }
  }

  final void attach(ContextWorker w, Runnable onClose) {
    this.worker = w;
    this.onClose = onClose;
  }

  private static String[] strings(Value array) {
    if (array == null || array.isNull()) {
      return new String[0];
    }
    int n = (int) array.getArraySize();
    String[] out = new String[n];
    for (int i = 0; i < n; i++) {
      out[i] = array.getArrayElement(i).asString();
    }
    return out;
  }

  private static byte[] bytes(Value data) {
    if (data == null || data.isNull()) {
      return new byte[0];
    }
    if (data.isString()) {
      return data.asString().getBytes(StandardCharsets.UTF_8);
    }
    if (data.hasBufferElements()) {
      byte[] out = new byte[(int) data.getBufferSize()];
      data.readBuffer(0, out, 0, out.length);
      return out;
    }
    throw new IllegalArgumentException("expected bytes, got " + data);
  }
}
