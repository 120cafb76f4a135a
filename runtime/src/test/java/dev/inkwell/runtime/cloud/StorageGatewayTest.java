package dev.inkwell.runtime.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** Bucket names a function may use: only ever inside its own app's {@code <appid>-} prefix. */
class StorageGatewayTest {

  private static StorageGateway gateway(String appid) {
    URI endpoint = URI.create("http://127.0.0.1:9");
    return new StorageGateway(appid, new StorageSettings(endpoint, endpoint, "us-east-1", appid, "secret", 1024));
  }

  @Test
  void appidsWithoutHyphensTakeLafsBucketNames() {
    StorageGateway g = gateway("blog");
    assertEquals("blog-site", g.bucketName("site"));
    assertEquals("blog-my-site", g.bucketName("my-site"));
    assertEquals("blog-my-site", g.bucketName("blog-my-site"));
    assertEquals("blog-other-site", g.bucketName("other-site")); // read as this app's short name, as Laf does
    for (String bad : new String[] {"-site", "site-", "Site", "a/b", "a..b", ""}) {
      assertThrows(IllegalArgumentException.class, () -> g.bucketName(bad), bad);
    }
  }

  @Test
  void appidsWithHyphensKeepShortNamesPlainSoNoNameReachesAnotherApp() {
    // apps "a" + bucket "b-c" and "a-b" + bucket "c" would both be "a-b-c": the hyphenated app gets no hyphens
    StorageGateway g = gateway("a-b");
    assertEquals("a-b-c", g.bucketName("c"));
    assertThrows(IllegalArgumentException.class, () -> g.bucketName("c-d"));
  }
}
