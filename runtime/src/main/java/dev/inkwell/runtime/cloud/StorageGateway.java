package dev.inkwell.runtime.cloud;

import dev.inkwell.runtime.engine.HostResult;
import dev.inkwell.runtime.engine.Json;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.Http;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.ObjectWriteResponse;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import io.minio.messages.Item;
import java.io.IOException;
import java.io.InputStream;
import java.time.ZonedDateTime;
import java.util.Iterator;
import java.util.regex.Pattern;

/**
 * {@code cloud.storage}: the app's buckets, {@code <appid>-<name>}, through the MinIO SDK with the app's own
 * credentials.
 *
 * <p>Isolation: a function names a bucket by its short name or by its full name {@code <appid>-<short>}; anything else
 * is refused before any request. Appids issued by tenancy have no hyphen, so short names may have hyphens (Laf's rule)
 * and {@code <appid>-<short>} still splits one way only; for an appid with a hyphen, short names are letters and digits
 * only, so no name an app can form is another app's bucket ({@code a} + {@code b-c} vs {@code a-b} + {@code c}). The
 * credentials are the app's own too: the object store refuses other apps' buckets (MinIO prefix policy in production).
 *
 * <p>Concurrency: thread-safe (the MinIO client is); reads and writes block and run off the loop.
 */
public final class StorageGateway {

  private static final Pattern SHORT = Pattern.compile("[a-z0-9]+");
  /** Laf's rule (hyphens inside): safe when the appid itself has no hyphen, as every appid tenancy issues. */
  private static final Pattern SHORT_WITH_HYPHENS = Pattern.compile("[a-z0-9](?:[a-z0-9-]*[a-z0-9])?");

  private final String appid;
  private final StorageSettings settings;
  private final MinioClient internal;
  private final MinioClient external;

  public StorageGateway(String appid, StorageSettings settings) {
    this.appid = appid;
    this.settings = settings;
    this.internal = MinioClient.builder().endpoint(settings.internalEndpoint().toString()).region(settings.region())
        .credentials(settings.accessKey(), settings.secretKey()).build();
    // Presigned URLs are signed for the host clients will use; with the region set, signing needs no request.
    this.external = MinioClient.builder().endpoint(settings.externalEndpoint().toString()).region(settings.region())
        .credentials(settings.accessKey(), settings.secretKey()).build();
  }

  /**
   * The full bucket name for what a function passed to {@code cloud.storage.bucket(name)}.
   *
   * @throws IllegalArgumentException for a name that is not one of this app's buckets
   */
  public String bucketName(String name) {
    String shortName = name.startsWith(appid + "-") ? name.substring(appid.length() + 1) : name;
    Pattern rule = appid.indexOf('-') < 0 ? SHORT_WITH_HYPHENS : SHORT;
    if (!rule.matcher(shortName).matches() || appid.length() + 1 + shortName.length() > 63) {
      throw new IllegalArgumentException("bucket name refused: '" + name + "' (expected: a short name of lowercase "
          + "letters and digits" + (rule == SHORT ? "" : ", '-' inside") + ", or " + appid
          + "-<short name>; an app reaches only its own buckets)");
    }
    return appid + "-" + shortName;
  }

