package dev.inkwell.tenancy.api;

/** Who is calling: the operator (everything) or a developer of one app (that app only). */
public record Principal(boolean operator, String appid) {

  public static final Principal OPERATOR = new Principal(true, null);

  public static Principal developer(String appid) {
    return new Principal(false, appid);
  }

  /** A developer may reach only their own app; any other app looks absent (404), so appids cannot be probed. */
  public void checkApp(String target) {
    if (!operator && !appid.equals(target)) {
      throw ApiException.notFound("app " + target);
    }
  }

  public void requireOperator() {
    if (!operator) {
      throw new ApiException(403, "forbidden", "this call needs the operator token");
    }
  }
}
