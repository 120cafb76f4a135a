package dev.inkwell.runtime.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Multi-app mode (the standalone platform's runtime): apps chosen by Host, each with its own Contexts, shared cache and
 * token keys. MongoDB is the in-process stand-in (see RuntimeHarness).
 */
class MultiAppIT {

  static RuntimeHarness h;

  @BeforeAll
  static void start() throws InterruptedException {
    h = RuntimeHarness.multi();
    for (String app : new String[] {"alpha", "beta"}) {
      h.publishTo(app, "who", "import cloud from '@lafjs/cloud'\nexport default async function () { return cloud.appid }");
      h.publishTo(app, "put", "import cloud from '@lafjs/cloud'\nexport default async function (ctx) { cloud.shared.set('k', ctx.query.v); return 'ok' }");
      h.publishTo(app, "take", "import cloud from '@lafjs/cloud'\nexport default async function () { return String(cloud.shared.get('k')) }");
      h.publishTo(app, "token", "import cloud from '@lafjs/cloud'\nexport default async function () { return cloud.getToken({ uid: 'x' }) }");
      h.publishTo(app, "check", "import cloud from '@lafjs/cloud'\nexport default async function (ctx) { return String(cloud.parseToken(ctx.query.t) !== null) }");
      h.publishTo(app, "leak", "export default async function () { globalThis.leaked = 'from ' + cloud.appid; return typeof globalThis.leaked }");
      h.publishTo(app, "probe", "export default async function () { return typeof globalThis.leaked }");
    }
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  @Test
  void routesByHost() {
    assertEquals("alpha", h.await(() -> h.getFrom("alpha", "/who"), x -> x.statusCode() == 200).body());
    assertEquals("beta", h.await(() -> h.getFrom("beta", "/who"), x -> x.statusCode() == 200).body());
  }

  @Test
  void unknownAppIs404() {
    HttpResponse<String> r = h.getFrom("nosuchapp", "/who");
    assertEquals(404, r.statusCode());
    assertEquals("app not found", FunctionsIT.errorOf(r));
    assertEquals(404, h.get("/who").statusCode()); // no <appid>.localhost host at all
  }

  @Test
  void sharedCacheIsPerApp() {
    h.await(() -> h.getFrom("alpha", "/put?v=secret-of-alpha"), x -> x.statusCode() == 200);
    h.await(() -> h.getFrom("beta", "/take"), x -> x.statusCode() == 200);
    assertEquals("secret-of-alpha", h.getFrom("alpha", "/take").body());
    assertEquals("undefined", h.getFrom("beta", "/take").body());
  }

  @Test
  void tokensOfOneAppAreRejectedByAnother() {
    String token = h.await(() -> h.getFrom("alpha", "/token"), x -> x.statusCode() == 200).body();
    assertEquals("true", h.await(() -> h.getFrom("alpha", "/check?t=" + token), x -> x.statusCode() == 200).body());
    assertEquals("false", h.await(() -> h.getFrom("beta", "/check?t=" + token), x -> x.statusCode() == 200).body());
  }

  @Test
  void globalsOfOneAppAreInvisibleToAnother() {
    assertEquals("string", h.await(() -> h.getFrom("alpha", "/leak"), x -> x.statusCode() == 200).body());
    assertEquals("undefined", h.await(() -> h.getFrom("beta", "/probe"), x -> x.statusCode() == 200).body());
  }
}