  public HostResult read(String bucket, String key) {
    try (GetObjectResponse in = internal.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
      long declared = parseLong(in.headers().get("Content-Length"));
      if (declared > settings.maxReadBytes()) {
        return tooLarge();
      }
      byte[] bytes = readAtMost(in, settings.maxReadBytes());
      if (bytes == null) {
        return tooLarge();
      }
      String lastModified = in.headers().get("Last-Modified");
      long millis = lastModified == null ? 0 : ZonedDateTime.parse(lastModified,
          java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
      return HostResult.done(new StoredFile(bytes, in.headers().get("Content-Type"), in.headers().get("ETag"), millis));
    } catch (MinioException | IOException e) {
      return failure(e);
    }
  }

  public HostResult write(String bucket, String key, byte[] bytes, String contentType) {
    try {
      PutObjectArgs.Builder b = PutObjectArgs.builder().bucket(bucket).object(key).data(bytes, bytes.length);
      if (contentType != null && !contentType.isEmpty()) {
        b.contentType(contentType);
      }
      ObjectWriteResponse r = internal.putObject(b.build());
      StringBuilder sb = new StringBuilder("{\"ETag\":");
      Json.quote(sb, r.etag() == null ? "" : r.etag());
      if (r.versionId() != null) {
        sb.append(",\"VersionId\":");
        Json.quote(sb, r.versionId());
      }
      return HostResult.done(sb.append('}').toString());
    } catch (MinioException | IllegalArgumentException e) {
      return failure(e);
    }
  }

  public HostResult delete(String bucket, String key) {
    try {
      internal.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
      return HostResult.done("{}");
    } catch (MinioException e) {
      return failure(e);
    }
  }

  /**
   * One page of keys under {@code prefix}, after {@code marker}, in the shape of S3's ListObjects answer (as Laf's
   * {@code listFiles} returns it).
   */
  public HostResult list(String bucket, String prefix, int maxKeys, String marker) {
    int max = Math.max(1, Math.min(maxKeys, 1000));
    try {
      ListObjectsArgs.Builder b = ListObjectsArgs.builder().bucket(bucket).recursive(true).maxKeys(max);
      if (prefix != null && !prefix.isEmpty()) {
        b.prefix(prefix);
      }
      if (marker != null && !marker.isEmpty()) {
        b.startAfter(marker);
      }
      StringBuilder sb = new StringBuilder("{\"Contents\":[");
      Iterator<Result<Item>> it = internal.listObjects(b.build()).iterator();
      int n = 0;
      String last = null;
      while (n < max && it.hasNext()) {
        Item item = it.next().get();
        sb.append(n == 0 ? "" : ",").append("{\"Key\":");
        Json.quote(sb, item.objectName());
        sb.append(",\"Size\":").append(item.size()).append(",\"ETag\":");
        Json.quote(sb, item.etag() == null ? "" : item.etag());
        if (item.lastModified() != null) {
          sb.append(",\"LastModified\":{\"$date\":").append(item.lastModified().toInstant().toEpochMilli()).append('}');
        }
        sb.append('}');
        last = item.objectName();
        n++;
      }
      boolean truncated = it.hasNext();
      sb.append("],\"KeyCount\":").append(n).append(",\"IsTruncated\":").append(truncated);
      if (truncated) {
        sb.append(",\"NextMarker\":");
        Json.quote(sb, last);
      }
      return HostResult.done(sb.append('}').toString());
    } catch (MinioException | IllegalArgumentException e) {
      return failure(e);
    }
  }

  /** A presigned GET or PUT URL on the external endpoint, valid for {@code expirySeconds} (1 s to 7 days). */
  public String presign(String bucket, String key, boolean upload, int expirySeconds) {
    if (expirySeconds < 1 || expirySeconds > 7 * 24 * 3600) {
      throw new IllegalArgumentException("expiresIn: " + expirySeconds + " (expected: 1..604800 seconds)");
    }
    try {
      return external.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
          .method(upload ? Http.Method.PUT : Http.Method.GET).bucket(bucket).object(key).expiry(expirySeconds).build());
    } catch (MinioException e) {
      throw new IllegalStateException("could not sign a URL: " + e.getMessage(), e);
    }
  }

  /** The object's URL on the external endpoint (path style, as Laf's {@code externalUrl}). */
  public String externalUrl(String bucket, String key) {
    return settings.externalEndpoint() + "/" + bucket + "/" + key;
  }

  private HostResult tooLarge() {
    return new HostResult.Failed("RangeError", "object larger than " + settings.maxReadBytes()
        + " bytes: use getDownloadUrl", "ERR_OBJECT_TOO_LARGE", null);
  }

  private static byte[] readAtMost(InputStream in, long max) throws IOException {
    byte[] out = in.readNBytes((int) Math.min(max + 1, Integer.MAX_VALUE - 8));
    return out.length > max ? null : out;
  }

  private static long parseLong(String s) {
    try {
      return s == null ? -1 : Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** S3 errors keep their code (NoSuchKey, AccessDenied, NoSuchBucket...) as the error's name and code. */
  static HostResult failure(Exception e) {
    if (e instanceof ErrorResponseException s3) {
      String code = s3.errorResponse().code();
      return new HostResult.Failed(code == null ? "S3Error" : code, s3.errorResponse().message(), code, null);
    }
    return new HostResult.Failed("StorageError", e.getMessage(), null, null);
  }
}
