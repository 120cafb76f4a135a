package dev.inkwell.runtime.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Node.js globals and modules Laf functions use (Buffer, TextEncoder, atob, structuredClone, URL, crypto), each
 * checked against values Node itself gives. Real runtime; MongoDB is the in-process stand-in (see RuntimeHarness).
 */
class NodeApisIT {

  static RuntimeHarness h;

  @BeforeAll
  static void start() throws InterruptedException {
    h = RuntimeHarness.single(1, Duration.ofSeconds(10));
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  private static String run(String name, String code) {
    h.publish(name, code);
    HttpResponse<String> r = h.await("/" + name, x -> x.statusCode() != 404);
    assertEquals(200, r.statusCode(), r.body());
    return r.body();
  }

  @Test
  void cryptoHashesAndHmacsMatchNode() {
    assertEquals("{\"sha256\":\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\","
        + "\"md5\":\"900150983cd24fb0d6963f7d28e17f72\","
        + "\"hmac\":\"f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8\","
        + "\"b64\":\"ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=\",\"uuid\":true,\"random\":16}", run("hashes", """
        import crypto from 'crypto'
        import { createHmac } from 'node:crypto'
        export default async function () {
          return {
            sha256: crypto.createHash('sha256').update('abc').digest('hex'),
            md5: crypto.createHash('md5').update('a').update('bc').digest('hex'),
            hmac: createHmac('sha256', 'key').update('The quick brown fox jumps over the lazy dog').digest('hex'),
            b64: crypto.createHash('sha256').update(Buffer.from('abc')).digest('base64'),
            uuid: /^[0-9a-f-]{36}$/.test(crypto.randomUUID()),
            random: crypto.randomBytes(16).length,
          }
        }
        """));
  }

  @Test
  void bufferEncodingsRoundTrip() {
    assertEquals("{\"hex\":\"68c3a96c6c6f\",\"b64\":\"aMOpbGxv\",\"back\":\"héllo\",\"concat\":\"ab\","
        + "\"json\":{\"type\":\"Buffer\",\"data\":[104,105]},\"isBuffer\":true,\"len\":6,\"url\":\"-_8\"}", run("buffers", """
        export default async function () {
          const b = Buffer.from('héllo')
          return {
            hex: b.toString('hex'),
            b64: b.toString('base64'),
            back: Buffer.from('aMOpbGxv', 'base64').toString(),
            concat: Buffer.concat([Buffer.from('a'), Buffer.from([98])]).toString('utf8'),
            json: Buffer.from('hi').toJSON(),
            isBuffer: Buffer.isBuffer(b.subarray(1)),
            len: Buffer.byteLength('héllo'),
            url: Buffer.from([0xfb, 0xff]).toString('base64url'),
          }
        }
        """));
  }

  @Test
  void webTextAndBase64Globals() {
    assertEquals("{\"bytes\":[226,130,172],\"text\":\"€\",\"btoa\":\"aGk=\",\"atob\":\"hi\"}", run("webtext", """
        export default async function () {
          return {
            bytes: Array.from(new TextEncoder().encode('€')),
            text: new TextDecoder().decode(new Uint8Array([226, 130, 172])),
            btoa: btoa('hi'),
            atob: atob('aGk='),
          }
        }
        """));
  }

  @Test
  void structuredCloneCopiesDeeplyWithCycles() {
    assertEquals("{\"independent\":true,\"date\":true,\"map\":2,\"cycle\":true}", run("clone", """
        export default async function () {
          const o = { list: [1, { x: 2 }], when: new Date(0), m: new Map([['a', 1], ['b', 2]]) }
          o.self = o
          const c = structuredClone(o)
          c.list[1].x = 99
          return { independent: o.list[1].x === 2, date: c.when instanceof Date && c.when.getTime() === 0,
                   map: c.m.size, cycle: c.self === c }
        }
        """));
  }

  @Test
  void urlAndSearchParams() {
    assertEquals("{\"host\":\"api.example.com:8443\",\"path\":\"/v1/items\",\"q\":\"a b\",\"origin\":\"https://api.example.com:8443\","
        + "\"href\":\"https://api.example.com:8443/v1/items?q=a+b&page=2#top\",\"relative\":\"https://x.dev/b/c?d=1\","
        + "\"params\":\"x=1&y=%C3%A9\"}", run("urls", """
        export default async function () {
          const u = new URL('https://API.example.com:8443/v1/./items?q=a%20b#top')
          u.searchParams.append('page', '2')
          const p = new URLSearchParams({ x: '1' })
          p.set('y', 'é')
          return { host: u.host, path: u.pathname, q: u.searchParams.get('q'), origin: u.origin, href: u.href,
                   relative: new URL('../b/c?d=1', 'https://x.dev/a/z').href, params: p.toString() }
        }
        """));
  }
}
