// The Inkwell SDK for functions: cloud.mongo (the app's database), fetch, cloud.storage, and their helper classes.
// Evaluated in a Context on first use (see the glue). Every call that waits (database, network) runs in Java off this
// Context's thread; its result comes back as a task on this thread that settles the promise, so the Context serves other
// requests meanwhile.
(function (host) {
  'use strict';

  // ---- promises settled from Java ----
  function hostError(json) {
    const d = JSON.parse(json);
    const Ctor = d.name === 'TypeError' ? TypeError : d.name === 'RangeError' ? RangeError : Error;
    const e = new Ctor(d.message);
    if (Ctor === Error) e.name = d.name;
    if (d.code !== undefined) e.code = d.code;
    if (d.codeName !== undefined) e.codeName = d.codeName;
    return e;
  }
  function settle(start) {
    return new Promise((resolve, reject) => start(resolve, (json) => reject(hostError(json))));
  }

  // ---- ObjectId ----
  const HEX24 = /^[0-9a-fA-F]{24}$/;
  class ObjectId {
    constructor(id) {
      let hex;
      if (id === undefined || id === null) hex = host.newObjectId();
      else if (id instanceof ObjectId) hex = id._hex;
      else if (typeof id === 'string' && HEX24.test(id)) hex = id.toLowerCase();
      else if (id && typeof id.toHexString === 'function' && HEX24.test(id.toHexString())) hex = id.toHexString().toLowerCase();
      else throw new TypeError('input must be a 24 character hex string');
      Object.defineProperty(this, '_hex', { value: hex });
    }
    toHexString() { return this._hex; }
    toString() { return this._hex; }
    toJSON() { return this._hex; }
    equals(other) {
      if (other instanceof ObjectId) return other._hex === this._hex;
      return typeof other === 'string' && other.toLowerCase() === this._hex;
    }
    getTimestamp() { return new Date(parseInt(this._hex.substring(0, 8), 16) * 1000); }
    get [Symbol.toStringTag]() { return 'ObjectId'; }
    static isValid(v) {
      return v instanceof ObjectId || (typeof v === 'string' && HEX24.test(v));
    }
    static createFromHexString(hex) { return new ObjectId(String(hex)); }
    static createFromTime(seconds) { return new ObjectId(((seconds >>> 0).toString(16)).padStart(8, '0') + '0000000000000000'); }
  }

  // ---- BSON <-> JS, through Extended JSON text (parsed once on each side) ----
  const b64 = (u8) => host.base64Encode(u8.buffer, u8.byteOffset, u8.byteLength, false);
  function toBson(key, value) {
    const raw = this[key];
    if (raw instanceof ObjectId) return { $oid: raw._hex };
    if (raw instanceof Date) {
      const t = raw.getTime();
      if (Number.isNaN(t)) throw new TypeError('Invalid Date');
      return { $date: { $numberLong: String(t) } };
    }
    if (raw instanceof RegExp) return { $regularExpression: { pattern: raw.source, options: raw.flags.replace(/[^imsx]/g, '').split('').sort().join('') } };
    if (raw instanceof ArrayBuffer) return { $binary: { base64: b64(new Uint8Array(raw)), subType: '00' } };
    if (ArrayBuffer.isView(raw)) return { $binary: { base64: b64(new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength)), subType: '00' } };
    if (typeof raw === 'bigint') return { $numberLong: raw.toString() };
    if (typeof value === 'number' && !Number.isFinite(value)) return { $numberDouble: String(value) };
    return value;
  }
  function fromBson(key, v) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    if (v.$oid !== undefined) return new ObjectId(v.$oid);
    if (v.$date !== undefined) {
      const d = v.$date;
      return new Date(typeof d === 'number' || typeof d === 'string' ? d : Number(d.$numberLong));
    }
    if (v.$numberLong !== undefined) return Number(v.$numberLong);
    if (v.$numberDouble !== undefined) return Number(v.$numberDouble);
    if (v.$numberDecimal !== undefined) return v.$numberDecimal; // decimal128: kept exact, as a string
    if (v.$binary !== undefined) return globalThis.Buffer.from(v.$binary.base64, 'base64');
    if (v.$regularExpression !== undefined) return new RegExp(v.$regularExpression.pattern, v.$regularExpression.options);
    return v;
  }
  const encode = (args) => '{"a":' + JSON.stringify(args, toBson) + '}';
  const decode = (text) => text.indexOf('"$') < 0 ? JSON.parse(text) : JSON.parse(text, fromBson);

  // ---- cloud.mongo.db: the Node driver's shapes, Promise-returning ----
  function op(name, collection, args) {
    const json = encode(args);
    return settle((res, rej) => host.mongo(name, collection, json, res, rej)).then(decode);
  }
  const listOf = (p) => p.then((r) => r === null ? [] : r.r);

  class FindCursor {
    constructor(collection, filter, options) {
      this._c = collection; this._f = filter || {}; this._o = Object.assign({}, options);
    }
    sort(spec, dir) { this._o.sort = typeof spec === 'string' ? { [spec]: dir === undefined ? 1 : dir } : spec; return this; }
    limit(n) { this._o.limit = n; return this; }
    skip(n) { this._o.skip = n; return this; }
    project(p) { this._o.projection = p; return this; }
    toArray() { return listOf(op('find', this._c, [this._f, this._o])); }
    async forEach(fn) { for (const d of await this.toArray()) fn(d); }
    async *[Symbol.asyncIterator]() { for (const d of await this.toArray()) yield d; }
    count() { return op('countDocuments', this._c, [this._f, { limit: this._o.limit, skip: this._o.skip }]); }
  }
  class AggregationCursor {
    constructor(collection, pipeline) { this._c = collection; this._p = pipeline || []; }
    toArray() { return listOf(op('aggregate', this._c, [this._p])); }
    async *[Symbol.asyncIterator]() { for (const d of await this.toArray()) yield d; }
  }
  class Collection {
    constructor(name) { this.collectionName = String(name); }
    find(filter, options) { return new FindCursor(this.collectionName, filter, options); }
    findOne(filter, options) { return op('findOne', this.collectionName, [filter || {}, options || {}]); }
    async insertOne(doc) {
      const r = await op('insertOne', this.collectionName, [doc]);
      if (doc && typeof doc === 'object' && doc._id === undefined) doc._id = r.insertedId; // as the Node driver does
      return r;
    }
    async insertMany(docs) {
      const r = await op('insertMany', this.collectionName, [docs]);
      docs.forEach((d, i) => { if (d && typeof d === 'object' && d._id === undefined) d._id = r.insertedIds[i]; });
      return r;
    }
    updateOne(filter, update, options) { return op('updateOne', this.collectionName, [filter, update, options || {}]); }
    updateMany(filter, update, options) { return op('updateMany', this.collectionName, [filter, update, options || {}]); }
    replaceOne(filter, doc, options) { return op('replaceOne', this.collectionName, [filter, doc, options || {}]); }
    deleteOne(filter) { return op('deleteOne', this.collectionName, [filter || {}]); }
    deleteMany(filter) { return op('deleteMany', this.collectionName, [filter || {}]); }
    countDocuments(filter, options) { return op('countDocuments', this.collectionName, [filter || {}, options || {}]); }
    estimatedDocumentCount() { return op('estimatedDocumentCount', this.collectionName, []); }
    distinct(field, filter) { return listOf(op('distinct', this.collectionName, [String(field), filter || {}])); }
    aggregate(pipeline) { return new AggregationCursor(this.collectionName, pipeline); }
    createIndex(keys, options) { return op('createIndex', this.collectionName, [keys, options || {}]); }
    dropIndex(name) { return op('dropIndex', this.collectionName, [String(name)]); }
    indexes() { return listOf(op('indexes', this.collectionName, [])); }
    listIndexes() { return { toArray: () => this.indexes() }; }
    drop() { return op('drop', this.collectionName, []); }
    findOneAndUpdate(filter, update, options) { return op('findOneAndUpdate', this.collectionName, [filter, update, options || {}]); }
    findOneAndReplace(filter, doc, options) { return op('findOneAndReplace', this.collectionName, [filter, doc, options || {}]); }
    findOneAndDelete(filter, options) { return op('findOneAndDelete', this.collectionName, [filter, options || {}]); }
  }
  // The app's database, and only it: there is no way to name another database from here.
  const collections = new Map();
  const db = Object.freeze({
    databaseName: host.mongoDatabaseName(),
    collection(name) {
      name = String(name);
      let c = collections.get(name);
      if (c === undefined) { c = Object.freeze(new Collection(name)); collections.set(name, c); }
      return c;
    },
  });
  const mongo = Object.freeze({ db, ObjectId });

  // ---- fetch ----
  class Headers {
    constructor(init) {
      this._m = new Map();
      if (init == null) return;
      if (init instanceof Headers) { init.forEach((v, k) => this.append(k, v)); return; }
      if (Array.isArray(init) || typeof init[Symbol.iterator] === 'function') { for (const [k, v] of init) this.append(k, v); return; }
      for (const k of Object.keys(init)) this.append(k, init[k]);
    }
    append(name, value) { const k = String(name).toLowerCase(); const v = String(value); this._m.set(k, this._m.has(k) ? this._m.get(k) + ', ' + v : v); }
    set(name, value) { this._m.set(String(name).toLowerCase(), String(value)); }
    get(name) { const v = this._m.get(String(name).toLowerCase()); return v === undefined ? null : v; }
    has(name) { return this._m.has(String(name).toLowerCase()); }
    delete(name) { this._m.delete(String(name).toLowerCase()); }
    forEach(fn, self) { for (const [k, v] of this.entries()) fn.call(self, v, k, this); }
    *entries() { yield* [...this._m.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)); }
    *keys() { for (const [k] of this.entries()) yield k; }
    *values() { for (const [, v] of this.entries()) yield v; }
    [Symbol.iterator]() { return this.entries(); }
    _flat() { const out = []; for (const [k, v] of this._m) out.push(k, v); return out; }
  }

  const textDecode = (u8) => host.utf8Decode(u8.buffer, u8.byteOffset, u8.byteLength);
  const fromHost = (buf) => new Uint8Array(new ArrayBuffer(buf));

  // A minimal ReadableStream of Uint8Array chunks over a host response (getReader(), for await, cancel()).
  class BodyStream {
    constructor(handle, owner) { this._h = handle; this._owner = owner; this.locked = false; }
    getReader() {
      if (this.locked) throw new TypeError('ReadableStream is locked');
      this.locked = true; this._owner.bodyUsed = true;
      const h = this._h;
      return {
        read: () => settle((res, rej) => host.fetchRead(h, false, res, rej))
          .then((buf) => buf == null ? { done: true, value: undefined } : { done: false, value: fromHost(buf) }),
        cancel: () => { host.fetchCancel(h); return Promise.resolve(); },
        releaseLock: () => { this.locked = false; },
        closed: Promise.resolve(),
      };
    }
    cancel() { host.fetchCancel(this._h); return Promise.resolve(); }
    async *[Symbol.asyncIterator]() {
      const reader = this.getReader();
      try {
        for (;;) { const { done, value } = await reader.read(); if (done) return; yield value; }
      } finally { reader.cancel(); }
    }
  }

  const STATUS_TEXT = { 200: 'OK', 201: 'Created', 204: 'No Content', 301: 'Moved Permanently', 302: 'Found', 304: 'Not Modified', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout' };
  class Response {
    constructor(body, init) {
      init = init || {};
      this.status = init.status === undefined ? 200 : init.status | 0;
      this.statusText = init.statusText === undefined ? (STATUS_TEXT[this.status] || '') : String(init.statusText);
      this.headers = new Headers(init.headers);
      this.url = ''; this.redirected = false; this.bodyUsed = false; this.type = 'default';
      this._handle = null;
      this._bytes = body == null ? null : bytesOf(body, this.headers);
    }
    static _fromHost(handle) {
      const r = new Response(null, { status: handle.status() });
      const flat = handle.headers();
      for (let i = 0; i < flat.length; i += 2) r.headers.append(flat[i], flat[i + 1]);
      r.url = handle.url(); r.redirected = handle.redirected(); r.type = 'basic';
      r._handle = handle;
      return r;
    }
    static json(data, init) { const h = new Headers((init || {}).headers); if (!h.has('content-type')) h.set('content-type', 'application/json'); return new Response(JSON.stringify(data), Object.assign({}, init, { headers: h })); }
    get ok() { return this.status >= 200 && this.status < 300; }
    get body() {
      if (this._handle === null) return this._bytes === null ? null : memoryStream(this._bytes, this);
      return this._stream || (this._stream = new BodyStream(this._handle, this));
    }
    async arrayBuffer() {
      const u8 = await this._all();
      return u8.buffer.slice(u8.byteOffset, u8.byteOffset + u8.byteLength);
    }
    async bytes() { return await this._all(); }
    async text() { return textDecode(await this._all()); }
    async json() { return JSON.parse(await this.text()); }
    _all() {
      if (this.bodyUsed) return Promise.reject(new TypeError('Body is unusable: Body has already been read'));
      this.bodyUsed = true;
      if (this._handle === null) return Promise.resolve(this._bytes === null ? new Uint8Array(0) : this._bytes);
      const h = this._handle;
      return settle((res, rej) => host.fetchRead(h, true, res, rej)).then(fromHost);
    }
    clone() { throw new TypeError('Response.clone() is not supported by this runtime'); }
  }
  function memoryStream(bytes, owner) {
    let given = false;
    return {
      locked: false,
      getReader() {
        owner.bodyUsed = true;
        return { read: () => Promise.resolve(given ? { done: true, value: undefined } : (given = true, { done: false, value: bytes })), cancel: () => Promise.resolve(), releaseLock() {} };
      },
      async *[Symbol.asyncIterator]() { owner.bodyUsed = true; if (bytes.length) yield bytes; },
    };
  }
  function bytesOf(body, headers) {
    if (typeof body === 'string') {
      if (!headers.has('content-type')) headers.set('content-type', 'text/plain;charset=UTF-8');
      return fromHost(host.utf8Encode(body));
    }
    if (body instanceof ArrayBuffer) return new Uint8Array(body);
    if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
    if (typeof globalThis.URLSearchParams === 'function' && body instanceof globalThis.URLSearchParams) {
      if (!headers.has('content-type')) headers.set('content-type', 'application/x-www-form-urlencoded;charset=UTF-8');
      return fromHost(host.utf8Encode(body.toString()));
    }
    if (!headers.has('content-type')) headers.set('content-type', 'text/plain;charset=UTF-8');
    return fromHost(host.utf8Encode(String(body)));
  }

  function fetch(input, init) {
    try {
      init = init || {};
      const url = typeof input === 'string' ? input : input && typeof input.href === 'string' ? input.href : String(input && input.url !== undefined ? input.url : input);
      const method = String(init.method || 'GET').toUpperCase();
      const headers = new Headers(init.headers);
      let body = null;
      if (init.body != null) {
        if (method === 'GET' || method === 'HEAD') throw new TypeError('Request with GET/HEAD method cannot have body.');
        const u8 = bytesOf(init.body, headers);
        body = u8.buffer.slice(u8.byteOffset, u8.byteOffset + u8.byteLength);
      }
      const timeout = init.timeout === undefined ? 0 : +init.timeout;
      const follow = init.redirect !== 'manual';
      return settle((res, rej) => host.fetch(method, url, headers._flat(), body, timeout, follow, res, rej)).then(Response._fromHost);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  // ---- cloud.storage: the app's buckets (Laf's CloudStorageBucket shapes, S3 field names) ----
  async function bytesFrom(body) {
    if (body == null) throw new TypeError('body is required');
    if (typeof body === 'string') return fromHost(host.utf8Encode(body));
    if (body instanceof ArrayBuffer) return new Uint8Array(body);
    if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
    const iterable = body[Symbol.asyncIterator] ? body : body.body && body.body[Symbol.asyncIterator] ? body.body : null;
    if (iterable !== null) { // a stream (e.g. a fetch response body): collected, then uploaded
      const parts = []; let n = 0;
      for await (const chunk of iterable) { const u8 = typeof chunk === 'string' ? fromHost(host.utf8Encode(chunk)) : new Uint8Array(chunk.buffer || chunk, chunk.byteOffset || 0, chunk.byteLength); parts.push(u8); n += u8.byteLength; }
      const out = new Uint8Array(n); let at = 0;
      for (const p of parts) { out.set(p, at); at += p.byteLength; }
      return out;
    }
    throw new TypeError('body must be a string, Buffer, Uint8Array, ArrayBuffer or a stream');
  }
  const copyOut = (u8) => u8.buffer.slice(u8.byteOffset, u8.byteOffset + u8.byteLength);
  const requireKey = (key) => { if (typeof key !== 'string' || key === '') throw new TypeError('filename is required'); return key; };
  class CloudStorageBucket {
    constructor(shortName, fullName) { this._short = shortName; this.name = fullName; }
    async readFile(filename) {
      requireKey(filename);
      const f = await settle((res, rej) => host.storageRead(this._short, filename, res, rej));
      const bytes = globalThis.Buffer.from(new ArrayBuffer(f.bytes()));
      const body = {
        transformToByteArray: async () => bytes,
        transformToString: async (encoding) => bytes.toString(encoding || 'utf8'),
        async *[Symbol.asyncIterator]() { yield bytes; },
      };
      return { Body: body, ContentType: f.contentType(), ContentLength: f.size(), ETag: f.etag(), LastModified: new Date(f.lastModified()) };
    }
    async writeFile(filename, body, options) {
      requireKey(filename);
      const bytes = await bytesFrom(body);
      const type = options && (options.ContentType || options.contentType) || (typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/octet-stream');
      const json = await settle((res, rej) => host.storageWrite(this._short, filename, copyOut(bytes), String(type), res, rej));
      return JSON.parse(json);
    }
    async deleteFile(filename) {
      requireKey(filename);
      return JSON.parse(await settle((res, rej) => host.storageDelete(this._short, filename, res, rej)));
    }
    async listFiles(prefix, options) {
      options = options || {};
      const max = options.MaxKeys === undefined ? 1000 : options.MaxKeys | 0;
      const marker = options.Marker || options.StartAfter || options.ContinuationToken || '';
      const json = await settle((res, rej) => host.storageList(this._short, prefix == null ? '' : String(prefix), max, String(marker), res, rej));
      return decode(json);
    }
    async getDownloadUrl(filename, expiresIn) { return host.storagePresign(this._short, requireKey(filename), false, expiresIn === undefined ? 3600 : expiresIn | 0); }
    async getUploadUrl(filename, expiresIn) { return host.storagePresign(this._short, requireKey(filename), true, expiresIn === undefined ? 3600 : expiresIn | 0); }
    externalUrl(filename) { return host.storageExternalUrl(this._short, requireKey(filename)); }
  }
  const storage = Object.freeze({
    bucket(name) {
      if (typeof name !== 'string' || name === '') throw new TypeError('bucket name is required');
      const r = JSON.parse(host.storageBucket(name));
      if (r.error !== undefined) { const e = new Error(r.error); e.code = 'ERR_BUCKET_REFUSED'; throw e; }
      return Object.freeze(new CloudStorageBucket(name, r.name));
    },
  });

  return { mongo, ObjectId, fetch, Headers, Response, storage };
})
