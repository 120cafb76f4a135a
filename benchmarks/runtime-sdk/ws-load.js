// WebSocket echo load: opens N sockets, then each sends a message, waits for its echo, and sends the next, for D
// seconds. Prints messages/s (echoes received) and round-trip percentiles.
// usage: node ws-load.js URL SOCKETS SECONDS
'use strict';
const WebSocket = require('ws');
const [url, n, seconds] = [process.argv[2], Number(process.argv[3] || 1000), Number(process.argv[4] || 10)];
const payload = 'x'.repeat(64);
const sockets = [];
let opened = 0, failed = 0;
const rtts = [];
let measuring = false, received = 0;

function open(i) {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    ws.on('open', () => { opened++; resolve(ws); });
    ws.on('error', () => { failed++; resolve(null); });
  });
}

(async () => {
  for (let i = 0; i < n; i += 100) {
    const batch = [];
    for (let j = i; j < Math.min(n, i + 100); j++) batch.push(open(j));
    sockets.push(...(await Promise.all(batch)).filter(Boolean));
  }
  let stop = false;
  for (const ws of sockets) {
    let sentAt = 0;
    ws.on('message', () => {
      if (measuring) { received++; if (rtts.length < 2e6) rtts.push(performance.now() - sentAt); }
      if (!stop) { sentAt = performance.now(); ws.send(payload); }
    });
    sentAt = performance.now();
    ws.send(payload);
  }
  await new Promise((r) => setTimeout(r, 2000)); // warm-up
  measuring = true;
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  measuring = false;
  const elapsed = (performance.now() - t0) / 1000;
  stop = true;
  rtts.sort((a, b) => a - b);
  const pct = (p) => rtts.length ? rtts[Math.min(rtts.length - 1, Math.floor(rtts.length * p))].toFixed(2) : 'n/a';
  console.log(JSON.stringify({ sockets: opened, failed, messagesPerSecond: Math.round(received / elapsed), p50ms: pct(0.5), p99ms: pct(0.99) }));
  for (const ws of sockets) ws.terminate();
  process.exit(0);
})();
