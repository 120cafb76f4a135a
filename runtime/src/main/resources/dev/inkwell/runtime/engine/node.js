// Node.js globals and built-in modules that Laf functions use, for GraalJS (which has none of them).
// Evaluated in a Context on first use (see the glue's lazy globals); byte-level work (UTF-8, Base64, hashes, randomness) is done in Java.
// Returns the built-in modules by name, for require('crypto') / import ... from 'buffer' and the like.
(function (host) {
  'use strict';

  // ---- bytes <-> strings ----
  const view = (u8) => [u8.buffer, u8.byteOffset, u8.byteLength];
  const fromHost = (hostBuffer) => new Uint8Array(new ArrayBuffer(hostBuffer));
  function normEncoding(enc) {
    const e = String(enc || 'utf8').toLowerCase();
    switch (e) {
      case 'utf8': case 'utf-8': return 'utf8';
      case 'hex': return 'hex';
      case 'base64': return 'base64';
      case 'base64url': return 'base64url';
      case 'latin1': case 'binary': return 'latin1';
      case 'ascii': return 'ascii';
      case 'utf16le': case 'ucs2': case 'ucs-2': case 'utf-16le': return 'utf16le';
      default: throw new TypeError('Unknown encoding: ' + enc);
    }
  }
  function encode(str, enc) {
    str = String(str);
    switch (normEncoding(enc)) {
      case 'utf8': return fromHost(host.utf8Encode(str));
      case 'hex': {
        const n = str.length >>> 1, out = new Uint8Array(n);
        for (let i = 0; i < n; i++) {
          const b = parseInt(str.substr(i * 2, 2), 16);
          if (Number.isNaN(b)) return out.subarray(0, i);
          out[i] = b;
        }
        return out;
      }
      case 'base64': case 'base64url': return fromHost(host.base64Decode(str));
      case 'utf16le': {
        const out = new Uint8Array(str.length * 2);
        for (let i = 0; i < str.length; i++) { const c = str.charCodeAt(i); out[i * 2] = c & 0xff; out[i * 2 + 1] = c >>> 8; }
        return out;
      }
      default: {
        const out = new Uint8Array(str.length);
        for (let i = 0; i < str.length; i++) out[i] = str.charCodeAt(i) & 0xff;
        return out;
      }
    }
  }
  function decode(u8, enc) {
    switch (normEncoding(enc)) {
      case 'utf8': return host.utf8Decode(...view(u8));
      case 'hex': { let s = ''; for (let i = 0; i < u8.length; i++) s += (u8[i] < 16 ? '0' : '') + u8[i].toString(16); return s; }
      case 'base64': return host.base64Encode(...view(u8), false);
      case 'base64url': return host.base64Encode(...view(u8), true);
      case 'utf16le': { let s = ''; for (let i = 0; i + 1 < u8.length; i += 2) s += String.fromCharCode(u8[i] | (u8[i + 1] << 8)); return s; }
      case 'ascii': { let s = ''; for (let i = 0; i < u8.length; i++) s += String.fromCharCode(u8[i] & 0x7f); return s; }
      default: { let s = ''; for (let i = 0; i < u8.length; i++) s += String.fromCharCode(u8[i]); return s; }
    }
  }
  function bytesOf(data, enc) {
    if (typeof data === 'string') return encode(data, enc);
    if (data instanceof ArrayBuffer) return new Uint8Array(data);
    if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    throw new TypeError('The "data" argument must be a string, Buffer, TypedArray or ArrayBuffer');
  }

  // ---- Buffer: a Uint8Array with Node's encodings and helpers ----
  class Buffer extends Uint8Array {
    static from(value, encodingOrOffset, length) {
      if (typeof value === 'string') return Buffer._wrap(encode(value, encodingOrOffset));
      if (value instanceof ArrayBuffer) {
        const offset = encodingOrOffset >>> 0;
        return new Buffer(value, offset, length === undefined ? value.byteLength - offset : length >>> 0);
      }
      if (ArrayBuffer.isView(value)) { const b = Buffer.alloc(value.byteLength); b.set(new Uint8Array(value.buffer, value.byteOffset, value.byteLength)); return b; }
      if (Array.isArray(value)) { const b = Buffer.alloc(value.length); for (let i = 0; i < value.length; i++) b[i] = value[i] & 0xff; return b; }
      if (value && value.type === 'Buffer' && Array.isArray(value.data)) return Buffer.from(value.data);
      throw new TypeError('The first argument must be a string, Buffer, ArrayBuffer, Array or array-like object');
    }
    static _wrap(u8) { return new Buffer(u8.buffer, u8.byteOffset, u8.byteLength); }
    static alloc(size, fill, encoding) {
      const b = new Buffer(size >>> 0);
      if (fill !== undefined && fill !== 0) b.fill(typeof fill === 'string' ? encode(fill, encoding)[0] : fill);
      return b;
    }
    static allocUnsafe(size) { return new Buffer(size >>> 0); }
    static isBuffer(x) { return x instanceof Buffer; }
    static isEncoding(e) { try { normEncoding(e); return true; } catch (err) { return false; } }
    static byteLength(value, encoding) { return typeof value === 'string' ? encode(value, encoding).length : bytesOf(value).length; }
    static concat(list, totalLength) {
      const total = totalLength === undefined ? list.reduce((n, b) => n + b.length, 0) : totalLength;
      const out = Buffer.alloc(total);
      let at = 0;
      for (const b of list) { if (at >= total) break; const part = b.subarray(0, total - at); out.set(part, at); at += part.length; }
      return out;
    }
    static compare(a, b) { return a.compare(b); }
    toString(encoding, start, end) {
      const s = start === undefined ? 0 : start, e = end === undefined ? this.length : end;
      return decode(this.subarray(s, e), encoding);
    }
    toJSON() { return { type: 'Buffer', data: Array.from(this) }; }
    equals(other) { return this.compare(other) === 0; }
    compare(other) {
      const n = Math.min(this.length, other.length);
      for (let i = 0; i < n; i++) if (this[i] !== other[i]) return this[i] < other[i] ? -1 : 1;
      return this.length === other.length ? 0 : this.length < other.length ? -1 : 1;
    }
    slice(start, end) { return this.subarray(start, end); }
    write(string, offset, encoding) {
      if (typeof offset === 'string') { encoding = offset; offset = 0; }
      const bytes = encode(string, encoding), at = offset >>> 0, n = Math.min(bytes.length, this.length - at);
      this.set(bytes.subarray(0, n), at);
      return n;
    }
  }

  // ---- Web text and Base64 ----
  class TextEncoder {
    get encoding() { return 'utf-8'; }
    encode(input = '') { return encode(String(input), 'utf8'); }
  }
  class TextDecoder {
    constructor(label = 'utf-8') {
      const l = String(label).toLowerCase();
      if (l !== 'utf-8' && l !== 'utf8') throw new RangeError('TextDecoder: only utf-8 is supported, not ' + label);
    }
    get encoding() { return 'utf-8'; }
    decode(input) { return input === undefined ? '' : decode(bytesOf(input), 'utf8'); }
  }
  function btoa(s) {
    s = String(s);
    for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 255) throw new DOMException('Invalid character', 'InvalidCharacterError');
    return decode(encode(s, 'latin1'), 'base64');
  }
  function atob(s) { return decode(encode(String(s).replace(/[\t\n\f\r ]/g, ''), 'base64'), 'latin1'); }
  class DOMException extends Error {
    constructor(message, name = 'Error') { super(message); this.name = name; }
  }

  // ---- structuredClone ----
  function structuredClone(value) {
    const seen = new Map();
    const clone = (v) => {
      if (v === null || typeof v !== 'object') {
        if (typeof v === 'function' || typeof v === 'symbol') throw new DOMException(String(v) + ' could not be cloned.', 'DataCloneError');
        return v;
      }
      if (seen.has(v)) return seen.get(v);
      let out;
      if (v instanceof Date) out = new Date(v.getTime());
      else if (v instanceof RegExp) out = new RegExp(v.source, v.flags);
      else if (v instanceof ArrayBuffer) out = v.slice(0);
      else if (ArrayBuffer.isView(v)) out = new v.constructor(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength));
      else if (v instanceof Map) { out = new Map(); seen.set(v, out); for (const [k, x] of v) out.set(clone(k), clone(x)); return out; }
      else if (v instanceof Set) { out = new Set(); seen.set(v, out); for (const x of v) out.add(clone(x)); return out; }
      else if (v instanceof Error) { out = new v.constructor(v.message); }
      else if (Array.isArray(v)) { out = []; seen.set(v, out); for (let i = 0; i < v.length; i++) out[i] = clone(v[i]); return out; }
      else { out = {}; seen.set(v, out); for (const k of Object.keys(v)) out[k] = clone(v[k]); return out; }
      seen.set(v, out);
      return out;
    };
    return clone(value);
  }

  // ---- URLSearchParams and URL (WHATWG-style, for http(s) URLs and the common cases) ----
  const qsEncode = (s) => encodeURIComponent(s).replace(/%20/g, '+').replace(/[!'()~]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
  const qsDecode = (s) => { try { return decodeURIComponent(s.replace(/\+/g, ' ')); } catch (e) { return s; } };
  class URLSearchParams {
    constructor(init = '') {
      this._list = [];
      this._url = null;
      if (typeof init === 'string') this._parse(init);
      else if (init instanceof URLSearchParams) this._list = init._list.map(([k, v]) => [k, v]);
      else if (init && typeof init[Symbol.iterator] === 'function') for (const [k, v] of init) this._list.push([String(k), String(v)]);
      else if (init && typeof init === 'object') for (const k of Object.keys(init)) this._list.push([k, String(init[k])]);
    }
    _parse(s) {
      this._list = [];
      for (const part of s.replace(/^\?/, '').split('&')) {
        if (!part) continue;
        const eq = part.indexOf('=');
        this._list.push(eq < 0 ? [qsDecode(part), ''] : [qsDecode(part.slice(0, eq)), qsDecode(part.slice(eq + 1))]);
      }
    }
    _changed() { if (this._url) this._url._search = this._list.length ? '?' + this.toString() : ''; }
    get size() { return this._list.length; }
    append(k, v) { this._list.push([String(k), String(v)]); this._changed(); }
    delete(k) { this._list = this._list.filter(([x]) => x !== String(k)); this._changed(); }
    get(k) { const e = this._list.find(([x]) => x === String(k)); return e ? e[1] : null; }
    getAll(k) { return this._list.filter(([x]) => x === String(k)).map(([, v]) => v); }
    has(k) { return this._list.some(([x]) => x === String(k)); }
    set(k, v) {
      k = String(k);
      const i = this._list.findIndex(([x]) => x === k);
      if (i < 0) this._list.push([k, String(v)]);
      else { this._list[i][1] = String(v); this._list = this._list.filter(([x], j) => x !== k || j === i); }
      this._changed();
    }
    sort() { this._list.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)); this._changed(); }
    forEach(fn, thisArg) { for (const [k, v] of this._list) fn.call(thisArg, v, k, this); }
    keys() { return this._list.map(([k]) => k)[Symbol.iterator](); }
    values() { return this._list.map(([, v]) => v)[Symbol.iterator](); }
    entries() { return this._list.map(([k, v]) => [k, v])[Symbol.iterator](); }
    [Symbol.iterator]() { return this.entries(); }
    toString() { return this._list.map(([k, v]) => qsEncode(k) + '=' + qsEncode(v)).join('&'); }
  }

  const DEFAULT_PORTS = { 'http:': '80', 'https:': '443', 'ws:': '80', 'wss:': '443', 'ftp:': '21' };
  const URL_RE = /^([a-zA-Z][a-zA-Z0-9+.-]*:)\/\/(?:([^:@\/?#]*)(?::([^@\/?#]*))?@)?(\[[^\]]*\]|[^:\/?#]*)(?::(\d*))?([^?#]*)(\?[^#]*)?(#.*)?$/;
  function normalizePath(path) {
    const out = [];
    for (const seg of path.split('/').slice(1)) {
      if (seg === '..') out.pop(); else if (seg !== '.') out.push(seg);
    }
    return '/' + out.join('/');
  }
  class URL {
    constructor(url, base) {
      url = String(url).trim();
      let m = URL_RE.exec(url);
      if (!m && base !== undefined) {
        const b = base instanceof URL ? base : new URL(base);
        let path;
        if (url.startsWith('//')) return new URL(b.protocol + url);
        if (url.startsWith('/')) path = url;
        else if (url.startsWith('?') || url.startsWith('#') || url === '') path = b.pathname + (url.startsWith('#') ? b.search : '') + url;
        else path = b.pathname.replace(/[^/]*$/, '') + url;
        m = URL_RE.exec(b.origin.replace(/\/$/, '') + (path.startsWith('/') ? '' : '/') + path);
      }
      if (!m) throw new TypeError('Invalid URL: ' + url);
      this._protocol = m[1].toLowerCase();
      this._username = m[2] || '';
      this._password = m[3] || '';
      this._hostname = (m[4] || '').toLowerCase();
      this._port = m[5] && m[5] !== DEFAULT_PORTS[this._protocol] ? m[5] : '';
      this._pathname = normalizePath(m[6] || '/') ;
      this._search = m[7] && m[7] !== '?' ? m[7] : '';
      this._hash = m[8] && m[8] !== '#' ? m[8] : '';
      this._params = new URLSearchParams(this._search);
      this._params._url = this;
    }
    get protocol() { return this._protocol; }
    get username() { return this._username; }
    get password() { return this._password; }
    get hostname() { return this._hostname; }
    set hostname(v) { this._hostname = String(v).toLowerCase(); }
    get port() { return this._port; }
    set port(v) { this._port = String(v) === DEFAULT_PORTS[this._protocol] ? '' : String(v); }
    get host() { return this._hostname + (this._port ? ':' + this._port : ''); }
    get origin() { return this._protocol + '//' + this.host; }
    get pathname() { return this._pathname; }
    set pathname(v) { this._pathname = normalizePath(String(v).startsWith('/') ? String(v) : '/' + v); }
    get search() { return this._search; }
    set search(v) { v = String(v); this._search = v === '' || v === '?' ? '' : v.startsWith('?') ? v : '?' + v; this._params._parse(this._search); }
    get searchParams() { return this._params; }
    get hash() { return this._hash; }
    set hash(v) { v = String(v); this._hash = v === '' || v === '#' ? '' : v.startsWith('#') ? v : '#' + v; }
    get href() {
      const auth = this._username ? this._username + (this._password ? ':' + this._password : '') + '@' : '';
      return this._protocol + '//' + auth + this.host + this._pathname + this._search + this._hash;
    }
    toString() { return this.href; }
    toJSON() { return this.href; }
    static canParse(url, base) { try { new URL(url, base); return true; } catch (e) { return false; } }
  }

  // ---- crypto (the parts of Node's module that functions use; Java's MessageDigest / Mac / SecureRandom) ----
  const HASHES = { md5: 'MD5', sha1: 'SHA-1', sha256: 'SHA-256', sha384: 'SHA-384', sha512: 'SHA-512', 'sha512-256': 'SHA-512/256', sha224: 'SHA-224' };
  function algorithm(name) {
    const a = HASHES[String(name).toLowerCase().replace(/^rsa-/, '')];
    if (!a) throw new Error('Digest method not supported: ' + name);
    return a;
  }
  class Hash {
    constructor(alg, key) { this._alg = algorithm(alg); this._key = key; this._parts = []; this._done = false; }
    update(data, encoding) {
      if (this._done) throw new Error('Digest already called');
      this._parts.push(bytesOf(data, encoding));
      return this;
    }
    digest(encoding) {
      if (this._done) throw new Error('Digest already called');
      this._done = true;
      const all = Buffer.concat(this._parts);
      const out = Buffer._wrap(fromHost(this._key === undefined
        ? host.digest(this._alg, ...view(all))
        : host.hmac(this._alg, ...view(this._key), ...view(all))));
      return encoding === undefined || encoding === 'buffer' ? out : out.toString(encoding);
    }
  }
  function getRandomValues(typed) {
    if (!ArrayBuffer.isView(typed) || typed instanceof Float32Array || typed instanceof Float64Array) throw new TypeError('getRandomValues needs an integer TypedArray');
    if (typed.byteLength > 65536) throw new DOMException('quota exceeded: at most 65536 bytes', 'QuotaExceededError');
    new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength).set(fromHost(host.randomBytes(typed.byteLength)));
    return typed;
  }
  const crypto = Object.freeze({
    createHash: (alg) => new Hash(alg),
    createHmac: (alg, key) => new Hash(alg, bytesOf(key)),
    randomBytes: (n) => { if (!(n >= 0 && n <= 1 << 24)) throw new RangeError('randomBytes size out of range: ' + n); return Buffer._wrap(fromHost(host.randomBytes(n | 0))); },
    randomUUID: () => host.randomUUID(),
    randomInt: (min, max) => { if (max === undefined) { max = min; min = 0; } return host.randomInt(min, max); },
    getRandomValues,
    timingSafeEqual: (a, b) => { if (a.length !== b.length) throw new RangeError('Input buffers must have the same byte length'); let d = 0; for (let i = 0; i < a.length; i++) d |= a[i] ^ b[i]; return d === 0; },
    getHashes: () => Object.keys(HASHES),
  });

  const globals = { Buffer, TextEncoder, TextDecoder, atob, btoa, structuredClone, URL, URLSearchParams, DOMException };
  globals.crypto = Object.freeze({ getRandomValues, randomUUID: crypto.randomUUID });
  // Replaces the glue's lazy accessors (or nothing) with plain values; a value a function assigned itself stays.
  for (const [name, value] of Object.entries(globals)) {
    const d = Object.getOwnPropertyDescriptor(globalThis, name);
    if (d === undefined || d.get) Object.defineProperty(globalThis, name, { value, writable: true, configurable: true });
  }
  const withDefault = (m) => Object.freeze(Object.assign(Object.create(null), m, { default: m }));
  const modules = {
    crypto: withDefault(crypto),
    buffer: withDefault({ Buffer }),
    url: withDefault({ URL, URLSearchParams }),
    util: withDefault({ TextEncoder, TextDecoder }),
  };
  for (const name of Object.keys(modules)) modules['node:' + name] = modules[name];
  return modules;
})
