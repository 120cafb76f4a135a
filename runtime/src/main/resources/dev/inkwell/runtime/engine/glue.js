// Inkwell runtime glue: evaluated once per Context, before any function code.
// It receives the Java host bridge as an argument and keeps it in this closure only: function code never sees it.
// It installs console, timers and `cloud`, and returns the entry points the Java side calls. The Node-compatible
// globals and modules (node.js) are evaluated on first use only, which keeps Context creation (and cold start) short.
(function (host) {
  'use strict';

  for (const name of ['Java', 'Polyglot', 'Graal', 'load', 'loadWithNewGlobal', 'print', 'printErr', 'quit', 'read', 'readbuffer', 'readline']) {
    try { delete globalThis[name]; } catch (e) { /* not configurable: fine, the option already disabled it */ }
  }

  // ---- console: structured lines on the Java side, tagged with the request id and function name there ----
  function formatArg(a) {
    if (typeof a === 'string') return a;
    if (a instanceof Error) return a.stack || String(a);
    if (a === undefined) return 'undefined';
    if (typeof a === 'function') return '[Function ' + (a.name || 'anonymous') + ']';
    if (typeof a === 'bigint') return a.toString() + 'n';
    try { const s = JSON.stringify(a); return s === undefined ? String(a) : s; } catch (e) { return String(a); }
  }
  function logger(level) { return (...args) => host.log(level, args.map(formatArg).join(' ')); }
  const consoleObject = Object.freeze({
    log: logger('INFO'), info: logger('INFO'), debug: logger('DEBUG'), trace: logger('DEBUG'),
    warn: logger('WARN'), error: logger('ERROR'),
  });
  Object.defineProperty(globalThis, 'console', { value: consoleObject, writable: true, configurable: true });

  // ---- timers on this Context's own event loop (the worker thread) ----
  function timer(repeat) {
    return (fn, ms, ...args) => {
      if (typeof fn !== 'function') throw new TypeError('The "callback" argument must be of type function');
      const delay = Number.isFinite(+ms) && +ms > 0 ? +ms : 0;
      return host.setTimer(() => fn(...args), delay, repeat);
    };
  }
  const clear = (id) => { if (typeof id === 'number') host.clearTimer(id); };
  globalThis.setTimeout = timer(false);
  globalThis.setInterval = timer(true);
  globalThis.setImmediate = (fn, ...args) => timer(false)(fn, 0, ...args);
  globalThis.clearTimeout = clear;
  globalThis.clearInterval = clear;
  globalThis.clearImmediate = clear;

  // ---- Node-compatible globals, loaded on first touch ----
  let builtins = null;
  const nodeModules = () => builtins || (builtins = host.nodeModules());
  const NODE_GLOBALS = ['Buffer', 'TextEncoder', 'TextDecoder', 'atob', 'btoa', 'structuredClone', 'URL', 'URLSearchParams', 'DOMException', 'crypto'];
  for (const name of NODE_GLOBALS) {
    if (typeof globalThis[name] !== 'undefined') continue;
    Object.defineProperty(globalThis, name, {
      configurable: true,
      get() { nodeModules(); return globalThis[name]; }, // node.js redefines the property as a plain value
      set(v) { Object.defineProperty(globalThis, name, { value: v, writable: true, configurable: true }); },
    });
  }

  // ---- the cloud object (per Context: one app per Context) ----
  const shared = Object.freeze({
    get: (key) => { const v = host.sharedGet(String(key)); return v == null ? undefined : JSON.parse(v); },
    set: (key, value) => { host.sharedSet(String(key), JSON.stringify(value === undefined ? null : value)); return shared; },
    has: (key) => host.sharedHas(String(key)),
    delete: (key) => host.sharedDelete(String(key)),
    clear: () => host.sharedClear(),
    keys: () => JSON.parse(host.sharedKeys()),
    get size() { return host.sharedSize(); },
  });
  const cloud = {
    appid: host.appid(),
    env: Object.freeze(JSON.parse(host.envJson())),
    shared,
    getToken: (payload, expiresInSeconds) => host.getToken(JSON.stringify(payload || {}), expiresInSeconds == null ? -1 : +expiresInSeconds),
    parseToken: (token) => { const s = token ? host.parseToken(String(token)) : null; return s == null ? null : JSON.parse(s); },
  };
  // The SDK (database, storage, fetch) is evaluated on first use, like the Node globals.
  let sdk = null;
  const sdkModule = () => sdk || (sdk = host.sdkModule());
  Object.defineProperty(cloud, 'mongo', { get: () => sdkModule().mongo, enumerable: true });
  Object.defineProperty(cloud, 'storage', { get: () => sdkModule().storage, enumerable: true });
  cloud.fetch = (input, init) => sdkModule().fetch(input, init);
  for (const name of ['fetch', 'Headers', 'Response']) {
    if (typeof globalThis[name] !== 'undefined') continue;
    Object.defineProperty(globalThis, name, {
      configurable: true,
      get() { const v = sdkModule()[name]; Object.defineProperty(globalThis, name, { value: v, writable: true, configurable: true }); return v; },
      set(v) { Object.defineProperty(globalThis, name, { value: v, writable: true, configurable: true }); },
    });
  }
  Object.defineProperty(cloud, 'sockets', { get: () => liveSockets(), enumerable: true }); // see __websocket__ below
  Object.defineProperty(cloud, 'default', { value: cloud, enumerable: false });
  Object.freeze(cloud);
  Object.defineProperty(globalThis, 'cloud', { value: cloud, writable: false, configurable: false });

  // ---- modules: '@/name' is another function of this app; '@lafjs/cloud' is the cloud object ----
  function makeRequire(resolver) {
    return function require(spec) {
      spec = String(spec);
      if (spec === '@lafjs/cloud') return cloud;
      if (spec.startsWith('@/')) {
        const m = resolver.require(spec.substring(2));
        if (m !== null) return m;
        const err = new Error("Cannot find function '" + spec + "'");
        err.code = 'MODULE_NOT_FOUND';
        throw err;
      }
      const mods = nodeModules();
      if (Object.prototype.hasOwnProperty.call(mods, spec)) return mods[spec];
      const err = new Error("Cannot find module '" + spec + "'");
      err.code = 'MODULE_NOT_FOUND';
      throw err;
    };
  }
  function instantiate(factory, name, resolver) {
    const module = { exports: {} };
    factory.call(module.exports, module.exports, makeRequire(resolver), module, name, '/');
    return module.exports;
  }
  function entryOf(exports) {
    if (exports == null) return null;
    if (typeof exports.default === 'function') return exports.default;
    if (typeof exports.main === 'function') return exports.main;
    if (typeof exports === 'function') return exports;
    return null;
  }

  // ---- the ctx object and the Express-like response ----
  function headerObject(flat) {
    const h = {};
    for (let i = 0; i < flat.length; i += 2) {
      const k = flat[i], v = flat[i + 1];
      h[k] = k in h ? h[k] + ', ' + v : v;
    }
    return h;
  }
  function queryObject(flat) {
    const q = {};
    for (let i = 0; i < flat.length; i += 2) {
      const k = flat[i], v = flat[i + 1];
      if (!(k in q)) q[k] = v; else if (Array.isArray(q[k])) q[k].push(v); else q[k] = [q[k], v];
    }
    return q;
  }
  const BAD_JSON = {};
  function parseBody(req) {
    const kind = req.bodyKind();
    switch (kind) {
      case 0: return {};
      case 1: try { return JSON.parse(req.bodyText()); } catch (e) { return BAD_JSON; }
      case 2: return req.bodyText();
      case 3: return queryObject(req.bodyForm());
      default: return nodeModules().buffer.Buffer.from(new ArrayBuffer(req.bodyBuffer())); // as Laf: a Buffer
    }
  }

  function toPayload(value) {
    // [kind, data]: 0 nothing, 1 text, 2 json text, 3 bytes (Uint8Array / ArrayBuffer)
    if (value === undefined) return [0, null];
    if (typeof value === 'string') return [1, value];
    if (value instanceof ArrayBuffer) return [3, new Uint8Array(value)];
    if (ArrayBuffer.isView(value)) return [3, new Uint8Array(value.buffer, value.byteOffset, value.byteLength)];
    const json = JSON.stringify(value);
    return json === undefined ? [0, null] : [2, json];
  }

  class Response {
    constructor(sink) {
      this._sink = sink; this.statusCode = 200; this._headers = new Map(); this.headersSent = false; this.finished = false;
    }
    status(code) { this.statusCode = code | 0; return this; }
    sendStatus(code) { this.statusCode = code | 0; return this.send(String(code)); }
    setHeader(name, value) { this._headers.set(String(name).toLowerCase(), [String(name), Array.isArray(value) ? value.join(', ') : String(value)]); return this; }
    set(name, value) {
      if (typeof name === 'object') { for (const k of Object.keys(name)) this.setHeader(k, name[k]); return this; }
      return this.setHeader(name, value);
    }
    header(name, value) { return this.set(name, value); }
    getHeader(name) { const h = this._headers.get(String(name).toLowerCase()); return h ? h[1] : undefined; }
    get(name) { return this.getHeader(name); }
    removeHeader(name) { this._headers.delete(String(name).toLowerCase()); return this; }
    type(contentType) { return this.setHeader('Content-Type', contentType); }
    _flatHeaders() { const out = []; for (const [, [k, v]] of this._headers) out.push(k, v); return out; }
    send(body) {
      if (this.finished) return this;
      this.finished = true; this.headersSent = true;
      const [kind, data] = toPayload(body);
      this._sink.respond(this.statusCode, this._flatHeaders(), kind, kind === 3 ? data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) : data);
      return this;
    }
    json(body) { if (!this._headers.has('content-type')) this.setHeader('Content-Type', 'application/json; charset=utf-8'); return this.send(JSON.stringify(body)); }
    write(chunk) {
      if (this.finished) return false;
      if (!this.headersSent) { this.headersSent = true; this._sink.startStream(this.statusCode, this._flatHeaders()); }
      const [kind, data] = toPayload(chunk);
      if (kind === 3) this._sink.writeBytes(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
      else if (kind !== 0) this._sink.writeText(data);
      return true;
    }
    end(chunk) {
      if (this.finished) return this;
      if (!this.headersSent) return this.send(chunk === undefined ? '' : chunk);
      if (chunk !== undefined) this.write(chunk);
      this.finished = true;
      this._sink.endStream();
      return this;
    }
    flushHeaders() { if (!this.headersSent) { this.headersSent = true; this._sink.startStream(this.statusCode, this._flatHeaders()); } }
  }

  function makeCtx(req, sink, body) {
    const headers = headerObject(req.headers());
    let query, user, userParsed = false;
    const response = new Response(sink);
    const ctx = {
      body, headers, method: req.method(), requestId: req.requestId(), files: [],
      get query() { return query === undefined ? (query = queryObject(req.query())) : query; },
      set query(v) { query = v; },
      get user() {
        if (!userParsed) { userParsed = true; const s = req.userJson(); user = s == null ? null : JSON.parse(s); }
        return user;
      },
      set user(v) { userParsed = true; user = v; },
      request: { method: req.method(), url: req.url(), path: req.path(), headers, get query() { return ctx.query; }, get body() { return ctx.body; } },
      response,
      __function_name: req.functionName(),
    };
    return ctx;
  }

  function finish(ctx, value, sink) {
    const res = ctx.response;
    if (res.finished || res.headersSent) return; // the function answered (or is streaming) through ctx.response
    if (value === undefined && res.statusCode === 200) { res.statusCode = 204; }
    res.send(value);
  }

  function fail(sink, err) {
    const message = err instanceof Error ? (err.name + ': ' + err.message) : formatArg(err);
    const stack = err instanceof Error && err.stack ? String(err.stack) : '';
    sink.fail(message, stack);
  }

  function then(result, onValue, onError) {
    if (result !== null && (typeof result === 'object' || typeof result === 'function') && typeof result.then === 'function') {
      result.then(onValue, onError);
    } else {
      onValue(result);
    }
  }

  // Runs one request: interceptor (if any), then the function. Everything is reported through the sink, exactly once.
  function invoke(mainExports, interceptorExports, req, sink) {
    try {
      const fn = entryOf(mainExports);
      if (fn === null) { sink.fail('TypeError: function has no default export (expected `export default async function (ctx)`)', ''); return; }
      const body = parseBody(req);
      if (body === BAD_JSON) { sink.reject(400, 'invalid JSON body'); return; }
      const ctx = makeCtx(req, sink, body);
      const onError = (e) => fail(sink, e);
      const interceptor = interceptorExports == null ? null : entryOf(interceptorExports);
      if (interceptor === null) {
        then(fn(ctx), (v) => finish(ctx, v, sink), onError);
      } else if (interceptor.length >= 2) {
        // Laf 1.x style: the interceptor decides, and calls next(ctx) to run the function.
        const next = (c) => fn(c || ctx);
        then(interceptor(ctx, next), (v) => finish(ctx, v, sink), onError);
      } else {
        // Legacy style: return false to refuse the call.
        then(interceptor(ctx), (allowed) => {
          if (ctx.response.finished || ctx.response.headersSent) return;
          if (allowed === false) { sink.reject(403, 'Forbidden'); return; }
          then(fn(ctx), (v) => finish(ctx, v, sink), onError);
        }, onError);
      }
    } catch (e) {
      fail(sink, e);
    }
  }

  function runInit(initExports, sink) {
    try {
      const fn = entryOf(initExports);
      if (fn === null) { sink.done(); return; }
      then(fn({ body: {}, query: {}, headers: {}, method: 'INIT', requestId: 'init', user: null, files: [] }),
        () => sink.done(), (e) => fail(sink, e));
    } catch (e) {
      fail(sink, e);
    }
  }

  // ---- WebSockets: __websocket__ gets ctx.method 'WebSocket:connection' | 'WebSocket:message' | 'WebSocket:close' |
  // 'WebSocket:error' (as in Laf), ctx.params, ctx.socket. One wrapper per socket and Context, so identity holds. ----
  const socketWrappers = new Map();
  class WebSocketHandle {
    constructor(h) { this._h = h; this.id = String(h.id()); this._headers = null; this._query = null; this._user = undefined; }
    get readyState() { return this._h.open() ? 1 : 3; }
    send(data) {
      if (typeof data === 'string') { this._h.sendText(data); return; }
      if (data instanceof ArrayBuffer) { this._h.sendBytes(data, 0, data.byteLength); return; }
      if (ArrayBuffer.isView(data)) { this._h.sendBytes(data.buffer, data.byteOffset, data.byteLength); return; }
      this._h.sendText(typeof data === 'object' ? JSON.stringify(data) : String(data));
    }
    close(code, reason) { this._h.close(code === undefined ? 1000 : code | 0, reason === undefined ? '' : String(reason)); }
  }
  function socketOf(h) {
    const id = h.id();
    let w = socketWrappers.get(id);
    if (w === undefined) { w = new WebSocketHandle(h); socketWrappers.set(id, w); }
    return w;
  }
  function liveSockets() {
    const live = host.sockets();
    const out = new Set();
    for (let i = 0; i < live.length; i++) out.add(socketOf(live[i]));
    for (const [id, w] of socketWrappers) if (!out.has(w)) socketWrappers.delete(id); // closed meanwhile
    return out;
  }

  function invokeSocket(mainExports, ev) {
    try {
      const fn = entryOf(mainExports);
      if (fn === null) { ev.fail('TypeError: __websocket__ has no default export', ''); return; }
      const kind = ev.kind();
      const socket = socketOf(ev.socket());
      let params = {};
      if (kind === 'message') {
        const d = ev.data();
        params = typeof d === 'string' ? { data: d, isBinary: false } : { data: nodeModules().buffer.Buffer.from(new ArrayBuffer(d)), isBinary: true };
      } else if (kind === 'close') {
        params = { code: ev.closeCode(), reason: ev.closeReason() };
        socketWrappers.delete(ev.socket().id());
      } else if (kind === 'error') {
        params = new Error(ev.errorMessage());
      }
      // The upgrade request's parts are read once per socket (and only when used), not once per message.
      const ctx = { method: 'WebSocket:' + kind, params, socket, requestId: ev.requestId(), body: params, files: [],
        get headers() { return socket._headers || (socket._headers = headerObject(ev.headers())); },
        get query() { return socket._query || (socket._query = queryObject(ev.query())); },
        get user() { if (socket._user === undefined) { const s = ev.userJson(); socket._user = s == null ? null : JSON.parse(s); } return socket._user; },
        __function_name: '__websocket__' };
      then(fn(ctx), () => ev.done(), (e) => fail(ev, e));
    } catch (e) {
      fail(ev, e);
    }
  }

  return { instantiate, invoke, runInit, invokeSocket };
})
