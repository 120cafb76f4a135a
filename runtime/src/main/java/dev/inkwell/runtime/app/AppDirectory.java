package dev.inkwell.runtime.app;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Finds the app behind an appid. Implementations may do I/O: callers run them off the event loop. */
public interface AppDirectory {

  Pattern APPID = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

  /** The app, or null when there is none with this id. */
  AppSpec find(String appid);

  /** Production: the runtime serves exactly one app. */
  static AppDirectory single(AppSpec spec) {
    return appid -> spec.appid().equals(appid) ? spec : null;
  }

  /**
   * Multi-app (development): every app has its own database, named after the appid, on one server; an app exists
   * when its database has a {@code __functions__} collection. Each app's token secret is derived from a master secret
   * (HMAC-SHA256 of the appid), so no two apps accept each other's tokens.
   */
  static AppDirectory databasePerApp(MongoClient client, String masterSecret) {
    return appid -> {
      if (!APPID.matcher(appid).matches()) {
        return null;
      }
      MongoDatabase db = client.getDatabase(appid);
      for (String name : db.listCollectionNames()) {
        if (name.equals("__functions__")) {
          // Development mode has no object store per app: cloud.storage says it is not configured.
          return new AppSpec(appid, db, deriveSecret(masterSecret, appid), Map.of(), null, null);
        }
      }
      return null;
    };
  }

  static String deriveSecret(String masterSecret, String appid) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(masterSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(appid.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }
}
