package dev.inkwell.runtime.compile;

/**
 * Source that cannot become a function: a syntax error, with where it is. Lines and columns count from 1.
 */
public final class CompileError extends Exception {

  private static final long serialVersionUID = 1L;

  private final String detail;
  private final int line;
  private final int column;

  public CompileError(String detail, int line, int column) {
    super(detail + " (line " + line + ", column " + column + ")");
    this.detail = detail;
    this.line = line;
    this.column = column;
  }

  public String detail() {
    return detail;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }
}
