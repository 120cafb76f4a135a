package dev.inkwell.tenancy.provision;

/** A provisioning step failed; {@code step} names it ({@code database}, {@code storage}, {@code workload}, ...). */
public final class ProvisioningException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String step;

  public ProvisioningException(String step, String message, Throwable cause) {
    super(step + ": " + message, cause);
    this.step = step;
  }

  public ProvisioningException(String step, String message) {
    this(step, message, null);
  }

  public String step() {
    return step;
  }
}
