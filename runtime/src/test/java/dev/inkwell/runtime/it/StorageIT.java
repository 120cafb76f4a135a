package dev.inkwell.runtime.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.inkwell.runtime.cloud.StorageGateway;
import dev.inkwell.runtime.cloud.StorageSettings;
import dev.inkwell.runtime.engine.HostResult;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.AccessGrant;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code cloud.storage} through the MinIO SDK against s3proxy (the S3 stand-in, in-process, transient-nio2 backend).
 * Two identities stand for two apps' MinIO users: each may touch only buckets named {@code <its appid>-*}, the policy
 * the tenancy service gives MinIO users in production.
 */
class StorageIT {

  static final Map<String, String> SECRETS = Map.of("app1-key", "app1-secret", "app2-key", "app2-secret");
  static final AtomicInteger REQUESTS = new AtomicInteger();
  static S3Proxy s3;
  static RuntimeHarness h;
  static String endpoint;

  @BeforeAll
  static void start() throws Exception {
    BlobStore store = BlobStores.create("transient-nio2", new Properties());
    s3 = S3Proxy.builder().endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "unused", "unused").blobStore(store).build();
    s3.setBlobStoreLocator((identity, container, blob) -> {
      REQUESTS.incrementAndGet();
      String secret = SECRETS.get(identity);
      String app = identity == null ? "" : identity.substring(0, identity.indexOf('-') + 1);
      if (secret == null || (container != null && !container.startsWith(app))) {
        return null; // AccessDenied: not this app's bucket
      }
      return new AccessGrant(secret, store);
    });
    s3.start();
    while (!"STARTED".equals(s3.getState())) {
      Thread.sleep(10);
    }
    endpoint = "http://127.0.0.1:" + s3.getPort();
    client("app1").makeBucket(MakeBucketArgs.builder().bucket("app1-files").build());
    MinioClient app2 = client("app2");
    app2.makeBucket(MakeBucketArgs.builder().bucket("app2-private").build());
    byte[] secret = "app2's secret".getBytes(StandardCharsets.UTF_8);
    app2.putObject(PutObjectArgs.builder().bucket("app2-private").object("secret.txt").data(secret, secret.length).build());
    h = RuntimeHarness.withStorage(settings("app1"));
  }

  static StorageSettings settings(String app) {
    return new StorageSettings(URI.create(endpoint), URI.create(endpoint), "us-east-1", app + "-key",
        SECRETS.get(app + "-key"), 1024 * 1024);
  }

  static MinioClient client(String app) {
    return MinioClient.builder().endpoint(endpoint).region("us-east-1").credentials(app + "-key",
        SECRETS.get(app + "-key")).build();
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
    s3.stop();
  }

  private static String call(String name, String code) {
    h.publish(name, code);
    HttpResponse<String> r = h.await("/" + name, x -> x.statusCode() != 404);
    assertEquals(200, r.statusCode(), r.body());
    return r.body();
  }

  @Test
  void writesReadsListsAndDeletesFilesOfTheAppsBucket() {
    assertEquals("{\"name\":\"app1-files\",\"etag\":true,\"text\":\"hello\",\"type\":\"text/plain;charset=utf-8\","
        + "\"json\":{\"a\":1},\"bin\":[1,2,3],\"binType\":\"application/octet-stream\",\"len\":3,\"dated\":true,"
        + "\"page1\":[\"docs/a.json\",\"docs/b.bin\"],\"truncated\":true,\"page2\":[\"docs/c.txt\"],\"more\":false,"
        + "\"sized\":5,\"afterDelete\":[\"docs/a.json\",\"docs/b.bin\"],\"missing\":\"NoSuchKey\"}", call("files", """
        import cloud from '@lafjs/cloud'
        export default async function () {
          const b = cloud.storage.bucket('files')
          const w = await b.writeFile('docs/c.txt', 'hello')
          await b.writeFile('docs/a.json', JSON.stringify({ a: 1 }), { ContentType: 'application/json' })
          await b.writeFile('docs/b.bin', new Uint8Array([1, 2, 3]))
          const t = await b.readFile('docs/c.txt')
          const j = await b.readFile('docs/a.json')
          const bin = await b.readFile('docs/b.bin')
          const p1 = await b.listFiles('docs/', { MaxKeys: 2 })
          const p2 = await b.listFiles('docs/', { MaxKeys: 2, Marker: p1.NextMarker })
          await b.deleteFile('docs/c.txt')
          const left = await b.listFiles('docs/')
          let missing
          try { await b.readFile('docs/c.txt') } catch (e) { missing = e.code }
          return { name: b.name, etag: typeof w.ETag === 'string' && w.ETag.length > 0,
            text: await t.Body.transformToString(), type: t.ContentType,
            json: JSON.parse(await j.Body.transformToString()),
            bin: Array.from(await bin.Body.transformToByteArray()), binType: bin.ContentType, len: bin.ContentLength,
            dated: t.LastModified instanceof Date && p1.Contents[0].LastModified instanceof Date,
            page1: p1.Contents.map((c) => c.Key), truncated: p1.IsTruncated,
            page2: p2.Contents.map((c) => c.Key), more: p2.IsTruncated, sized: p2.Contents[0].Size,
            afterDelete: left.Contents.map((c) => c.Key), missing }
        }
        """));
  }

  @Test
  void uploadsAStreamedBody() {
    h.publish("source", "export default async function (ctx) { ctx.response.write('part1,'); ctx.response.end('part2') }");
    h.await("/source", x -> x.statusCode() == 200);
    assertEquals("part1,part2", call("streamup", """
        export default async function () {
          const res = await fetch('http://127.0.0.1:%d/source')
          const b = cloud.storage.bucket('files')
          await b.writeFile('streamed.txt', res.body)
          return (await b.readFile('streamed.txt')).Body.transformToString()
        }
        """.formatted(h.runtime.port())));
  }

  @Test
  void presignedUrlsWorkWithoutCredentialsAndExpire() throws Exception {
    String body = call("presign", """
        export default async function () {
          const b = cloud.storage.bucket('files')
          await b.writeFile('shared.txt', 'presigned hello')
          return [await b.getDownloadUrl('shared.txt', 60), await b.getUploadUrl('up.txt', 60), b.externalUrl('shared.txt')]
        }
        """);
    String[] urls = body.substring(2, body.length() - 2).split("\",\"");
    assertEquals("presigned hello", h.http.send(HttpRequest.newBuilder(URI.create(urls[0])).build(),
        HttpResponse.BodyHandlers.ofString()).body());
    HttpResponse<String> put = h.http.send(HttpRequest.newBuilder(URI.create(urls[1]))
        .PUT(HttpRequest.BodyPublishers.ofString("uploaded")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, put.statusCode(), put.body());
    assertEquals(endpoint + "/app1-files/shared.txt", urls[2]);
    assertTrue(urls[0].contains("X-Amz-Expires=60"), urls[0]);
    assertEquals("uploaded", call("readupload", """
        export default async function () { return (await cloud.storage.bucket('files').readFile('up.txt')).Body.transformToString() }
        """));
  }

  @Test
  void refusesAnotherAppsBucketByNameBeforeAnyRequest() {
    int before = REQUESTS.get();
    // Another app's full name is read as a short name of this app (as Laf does): it stays inside app1's prefix.
    assertEquals("[\"app1-app2-private\",\"ERR_BUCKET_REFUSED\",\"ERR_BUCKET_REFUSED\",\"app1-my-files\","
        + "\"ERR_BUCKET_REFUSED\",\"app1-files\"]", call("othersbucket", """
        export default async function () {
          const out = []
          for (const n of ['app2-private', 'private/../x', 'Files', 'my-files', '-files']) { try { out.push(cloud.storage.bucket(n).name) } catch (e) { out.push(e.code) } }
          out.push(cloud.storage.bucket('app1-files').name)
          return out
        }
        """));
    assertEquals(before, REQUESTS.get(), "no request reached the object store");
  }

  @Test
  void theAppsCredentialsCannotReadAnotherAppsBucket() {
    // Even past the name check, the runtime holds only app1's keys: the store refuses app2's bucket.
    StorageGateway app1 = new StorageGateway("app1", settings("app1"));
    HostResult r = app1.read("app2-private", "secret.txt");
    // (s3proxy answers InvalidAccessKeyId where MinIO's prefix policy answers AccessDenied: both are refusals)
    assertTrue(r instanceof HostResult.Failed f && java.util.Set.of("AccessDenied", "InvalidAccessKeyId")
        .contains(f.code()), r.toString());
    StorageGateway app2 = new StorageGateway("app2", settings("app2"));
    assertTrue(app2.read("app2-private", "secret.txt") instanceof HostResult.Done);
  }

  @Test
  void refusesObjectsLargerThanTheReadLimit() {
    assertEquals("[\"RangeError\",\"ERR_OBJECT_TOO_LARGE\"]", call("bigread", """
        export default async function () {
          const b = cloud.storage.bucket('files')
          await b.writeFile('big.bin', new Uint8Array(1024 * 1024 + 1))
          try { await b.readFile('big.bin'); return 'read' } catch (e) { return [e.name, e.code] }
        }
        """));
  }
}
