// The Laf-shaped peer for the runtime benchmark: the request pipeline of Laf's Node runtime, in outline (Express with
// CORS headers, JSON / form / raw body parsers up to 10 MB, a request id, the bearer token looked at) in front of the
// same functions compiled once into cached vm.Script objects. Written for this benchmark; it is not Laf's code.
// usage: node laf-peer.js PORT FUNCTIONS_DIR
'use strict';
const express = require('express');
const loadFunctions = require('./load-functions');

const port = Number(process.argv[2] || 8002);
const functions = loadFunctions(process.argv[3]);

const app = express();
app.disable('x-powered-by');
app.use((req, res, next) => {
  const origin = req.headers.origin;
  if (origin) {
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
  }
  if (req.method === 'OPTIONS') { res.setHeader('Access-Control-Max-Age', '86400'); res.sendStatus(204); return; }
  next();
});
app.use(express.json({ limit: '10mb' }));
app.use(express.urlencoded({ extended: true, limit: '10mb' }));
app.use(express.raw({ limit: '10mb' }));
let seq = 0;
app.use((req, res, next) => {
  req.requestId = req.headers['x-request-id'] || 'l' + (++seq);
  res.setHeader('x-request-id', req.requestId);
  const auth = req.headers.authorization;
  req.user = auth && auth.startsWith('Bearer ') ? null : null; // token parsing would go here
  next();
});
app.all('*', async (req, res) => {
  const fn = functions.get(req.path.slice(1));
  if (!fn) { res.status(404).send({ error: 'function not found' }); return; }
  const ctx = { body: req.body, query: req.query, headers: req.headers, method: req.method, requestId: req.requestId, user: req.user, request: req, response: res };
  try {
    const result = await fn(ctx);
    if (res.writableEnded) return;
    if (result === undefined) { res.status(204).end(); return; }
    res.send(result);
  } catch (e) {
    res.status(500).send({ error: 'function failed', requestId: req.requestId });
  }
});
app.listen(port, '127.0.0.1', () => console.log('laf-shaped peer on ' + port));
