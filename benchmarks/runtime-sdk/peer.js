// The Node.js peer for the SDK benchmark: the same function files, compiled once into cached vm.Script objects (as
// Laf does), with `cloud.mongo.db` being the MongoDB Node driver's Db (as in Laf) on the same database server.
// Modes: `laf` = Express with the kind of middleware Laf's runtime has, plus `ws` for __websocket__ (as Laf);
// `bare` = Node's http module, nothing in front. Written for this benchmark; it is not Laf's code.
// usage: node peer.js PORT MONGO_URI DB FUNCTIONS_DIR laf|bare
'use strict';
const http = require('http');
const vm = require('vm');
const fs = require('fs');
const path = require('path');
const { MongoClient, ObjectId } = require('mongodb');

const [port, mongoUri, dbName, dir, mode] = [Number(process.argv[2]), process.argv[3], process.argv[4], process.argv[5], process.argv[6] || 'laf'];

function toCommonJs(ts) { // the functions use only these bits of TypeScript / ES modules
  return ts.replace(/^import cloud from '@lafjs\/cloud'\n/m, '')
    .replace(/\(ctx: FunctionContext\)/g, '(ctx)')
    .replace(/export default async function/, 'module.exports.default = async function');
}

async function main() {
  const client = new MongoClient(mongoUri, { maxPoolSize: 100 });
  await client.connect();
  const cloud = { mongo: { db: client.db(dbName), ObjectId } };
  const functions = new Map();
  const context = vm.createContext({ console, cloud, Date, Math, JSON });
  for (const file of fs.readdirSync(dir)) {
    if (!file.endsWith('.ts')) continue;
    const source = '(function (module, exports) {' + toCommonJs(fs.readFileSync(path.join(dir, file), 'utf8')) + '\n})';
    const module = { exports: {} };
    new vm.Script(source, { filename: file }).runInContext(context)(module, module.exports);
    functions.set(file.slice(0, -3), module.exports.default);
  }
  let seq = 0;
  const run = async (fn, ctx, send) => {
    try {
      const result = await fn(ctx);
      send(200, result);
    } catch (e) {
      send(500, { error: 'function failed', requestId: ctx.requestId });
    }
  };
  let server;
  if (mode === 'bare') {
    server = http.createServer((req, res) => {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const fn = functions.get(req.url.split('?')[0].slice(1));
        const reply = (status, value) => { res.writeHead(status, { 'content-type': 'application/json' }); res.end(JSON.stringify(value)); };
        if (!fn) { reply(404, { error: 'function not found' }); return; }
        let body = {};
        try { body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {}; } catch (e) { reply(400, { error: 'invalid JSON body' }); return; }
        run(fn, { body, query: {}, headers: req.headers, method: req.method, requestId: 'b' + (++seq) }, reply);
      });
    });
  } else {
    const express = require('express');
    const app = express();
    app.disable('x-powered-by');
    app.use((req, res, next) => {
      if (req.headers.origin) { res.setHeader('Access-Control-Allow-Origin', req.headers.origin); res.setHeader('Access-Control-Allow-Credentials', 'true'); }
      next();
    });
    app.use(express.json({ limit: '10mb' }));
    app.use(express.urlencoded({ extended: true, limit: '10mb' }));
    app.use(express.raw({ limit: '10mb' }));
    app.use((req, res, next) => { req.requestId = req.headers['x-request-id'] || 'l' + (++seq); res.setHeader('x-request-id', req.requestId); next(); });
    app.all('*', (req, res) => {
      const fn = functions.get(req.path.slice(1));
      if (!fn) { res.status(404).send({ error: 'function not found' }); return; }
      run(fn, { body: req.body, query: req.query, headers: req.headers, method: req.method, requestId: req.requestId, request: req, response: res },
        (status, value) => { if (!res.writableEnded) res.status(status).send(value); });
    });
    server = http.createServer(app);
    // __websocket__ as Laf wires it: a ws server on the same port, every event a call of the function.
    const { WebSocketServer } = require('ws');
    const wss = new WebSocketServer({ server });
    const ws = functions.get('__websocket__');
    wss.on('connection', (socket, req) => {
      const call = (method, params) => ws && ws({ method, params, socket, headers: req.headers }).catch(() => {});
      call('WebSocket:connection', {});
      socket.on('message', (data, isBinary) => call('WebSocket:message', { data: isBinary ? data : data.toString(), isBinary }));
      socket.on('close', (code, reason) => call('WebSocket:close', { code, reason: String(reason) }));
    });
  }
  server.listen(port, '127.0.0.1', () => console.log(mode + ' peer on ' + port));
}
main().catch((e) => { console.error(e); process.exit(1); });
