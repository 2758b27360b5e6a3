'use strict';
// The Node reference server: socket.io 4.8.x with its default options, the benchmark behaviour.
// Usage: node server.js <port>   (prints "LISTENING <port>" when ready)
const http = require('node:http');
const { Server } = require('socket.io');

const port = Number(process.argv[2] || 3000);
const httpServer = http.createServer();
const io = new Server(httpServer);

io.on('connection', (socket) => {
  socket.join('bench');
  socket.on('echo', (payload, ack) => {
    if (typeof ack === 'function') ack(payload);
  });
  socket.on('fanout', (payload) => {
    io.to('bench').emit('fan', payload);
  });
});

httpServer.listen(port, '127.0.0.1', () => console.log(`LISTENING ${httpServer.address().port}`));
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => { io.close(); process.exit(0); });
}
