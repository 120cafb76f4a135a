package dev.inkwell.tenancy.storage;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.gaul.s3proxy.AccessGrant;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.model.ListBucketsResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Request;

/**
 * An S3 server in this process (s3proxy) for standalone mode, on a loopback port.
 *
 * <p>Identities: the platform's (every bucket) and one per app, added at run time, whose access key is the appid.
 * An app identity reaches only buckets named {@code <appid>-*}: for any other bucket the credential lookup answers
 * nothing, so s3proxy refuses the request (AccessDenied) before it touches the store; its bucket listing shows only its
 * own buckets. Appids have no hyphen, so {@code abc-} is never a prefix of app {@code abcd}'s buckets.
 *
 * <p>Persistence: with a data directory, objects live in {@code <dir>/blobs} (s3proxy's filesystem-nio2 store) and
 * app secrets in {@code <dir>/identities.json} (owner-only permissions), so both survive a restart. Without one,
 * everything is in memory.
 *
 * <p>Concurrency: identities are a concurrent map read by s3proxy's request threads; {@link #putIdentity} and
 * {@link #removeIdentity} serialise on this object, so the file always holds one consistent snapshot.
 */
public final class EmbeddedS3 implements AutoCloseable {

  private static final Pattern APPID = Pattern.compile("[a-z][a-z0-9]{2,15}");
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String IDENTITIES = "identities.json";

  private final S3Proxy server;
  private final BlobStore store;
  private final Path identitiesFile;
  private final String platformAccessKey;
  private final String platformSecretKey;
  private final Map<String, String> appSecrets = new ConcurrentHashMap<>();
  private final URI endpoint;

