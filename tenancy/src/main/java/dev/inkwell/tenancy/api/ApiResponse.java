package dev.inkwell.tenancy.api;

/** A status and a JSON value (serialised with {@link Json#MAPPER}), or raw bytes with their content type. */
public record ApiResponse(int status, Object json, byte[] raw, String contentType) {

  public static ApiResponse ok(Object json) {
    return new ApiResponse(200, json, null, null);
  }

  public static ApiResponse created(Object json) {
    return new ApiResponse(201, json, null, null);
  }

  public static ApiResponse raw(byte[] bytes, String contentType) {
    return new ApiResponse(200, null, bytes, contentType);
  }
}
