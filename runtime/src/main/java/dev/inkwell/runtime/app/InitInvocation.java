package dev.inkwell.runtime.app;

import dev.inkwell.runtime.engine.AnswerlessInvocation;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The call of {@code __init__} after (re)load: no client waits for it, so its outcome only goes to the log. */
final class InitInvocation extends AnswerlessInvocation {

  private static final Logger LOG = Logger.getLogger(InitInvocation.class.getName());

  private final String appid;

  InitInvocation(String appid, String requestId) {
    super(requestId, "__init__");
    this.appid = appid;
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
}
