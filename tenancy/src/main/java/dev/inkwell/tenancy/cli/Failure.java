package dev.inkwell.tenancy.cli;

/**
 * Why a command stopped, with the process exit code it maps to: 1 for an API or user error, 3 when the server could not
 * be reached. (2, usage errors, belongs to picocli.) The message is printed as one {@code inkwell: <message>} line.
 */
class Failure extends RuntimeException {

  static final int USER = 1;
  static final int USAGE = 2;
  static final int UNREACHABLE = 3;

  private final int exitCode;

  Failure(int exitCode, String message) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  static Failure user(String message) {
    return new Failure(USER, message);
  }

  static Failure unreachable(String message) {
    return new Failure(UNREACHABLE, message);
  }

  int exitCode() {
    return exitCode;
  }
}
