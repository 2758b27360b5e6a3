'use strict';
// The Node reference server: socket.io 4.8.x with its default options, the benchmark behaviour.
// Usage: node server.js <port>   (prints "LISTENING <port>" when ready)
// PING_INTERVAL and PING_TIMEOUT (ms) in the environment override the defaults (slowreaders);
// GET /stats answers {"clients": <open Engine.IO sessions>}. With REDIS_PORT, the node joins a
// cluster over the redis-server on 127.0.0.1:REDIS_PORT (@socket.io/redis-adapter, classic mode).
const http = require('node:http');
const { Server } = require('socket.io');

const port = Number(process.argv[2] || 3000);
let io;
const httpServer = http.createServer((req, res) => {
  if (req.url === '/stats') {
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ clients: io.engine.clientsCount }));
  } else {
    res.statusCode = 404;
    res.end();
  }
});
const options = {};
if (process.env.PING_INTERVAL) options.pingInterval = Number(process.env.PING_INTERVAL);
if (process.env.PING_TIMEOUT) options.pingTimeout = Number(process.env.PING_TIMEOUT);
io = new Server(httpServer, options);

io.on('connection', (socket) => {
  socket.join('bench');
  socket.on('echo', (payload, ack) => {
    if (typeof ack === 'function') ack(payload);
  });
  socket.on('fanout', (payload) => {
    io.to('bench').emit('fan', payload);
  });
});

async function clusterAdapter() {
  if (!process.env.REDIS_PORT) return;
  const { createAdapter } = require('@socket.io/redis-adapter');
  const { createClient } = require('redis');
  const pub = createClient({ url: `redis://127.0.0.1:${process.env.REDIS_PORT}` });
  const sub = pub.duplicate();
  await Promise.all([pub.connect(), sub.connect()]);
  io.adapter(createAdapter(pub, sub));
}

clusterAdapter().then(() => {
  httpServer.listen(port, '127.0.0.1', () => console.log(`LISTENING ${httpServer.address().port}`));
});
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => { io.close(); process.exit(0); });
}
