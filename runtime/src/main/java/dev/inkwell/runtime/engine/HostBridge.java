package dev.inkwell.runtime.engine;

import dev.inkwell.runtime.cloud.FetchResponse;
import dev.inkwell.runtime.cloud.MongoGateway;
import dev.inkwell.runtime.cloud.SharedStore;
import dev.inkwell.runtime.cloud.StorageGateway;
import dev.inkwell.runtime.cloud.TokenService;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.util.concurrent.CompletableFuture;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;

/**
 * The Java side of the glue, one per Context. Only the glue holds a reference to it; function code reaches these
 * methods only through the objects the glue builds ({@code console}, timers, {@code cloud}).
 */
public final class HostBridge {

  /** Function output: one structured line per call of console.*, tagged with app, function and request id. */
  static final Logger FUNCTION_LOG = Logger.getLogger("inkwell.function");
  private static final SecureRandom RANDOM = new SecureRandom();

  private static final Logger LOG = Logger.getLogger(HostBridge.class.getName());

  private final ContextWorker worker;
  private final AppBindings app;

  HostBridge(ContextWorker worker, AppBindings app) {
    this.worker = worker;
    this.app = app;
  }

  @HostAccess.Export
  public void log(String level, String message) {
    Invocation current = worker.current();
    Level l = switch (level) {
      case "ERROR" -> Level.SEVERE;
      case "WARN" -> Level.WARNING;
      case "DEBUG" -> Level.FINE;
      default -> Level.INFO;
    };
    String fn = current == null ? "-" : current.functionName();
    String requestId = current == null ? "-" : current.requestId();
    if (current != null) {
      current.capture(level, message);
    }
    if (app.logs() != null) {
      app.logs().add(level, fn, requestId, message);
    }
    if (!FUNCTION_LOG.isLoggable(l)) {
      return;
    }
    LogRecord record = new LogRecord(l, message);
    record.setLoggerName(FUNCTION_LOG.getName());
    record.setParameters(new Object[] {
        "app", app.appid(),
        "fn", fn,
        "requestId", requestId});
    FUNCTION_LOG.log(record);
  }

  @HostAccess.Export
  public int setTimer(Value callback, double delayMs, boolean repeat) {
    return worker.setTimer(callback, (long) Math.min(delayMs, Integer.MAX_VALUE), repeat);
  }

  @HostAccess.Export
  public void clearTimer(int id) {
    worker.clearTimer(id);
  }

  @HostAccess.Export
  public String appid() {
    return app.appid();
  }

  @HostAccess.Export
  public String envJson() {
    return app.envJson();
  }

  @HostAccess.Export
  public String sharedGet(String key) {
    return shared().get(key);
  }

  @HostAccess.Export
  public void sharedSet(String key, String json) {
    shared().set(key, json);
  }

  @HostAccess.Export
  public boolean sharedHas(String key) {
    return shared().has(key);
  }

  @HostAccess.Export
  public boolean sharedDelete(String key) {
    return shared().delete(key);
  }

  @HostAccess.Export
  public void sharedClear() {
    shared().clear();
  }

  @HostAccess.Export
  public int sharedSize() {
    return shared().size();
  }

  @HostAccess.Export
  public String sharedKeys() {
    StringBuilder sb = new StringBuilder("[");
    for (String k : shared().keys()) {
      if (sb.length() > 1) {
        sb.append(',');
      }
      Json.quote(sb, k);
    }
    return sb.append(']').toString();
  }

  @HostAccess.Export
  public String getToken(String payloadJson, double expiresInSeconds) {
    return tokens().sign(payloadJson, (long) expiresInSeconds);
  }

  @HostAccess.Export
  public String parseToken(String token) {
    return tokens().verify(token);
  }

  // ---------------------------------------------------------------- host calls that wait (database, HTTP, storage)

  /** The SDK (mongo, fetch, storage), evaluated in this Context the first time a function touches it. */
  @HostAccess.Export
  public Value sdkModule() {
    return worker.sdkModule(this);
  }

  /** One {@code cloud.mongo.db} operation; resolves with its JSON result. */
  @HostAccess.Export
  public void mongo(String op, String collection, String argsJson, Value resolve, Value reject) {
    MongoGateway gateway = app.mongo();
    offLoop(() -> gateway.call(op, collection, argsJson), resolve, reject);
  }

