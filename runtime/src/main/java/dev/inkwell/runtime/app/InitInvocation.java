package dev.inkwell.runtime.app;

import dev.inkwell.runtime.engine.Invocation;
import java.nio.ByteBuffer;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The call of {@code __init__} after (re)load: no client waits for it, so its outcome only goes to the log. */
final class InitInvocation extends Invocation {

  private static final Logger LOG = Logger.getLogger(InitInvocation.class.getName());
  private static final String[] NONE = new String[0];

  private final String appid;

  InitInvocation(String appid, String requestId) {
    super(requestId, "__init__");
    this.appid = appid;
  }

  @Override
  protected void writeFull(int status, String[] headers, int payloadKind, String text, byte[] bytes) {
  }

  @Override
  protected void writeHead(int status, String[] headers) {
  }

  @Override
  protected void writeChunk(byte[] chunk) {
  }

  @Override
  protected void writeEnd() {
  }

  @Override
  protected void writeError(int status, String message) {
  }

  @Override
  protected void completed(Outcome outcome, String detail) {
    if (outcome == Outcome.OK) {
      LOG.info(() -> "app " + appid + ": __init__ done");
    } else {
      LOG.log(Level.WARNING, "app " + appid + ": __init__ " + outcome + ": " + detail);
    }
  }

  @Override
  protected String readMethod() {
    return "INIT";
  }

  @Override
  protected String readUrl() {
    return "/__init__";
  }

  @Override
  protected String readPath() {
    return "/__init__";
  }

  @Override
  protected String[] readHeaders() {
    return NONE;
  }

  @Override
  protected String[] readQuery() {
    return NONE;
  }

  @Override
  protected int readBodyKind() {
    return BODY_NONE;
  }

  @Override
  protected String readBodyText() {
    return "";
  }

  @Override
  protected String[] readBodyForm() {
    return NONE;
  }

  @Override
  protected ByteBuffer readBodyBuffer() {
    return ByteBuffer.allocate(0);
  }

  @Override
  protected String readUserJson() {
    return null;
  }
}