  private EmbeddedS3(BlobStore store, Path identitiesFile, String platformAccessKey, String platformSecretKey,
      int port) throws Exception {
    this.store = store;
    this.identitiesFile = identitiesFile;
    this.platformAccessKey = platformAccessKey;
    this.platformSecretKey = platformSecretKey;
    if (identitiesFile != null && Files.exists(identitiesFile)) {
      appSecrets.putAll(MAPPER.readValue(identitiesFile.toFile(), new TypeReference<Map<String, String>>() { }));
    }
    // The credentials given to the builder are never used: the locator below answers for every identity.
    this.server = S3Proxy.builder().endpoint(URI.create("http://127.0.0.1:" + port))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, platformAccessKey, platformSecretKey).blobStore(store)
        .build();
    server.setBlobStoreLocator(this::locate);
    server.start();
    while (!"STARTED".equals(server.getState())) {
      if ("FAILED".equals(server.getState())) {
        throw new IllegalStateException("embedded S3 did not start on port " + port);
      }
      Thread.sleep(5);
    }
    this.endpoint = URI.create("http://127.0.0.1:" + server.getPort());
  }

  /**
   * Starts a server that keeps its objects and app identities in {@code dataDirectory} (created if missing).
   *
   * @param port a loopback port, or 0 for any free one
   */
  public static EmbeddedS3 start(Path dataDirectory, int port, String platformAccessKey, String platformSecretKey)
      throws Exception {
    Objects.requireNonNull(dataDirectory, "dataDirectory");
    checkPlatform(platformAccessKey, platformSecretKey, port);
    Path blobs = Files.createDirectories(dataDirectory.resolve("blobs"));
    Properties p = new Properties();
    p.setProperty("jclouds.filesystem.basedir", blobs.toString());
    return new EmbeddedS3(BlobStores.create("filesystem-nio2", p), dataDirectory.resolve(IDENTITIES),
        platformAccessKey, platformSecretKey, port);
  }

  /** Starts a server that keeps everything in memory (tests). */
  public static EmbeddedS3 startTransient(int port, String platformAccessKey, String platformSecretKey)
      throws Exception {
    checkPlatform(platformAccessKey, platformSecretKey, port);
    return new EmbeddedS3(BlobStores.create("transient-nio2", new Properties()), null, platformAccessKey,
        platformSecretKey, port);
  }

  private static void checkPlatform(String accessKey, String secretKey, int port) {
    if (accessKey == null || accessKey.isBlank() || secretKey == null || secretKey.isBlank()) {
      throw new IllegalArgumentException("platformAccessKey/platformSecretKey: (expected: non-empty credentials)");
    }
    if (APPID.matcher(accessKey).matches()) {
      // Else the platform identity and an app with that appid would share one access key.
      throw new IllegalArgumentException("platformAccessKey: " + accessKey
          + " (expected: a key that cannot be an appid, e.g. with a hyphen or an upper-case letter)");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 0-65535)");
    }
  }

  /** {@code http://127.0.0.1:<port>}. */
  public URI endpoint() {
    return endpoint;
  }

  /** Adds the app's identity or changes its secret; persisted before it returns. */
  public synchronized void putIdentity(String appid, String secretKey) {
    if (appid == null || !APPID.matcher(appid).matches()) {
      throw new IllegalArgumentException("appid: " + appid + " (expected: 3-16 of [a-z0-9], starting with a letter)");
    }
    if (secretKey == null || secretKey.isBlank()) {
      throw new IllegalArgumentException("secretKey: (expected: a non-empty secret)");
    }
    String before = appSecrets.put(appid, secretKey);
    if (!secretKey.equals(before)) {
      save();
    }
  }

  /** Removes the app's identity (its buckets stay); persisted before it returns. */
  public synchronized void removeIdentity(String appid) {
    if (appSecrets.remove(appid) != null) {
      save();
    }
  }

  boolean hasIdentity(String appid) {
    return appSecrets.containsKey(appid);
  }

  /** s3proxy asks this for every authenticated request; null means "no such credential", i.e. AccessDenied. */
  private AccessGrant locate(String identity, String container, String blob) {
    if (identity == null) {
      return null;
    }
    if (identity.equals(platformAccessKey)) {
      return new AccessGrant(platformSecretKey, store);
    }
    String secret = appSecrets.get(identity);
    if (secret == null) {
      return null;
    }
    String prefix = identity + "-";
    if (container != null && !container.isEmpty() && !container.startsWith(prefix)) {
      return null;
    }
    // Not the store itself: some requests name more buckets than the one in the path (a copy's source, a form
    // upload's target), so the view checks every bucket any call names.
    return new AccessGrant(secret, Confined.to(store, prefix));
  }

  private void save() {
    if (identitiesFile == null) {
      return;
    }
    try {
      Path tmp = identitiesFile.resolveSibling(IDENTITIES + ".tmp");
      Files.deleteIfExists(tmp);
      try {
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException | FileAlreadyExistsException e) {
        Files.createFile(tmp); // not a POSIX file system: the directory's own protection is all there is
      }
      MAPPER.writeValue(tmp.toFile(), new TreeMap<>(appSecrets));
      Files.move(tmp, identitiesFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("could not save " + identitiesFile, e);
    }
  }

  @Override
  public void close() throws Exception {
    try {
      server.stop();
    } finally {
      store.close();
    }
  }

  /**
   * The store as one app's identity may use it: every bucket a call names (the first {@code String} argument of
   * {@link BlobStore}'s methods, and the {@code bucket}, {@code sourceBucket} and {@code destinationBucket} of the
   * AWS SDK request objects, and a multipart upload's container) must start with the app's prefix, else the call fails
   * with AccessDenied; bucket listings show only the app's buckets. A dynamic proxy rather than a subclass of
   * {@code ForwardingBlobStore}, so a method s3proxy adds later cannot slip past the check unseen.
   */
  static final class Confined implements InvocationHandler {

    private static final String[] BUCKET_ACCESSORS = {"bucket", "sourceBucket", "destinationBucket"};

    private final BlobStore store;
    private final String prefix;

    private Confined(BlobStore store, String prefix) {
      this.store = store;
      this.prefix = prefix;
    }

    static BlobStore to(BlobStore store, String prefix) {
      return (BlobStore) Proxy.newProxyInstance(BlobStore.class.getClassLoader(), new Class<?>[] {BlobStore.class},
          new Confined(store, prefix));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      switch (method.getName()) {
        case "close" -> {
          return null; // a view: the server owns the store and closes it once
        }
        case "equals" -> {
          return proxy == args[0];
        }
        case "hashCode" -> {
          return System.identityHashCode(proxy);
        }
        case "toString" -> {
          return "Confined[" + prefix + "*]";
        }
        default -> {
          // every other method is checked below
        }
      }
      if (args != null) {
        for (int i = 0; i < args.length; i++) {
          check(i, args[i]);
        }
      }
      Object result;
      try {
        result = method.invoke(store, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
      return result instanceof ListBucketsResponse all ? own(all) : result;
    }

    private void check(int index, Object arg) throws ReflectiveOperationException {
      if (index == 0 && arg instanceof String container) {
        require(container);
      } else if (arg instanceof MultipartUpload upload) {
        require(upload.containerName());
      } else if (arg instanceof S3Request request) {
        for (String accessor : BUCKET_ACCESSORS) {
          Method m;
          try {
            m = request.getClass().getMethod(accessor);
          } catch (NoSuchMethodException absent) {
            continue;
          }
          Object bucket = m.invoke(request);
          if (bucket instanceof String b) {
            require(b);
          }
        }
      }
    }

    private void require(String bucket) {
      if (bucket != null && !bucket.isEmpty() && !bucket.startsWith(prefix)) {
        throw S3Exception.builder().statusCode(403).awsErrorDetails(AwsErrorDetails.builder()
            .errorCode("AccessDenied").errorMessage("Access Denied").build()).build();
      }
    }

    private ListBucketsResponse own(ListBucketsResponse all) {
      return all.toBuilder().buckets(all.buckets().stream().filter(b -> b.name().startsWith(prefix)).toList())
          .build();
    }
  }
}
