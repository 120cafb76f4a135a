package dev.inkwell.runtime.http;

import dev.inkwell.runtime.cloud.TokenService;
import dev.inkwell.runtime.engine.AnswerlessInvocation;
import dev.inkwell.runtime.engine.LiveSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.graalvm.polyglot.HostAccess;

/**
 * One event of a WebSocket for {@code __websocket__}: connection, message, close or error. Nothing is answered: the
 * function talks back through {@code ctx.socket}; the outcome only reaches the log.
 */
public final class SocketEvent extends AnswerlessInvocation {

  private static final Logger LOG = Logger.getLogger("inkwell.call");
  private static final AtomicLong SEQUENCE = new AtomicLong();

  private final String appid;
  private final RequestData upgrade;
  private final TokenService tokens;
  private final LiveSocket socket;
  private final String kind;
  private final Object data;
  private final int closeCode;
  private final String closeReason;

  private SocketEvent(String appid, RequestData upgrade, TokenService tokens, LiveSocket socket, String kind,
      Object data, int closeCode, String closeReason) {
    super(upgrade.requestId() + "-" + Long.toString(SEQUENCE.incrementAndGet(), 36), "__websocket__");
    this.appid = appid;
    this.upgrade = upgrade;
    this.tokens = tokens;
    this.socket = socket;
    this.kind = kind;
    this.data = data;
    this.closeCode = closeCode;
    this.closeReason = closeReason;
  }

  static SocketEvent connection(String appid, RequestData upgrade, TokenService tokens, LiveSocket socket) {
    return new SocketEvent(appid, upgrade, tokens, socket, "connection", null, 0, "");
  }

  static SocketEvent message(String appid, RequestData upgrade, TokenService tokens, LiveSocket socket, Object data) {
    return new SocketEvent(appid, upgrade, tokens, socket, "message", data, 0, "");
  }

  static SocketEvent close(String appid, RequestData upgrade, TokenService tokens, LiveSocket socket, int code,
      String reason) {
    return new SocketEvent(appid, upgrade, tokens, socket, "close", null, code, reason);
  }

  static SocketEvent error(String appid, RequestData upgrade, TokenService tokens, LiveSocket socket, String message) {
    return new SocketEvent(appid, upgrade, tokens, socket, "error", message, 0, "");
  }

  // ---------------------------------------------------------------- the event, as read by the glue

  @HostAccess.Export
  public String kind() {
    return kind;
  }

  /** A message: its text, or its bytes as a buffer. */
  @HostAccess.Export
  public Object data() {
    return data instanceof byte[] b ? ByteBuffer.wrap(b) : data;
  }

  @HostAccess.Export
  public int closeCode() {
    return closeCode;
  }

  @HostAccess.Export
  public String closeReason() {
    return closeReason;
  }

  @HostAccess.Export
  public String errorMessage() {
    return String.valueOf(data);
  }

  @HostAccess.Export
  public LiveSocket socket() {
    return socket;
  }

  // ---------------------------------------------------------------- the upgrade request, for ctx.headers/query/user

  @Override
  protected String readMethod() {
    return upgrade.method();
  }

  @Override
  protected String readUrl() {
    return upgrade.uri();
  }

  @Override
  protected String readPath() {
    return upgrade.path();
  }

  @Override
  protected String[] readHeaders() {
    return upgrade.headers();
  }

  @Override
  protected String[] readQuery() {
    return upgrade.queryPairs();
  }

  @Override
  protected String readUserJson() {
    String token = TokenService.bearer(upgrade.authorization());
    return token == null ? null : tokens.verify(token);
  }

  @Override
  protected void completed(Outcome outcome, String detail) {
    if (outcome != Outcome.OK) {
      LOG.log(Level.WARNING, "app={0} fn=__websocket__ requestId={1} event={2} {3}: {4}",
          new Object[] {appid, requestId(), kind, outcome, detail});
    }
  }
}
