package dev.inkwell.controller.reconcile;

/** The route store could not be reached or did not answer in time; the caller retries with backoff. */
public final class StoreUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