  @HostAccess.Export
  public String mongoDatabaseName() {
    return app.mongo().databaseName();
  }

  @HostAccess.Export
  public String newObjectId() {
    return new org.bson.types.ObjectId().toHexString();
  }

  /** Sends a request; resolves with a {@link FetchResponse} once the headers are in. */
  @HostAccess.Export
  public void fetch(String method, String url, Value headers, Value body, double timeoutMs, boolean follow,
      Value resolve, Value reject) {
    String[] h = new String[(int) headers.getArraySize()];
    for (int i = 0; i < h.length; i++) {
      h[i] = headers.getArrayElement(i).asString();
    }
    byte[] bytes = body == null || body.isNull() ? null : read(body, 0, (int) body.getBufferSize());
    whenDone(app.fetcher().send(method, url, h, bytes, (long) timeoutMs, follow), resolve, reject, true);
  }

  /** Reads the whole body ({@code all}) or its next chunk (null at the end); resolves with a byte buffer. */
  @HostAccess.Export
  public void fetchRead(FetchResponse response, boolean all, Value resolve, Value reject) {
    offLoop(() -> all ? response.readAll() : response.readChunk(), resolve, reject);
  }

  @HostAccess.Export
  public void fetchCancel(FetchResponse response) {
    response.close();
  }

  /**
   * Runs {@code work} on the blocking executor and settles the JS promise on this Context's own thread. The Context
   * is free meanwhile: other requests and continuations run on it.
   */
  private void offLoop(java.util.function.Supplier<HostResult> work, Value resolve, Value reject) {
    whenDone(CompletableFuture.supplyAsync(work, app.blocking()), resolve, reject, false);
  }

  private void whenDone(CompletableFuture<HostResult> pending, Value resolve, Value reject, boolean closeWithCall) {
    Context origin = worker.context();
    Invocation owner = worker.current();
    pending.whenComplete((result, error) -> {
      HostResult r = error != null
          ? new HostResult.Failed("Error", "internal error in a host call", null, null)
          : result;
      if (error != null) {
        LOG.log(Level.WARNING, "host call failed", error);
      }
      if (r instanceof HostResult.Done done) {
        if (closeWithCall && owner != null && done.value() instanceof AutoCloseable c) {
          owner.closeWhenDone(c);
        }
        worker.deliver(origin, owner, resolve, done.value());
      } else if (r instanceof HostResult.Failed failed) {
        worker.deliver(origin, owner, reject, failed.toJson());
      }
    });
  }

  // ---------------------------------------------------------------- cloud.storage (names are mapped on every call)

  /** {"name": full bucket name} or {"error": why the name is refused}. */
  @HostAccess.Export
  public String storageBucket(String name) {
    StorageGateway s = app.storage();
    if (s == null) {
      return "{\"error\":\"cloud.storage is not configured for this app (OSS_INTERNAL_ENDPOINT and the app's keys)\"}";
    }
    try {
      return "{\"name\":" + Json.quote(s.bucketName(name)) + "}";
    } catch (IllegalArgumentException e) {
      return "{\"error\":" + Json.quote(e.getMessage()) + "}";
    }
  }

  @HostAccess.Export
  public void storageRead(String name, String key, Value resolve, Value reject) {
    inBucket(name, (s, bucket) -> s.read(bucket, key), resolve, reject);
  }

  @HostAccess.Export
  public void storageWrite(String name, String key, Value data, String contentType, Value resolve, Value reject) {
    byte[] bytes = read(data, 0, (int) data.getBufferSize());
    inBucket(name, (s, bucket) -> s.write(bucket, key, bytes, contentType), resolve, reject);
  }

  @HostAccess.Export
  public void storageDelete(String name, String key, Value resolve, Value reject) {
    inBucket(name, (s, bucket) -> s.delete(bucket, key), resolve, reject);
  }

  @HostAccess.Export
  public void storageList(String name, String prefix, int maxKeys, String marker, Value resolve, Value reject) {
    inBucket(name, (s, bucket) -> s.list(bucket, prefix, maxKeys, marker), resolve, reject);
  }

