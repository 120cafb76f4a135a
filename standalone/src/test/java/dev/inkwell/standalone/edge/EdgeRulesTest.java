package dev.inkwell.standalone.edge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The pure rules of the edge: host matching, regex_uri, byte ranges, content types, ETag matching. */
class EdgeRulesTest {

  @Test
  void matchesHostsWithoutPortCaseOrTrailingDot() {
    assertEquals("app1.localhost", RouteTable.host("App1.LocalHost:8080"));
    assertEquals("app1.localhost", RouteTable.host("app1.localhost."));
    assertEquals("[::1]", RouteTable.host("[::1]:8080"));
    assertEquals("", RouteTable.host(null));
  }

  @Test
  void rewritesWithTheFirstMatchingPairLikeApisix() {
    List<EdgeRoute.Rewrite> rx = List.of(
        new EdgeRoute.Rewrite(Pattern.compile("^/$"), "/b/index.html"),
        new EdgeRoute.Rewrite(Pattern.compile("^(/.*)/$"), "/b$1/index.html"),
        new EdgeRoute.Rewrite(Pattern.compile("^/(?:.*/)?[^/.]+$"), "/b/index.html"),
        new EdgeRoute.Rewrite(Pattern.compile("^(/.*)$"), "/b$1"));
    assertEquals("/b/index.html", EdgeRoute.rewrite(rx, "/"));
    assertEquals("/b/docs/index.html", EdgeRoute.rewrite(rx, "/docs/"));
    assertEquals("/b/index.html", EdgeRoute.rewrite(rx, "/users/42"));
    assertEquals("/b/assets/app.js", EdgeRoute.rewrite(rx, "/assets/app.js"));
    assertEquals("/unchanged", EdgeRoute.rewrite(List.of(), "/unchanged"));
  }

  @Test
  void parsesAndResolvesSingleByteRanges() {
    assertArrayEquals(new long[] {10, 10}, ByteRange.parse("bytes=10-19").resolve(100));
    assertArrayEquals(new long[] {90, 10}, ByteRange.parse("bytes=90-").resolve(100));
    assertArrayEquals(new long[] {90, 10}, ByteRange.parse("bytes=90-500").resolve(100));
    assertArrayEquals(new long[] {97, 3}, ByteRange.parse("bytes=-3").resolve(100));
    assertArrayEquals(new long[] {0, 100}, ByteRange.parse("bytes=-500").resolve(100));
    assertNull(ByteRange.parse("bytes=100-").resolve(100));
    assertNull(ByteRange.parse("bytes=0-1,5-6"));
    assertNull(ByteRange.parse("items=0-1"));
    assertNull(ByteRange.parse("bytes=5-1"));
    assertNull(ByteRange.parse("bytes=x-1"));
  }

  @Test
  void prefersAStoredTypeAndFallsBackToTheExtension() {
    assertEquals("text/markdown", ContentTypes.of("a.md", "text/markdown"));
    assertTrue(ContentTypes.of("app.mjs", "application/octet-stream").startsWith("application/javascript"));
    assertEquals("application/wasm", ContentTypes.of("x/y.WASM", null));
    assertEquals("font/woff2", ContentTypes.of("f.woff2", "binary/octet-stream"));
    assertEquals("application/octet-stream", ContentTypes.of("dir.v2/file", null));
  }

  @Test
  void matchesEtagsQuotedWeakListedOrStar() {
    assertTrue(ObjectSource.matches("\"abc\"", "abc"));
    assertTrue(ObjectSource.matches("W/\"abc\"", "abc"));
    assertTrue(ObjectSource.matches("\"x\", \"abc\"", "abc"));
    assertTrue(ObjectSource.matches("*", "abc"));
    assertFalse(ObjectSource.matches("\"abd\"", "abc"));
    assertFalse(ObjectSource.matches(null, "abc"));
  }
}
