// The peer for the runtime benchmark: serves the same three functions the way Laf's Node runtime does at its core,
// a Node http server calling functions compiled once into cached vm.Script objects (Laf adds Express on top, which
// only costs the peer more; this peer is therefore the faster baseline).
// usage: node node-peer.js PORT FUNCTIONS_DIR
'use strict';
const http = require('http');
const loadFunctions = require('./load-functions');

const port = Number(process.argv[2] || 8001);
const functions = loadFunctions(process.argv[3]);

let seq = 0;
const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  const fn = functions.get(url.pathname.slice(1));
  if (!fn) { res.statusCode = 404; res.end('{"error":"function not found"}'); return; }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    const raw = Buffer.concat(chunks).toString('utf8');
    const type = req.headers['content-type'] || '';
    let body = {};
    if (raw && type.startsWith('application/json')) body = JSON.parse(raw);
    else if (raw) body = raw;
    const requestId = req.headers['x-request-id'] || 'n' + (++seq);
    const ctx = { body, query: Object.fromEntries(url.searchParams), headers: req.headers, method: req.method, requestId, user: null };
    try {
      const result = await fn(ctx);
      res.setHeader('x-request-id', requestId);
      if (result === undefined) { res.statusCode = 204; res.end(); return; }
      if (typeof result === 'string') { res.setHeader('Content-Type', 'text/plain; charset=utf-8'); res.end(result); return; }
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      res.end(JSON.stringify(result));
    } catch (e) {
      res.statusCode = 500; res.end(JSON.stringify({ error: 'function failed', requestId }));
    }
  });
});
server.keepAliveTimeout = 65000;
server.listen(port, '127.0.0.1', () => console.log('node peer on ' + port));