  /** Maps the function's bucket name here (it may throw: refused name), then runs {@code op} off the loop. */
  private void inBucket(String name, java.util.function.BiFunction<StorageGateway, String, HostResult> op,
      Value resolve, Value reject) {
    StorageGateway s = app.storage();
    String bucket = s.bucketName(name);
    offLoop(() -> op.apply(s, bucket), resolve, reject);
  }

  /** Signing is local (no request): it runs on the function's thread. */
  @HostAccess.Export
  public String storagePresign(String name, String key, boolean upload, int expirySeconds) {
    StorageGateway s = app.storage();
    return s.presign(s.bucketName(name), key, upload, expirySeconds);
  }

  @HostAccess.Export
  public String storageExternalUrl(String name, String key) {
    StorageGateway s = app.storage();
    return s.externalUrl(s.bucketName(name), key);
  }

  /** {@code cloud.sockets}: the app's open WebSockets in this runtime. */
  @HostAccess.Export
  public LiveSocket[] sockets() {
    return app.sockets().all();
  }

  /** The Node-compatible modules, evaluated in this Context the first time a function touches one. */
  @HostAccess.Export
  public Value nodeModules() {
    return worker.nodeModules(this);
  }

  // ---------------------------------------------------------------- bytes, for node.js (Buffer, TextEncoder, crypto)

  @HostAccess.Export
  public ByteBuffer utf8Encode(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  @HostAccess.Export
  public String utf8Decode(Value buffer, int offset, int length) {
    return new String(read(buffer, offset, length), StandardCharsets.UTF_8);
  }

  @HostAccess.Export
  public String base64Encode(Value buffer, int offset, int length, boolean url) {
    byte[] bytes = read(buffer, offset, length);
    return url ? Base64.getUrlEncoder().withoutPadding().encodeToString(bytes) : Base64.getEncoder().encodeToString(bytes);
  }

  /** Lenient as Node's: standard or URL-safe alphabet, padding optional, whitespace ignored. */
  @HostAccess.Export
  public ByteBuffer base64Decode(String s) {
    String clean = s.replaceAll("[\\s=]", "").replace('-', '+').replace('_', '/');
    try {
      return ByteBuffer.wrap(Base64.getDecoder().decode(clean + "==".substring(0, (4 - clean.length() % 4) % 4)));
    } catch (IllegalArgumentException e) {
      return ByteBuffer.allocate(0);
    }
  }

  @HostAccess.Export
  public ByteBuffer digest(String algorithm, Value buffer, int offset, int length) {
    try {
      return ByteBuffer.wrap(MessageDigest.getInstance(algorithm).digest(read(buffer, offset, length)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalArgumentException("Digest method not supported: " + algorithm);
    }
  }

  @HostAccess.Export
  public ByteBuffer hmac(String algorithm, Value key, int keyOffset, int keyLength, Value buffer, int offset,
      int length) {
    String mac = "Hmac" + algorithm.replace("-", "").replace("/", "");
    try {
      Mac m = Mac.getInstance(mac);
      byte[] k = read(key, keyOffset, keyLength);
      // An empty HMAC key is legal in Node; the JDK's key spec refuses it, and HMAC pads keys with zeros anyway.
      m.init(new SecretKeySpec(k.length == 0 ? new byte[1] : k, mac));
      return ByteBuffer.wrap(m.doFinal(read(buffer, offset, length)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalArgumentException("Invalid digest: " + algorithm);
    }
  }

  @HostAccess.Export
  public ByteBuffer randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return ByteBuffer.wrap(b);
  }

  @HostAccess.Export
  public String randomUUID() {
    return UUID.randomUUID().toString();
  }

  @HostAccess.Export
  public double randomInt(double min, double max) {
    if (!(max > min) || max - min > 0x1p48) {
      throw new IllegalArgumentException("randomInt: need min < max within 2^48");
    }
    return min + Math.floor(RANDOM.nextDouble() * (max - min));
  }

  private static byte[] read(Value buffer, int offset, int length) {
    byte[] out = new byte[length];
    if (length > 0) {
      buffer.readBuffer(offset, out, 0, length);
    }
    return out;
  }

  private SharedStore shared() {
    return app.shared();
  }

  private TokenService tokens() {
    return app.tokens();
  }
}
