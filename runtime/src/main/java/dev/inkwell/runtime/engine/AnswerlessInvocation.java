package dev.inkwell.runtime.engine;

import java.nio.ByteBuffer;

/**
 * A call no client waits for ({@code __init__}, WebSocket events): whatever the function returns or sends goes nowhere,
 * and the request is empty unless a subclass says otherwise. Subclasses report the outcome in {@link #completed}.
 */
public abstract class AnswerlessInvocation extends Invocation {

  private static final String[] NONE = new String[0];

  protected AnswerlessInvocation(String requestId, String functionName) {
    super(requestId, functionName);
  }

  @Override
  protected final void writeFull(int status, String[] headers, int payloadKind, String text, byte[] bytes) {
  }

  @Override
  protected final void writeHead(int status, String[] headers) {
  }

  @Override
  protected final void writeChunk(byte[] chunk) {
  }

  @Override
  protected final void writeEnd() {
  }

  @Override
  protected final void writeError(int status, String message) {
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
  protected final int readBodyKind() {
    return BODY_NONE;
  }

  @Override
  protected final String readBodyText() {
    return "";
  }

  @Override
  protected final String[] readBodyForm() {
    return NONE;
  }

  @Override
  protected final ByteBuffer readBodyBuffer() {
    return ByteBuffer.allocate(0);
  }

  @Override
  protected String readUserJson() {
    return null;
  }
}
