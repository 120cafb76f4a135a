package dev.inkwell.standalone.edge;

import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Optional;
import java.util.Set;

/**
 * Objects read from S3 through the MinIO SDK with the platform's credentials (the edge serves public buckets only:
 * whether a bucket is public is the route table's decision, made by the controller).
 *
 * <p>A read is a HEAD then, unless the client's copy is current or the range is unsatisfiable, a GET of the bytes
 * wanted. An object replaced between the two calls can mix a new body with the old ETag for one response; acceptable
 * for a development edge, and the next request sees the new ETag.
 */
public final class S3ObjectSource implements ObjectSource {

  private static final Set<String> ABSENT = Set.of("NoSuchKey", "NoSuchBucket", "NoSuchObject", "NotFound");

  private final MinioClient client;

  public S3ObjectSource(MinioClient client) {
    this.client = client;
  }

  /** @param endpoint e.g. {@code http://127.0.0.1:9000} */
  public static S3ObjectSource of(URI endpoint, String region, String accessKey, String secretKey) {
    return new S3ObjectSource(MinioClient.builder().endpoint(endpoint.toString()).region(region)
        .credentials(accessKey, secretKey).build());
  }

  @Override
  public Optional<ObjectInfo> head(String bucket, String key) throws IOException {
    try {
      StatObjectResponse s = client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
      return Optional.of(new ObjectInfo(unquote(s.etag()), s.size(), s.contentType(),
          s.lastModified() == null ? null : s.lastModified().toInstant()));
    } catch (ErrorResponseException e) {
      if (absent(e)) {
        return Optional.empty();
      }
      throw new IOException("S3 HEAD " + bucket + "/" + key + ": " + e.errorResponse().code(), e);
    } catch (MinioException e) {
      throw new IOException("S3 HEAD " + bucket + "/" + key + ": " + e, e);
    }
  }

  @Override
  public Read get(String bucket, String key, ByteRange range, String ifNoneMatch) throws IOException {
    Optional<ObjectInfo> found = head(bucket, key);
    if (found.isEmpty()) {
      return new Missing();
    }
    ObjectInfo info = found.get();
    if (ObjectSource.matches(ifNoneMatch, info.etag())) {
      return new NotModified(info);
    }
    long first = 0;
    long length = info.size();
    boolean partial = false;
    if (range != null) {
      long[] r = range.resolve(info.size());
      if (r == null) {
        return new Unsatisfiable(info);
      }
      first = r[0];
      length = r[1];
      partial = true;
    }
    if (length == 0) {
      return new Found(info, 0, 0, false, InputStream.nullInputStream());
    }
    try {
      GetObjectArgs.Builder b = GetObjectArgs.builder().bucket(bucket).object(key);
      if (partial) {
        b.offset(first).length(length);
      }
      return new Found(info, first, length, partial, client.getObject(b.build()));
    } catch (ErrorResponseException e) {
      if (absent(e)) {
        return new Missing(); // deleted since the HEAD
      }
      throw new IOException("S3 GET " + bucket + "/" + key + ": " + e.errorResponse().code(), e);
    } catch (MinioException e) {
      throw new IOException("S3 GET " + bucket + "/" + key + ": " + e, e);
    }
  }

  private static boolean absent(ErrorResponseException e) {
    String code = e.errorResponse() == null ? null : e.errorResponse().code();
    return code != null && ABSENT.contains(code) || e.response() != null && e.response().code() == 404;
  }

  private static String unquote(String etag) {
    if (etag == null) {
      return "";
    }
    String t = etag.trim();
    return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t;
  }
}
