// A Node Socket.IO server node in a Redis Streams cluster (@socket.io/redis-streams-adapter 0.3.1,
// connection state recovery on), and the socket.io-client sockets of the test, driven by
// SocketIoRedisStreamsNodeInteropTests: node redis/redis-streams-node.mjs <redis port>, or, on a Redis
// Cluster (SocketIoRedisStreamsClusterTests), <port>,<port>,... of its nodes
// Reports {"event":"listening","port"}, then runs one JSON command per stdin line and reports its
// outcome; "end" closes everything.
//
// Server commands: emit {room?, args}, emitBinary, emitWithAck {event}, serverSideEmit {args},
//   serverSideEmitWithAck, fetchSockets, remoteEmit {id}, socketsJoin {id, room},
//   disconnectSockets {id}, serverCount, localCount -> {count} of the local sockets,
//   socket {id} -> {recovered, rooms, data} of a local socket.
// Client commands (a socket.io-client socket per name, WebSocket only, no reconnection):
//   connect {client, port, auth} -> {id, recovered}; news {client, count, timeoutMs?} -> {news: [[args...]...]}
//   once `count` "news" events arrived since the last call (each with its offset last; binary values as
//   {"$binary": base64}), else a failure;
//   drop {client} closes its Engine.IO connection abruptly; offsets {client} -> {pid, offset};
//   close {client}; answer {client, event} acknowledges that event with the socket id.
import { createServer } from "node:http";
import { Server } from "socket.io";
import { io as connectClient } from "socket.io-client";
import { createAdapter } from "@socket.io/redis-streams-adapter";
import { createClient, createCluster } from "redis";
import { main, once, readLine, report } from "../lib/report.mjs";

// Binary values as {"$binary": "<base64>"}, whatever type the client decoded them to.
function encode(value) {
  if (Buffer.isBuffer(value) || ArrayBuffer.isView(value)) {
    return { $binary: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64") };
  }
  if (value instanceof ArrayBuffer) {
    return { $binary: Buffer.from(value).toString("base64") };
  }
  if (Array.isArray(value)) {
    return value.map(encode);
  }
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, encode(field)]));
  }
  return value;
}

main(async () => {
  const urls = process.argv[2].split(",").map((port) => `redis://127.0.0.1:${port}`);
  const redis = urls.length > 1 ? createCluster({ rootNodes: urls.map((url) => ({ url })) }) : createClient({ url: urls[0] });
  await redis.connect();
  const httpServer = createServer();
  const io = new Server(httpServer, {
    adapter: createAdapter(redis),
    connectionStateRecovery: { maxDisconnectionDuration: 60000, skipMiddlewares: true },
  });

  io.on("connection", (socket) => {
    if (!socket.recovered) {
      socket.data = { user: socket.handshake.auth.name };
      if (socket.handshake.auth.room) {
        socket.join(socket.handshake.auth.room);
      }
    }
  });
  io.on("hello", (...args) => report("hello", { args }));
  io.on("question", (...args) => args[args.length - 1]("answer from node"));

  await new Promise((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  report("listening", { port: httpServer.address().port });

  const clients = new Map();
  const client = (name) => {
    const entry = clients.get(name);
    if (!entry) {
      throw new Error(`no client ${name}`);
    }
    return entry;
  };

  const commands = {
    emit: ({ room, args }) => (room ? io.to(room) : io).emit("news", ...args),
    emitBinary: () => io.emit("news", Buffer.from([1, 2, 3]), { nested: Buffer.from("hi") }),
    emitWithAck: async ({ event }) => ({ replies: await io.timeout(3000).emitWithAck(event) }),
    serverSideEmit: ({ args }) => io.serverSideEmit("hello", ...args),
    serverSideEmitWithAck: async () => ({ replies: await io.serverSideEmitWithAck("question") }),
    fetchSockets: async () => ({
      sockets: (await io.fetchSockets()).map((s) => ({
        id: s.id, rooms: [...s.rooms], data: s.data, query: s.handshake.query, auth: s.handshake.auth,
      })),
    }),
    remoteEmit: async ({ id }) => {
      const [socket] = await io.in(id).fetchSockets();
      socket.emit("news", "from node through the remote socket");
    },
    socketsJoin: ({ id, room }) => io.in(id).socketsJoin(room),
    disconnectSockets: ({ id }) => io.in(id).disconnectSockets(),
    serverCount: async () => ({ count: await io.of("/").adapter.serverCount() }),
    localCount: () => ({ count: io.of("/").sockets.size }),
    socket: ({ id }) => {
      const socket = io.of("/").sockets.get(id);
      return socket ? { recovered: socket.recovered, rooms: [...socket.rooms], data: socket.data } : { missing: true };
    },
    connect: async ({ client: name, port, auth }) => {
      const socket = connectClient(`http://127.0.0.1:${port}`, {
        transports: ["websocket"], reconnection: false, forceNew: true, auth,
      });
      const entry = { socket, news: [], waiting: null };
      socket.on("news", (...args) => {
        entry.news.push(encode(args));
        entry.waiting?.();
      });
      clients.set(name, entry);
      const [outcome] = await Promise.race([once(socket, "connect").then(() => ["connect"]),
        once(socket, "connect_error").then(([error]) => [error])]);
      if (outcome !== "connect") {
        throw new Error(`${name} could not connect: ${outcome.message}`);
      }
      return { id: socket.id, recovered: socket.recovered };
    },
    news: async ({ client: name, count, timeoutMs = 10000 }) => {
      const entry = client(name);
      const deadline = Date.now() + timeoutMs;
      while (entry.news.length < count) {
        if (Date.now() > deadline) {
          throw new Error(`${name} got ${JSON.stringify(entry.news)}, not ${count} news`);
        }
        await new Promise((resolve) => {
          entry.waiting = resolve;
          setTimeout(resolve, 200);
        });
      }
      return { news: entry.news.splice(0, count) };
    },
    drop: async ({ client: name }) => {
      const { socket } = client(name);
      const disconnected = once(socket, "disconnect");
      socket.io.engine.close();
      await disconnected;
    },
    offsets: ({ client: name }) => ({ pid: client(name).socket._pid, offset: client(name).socket._lastOffset }),
    close: ({ client: name }) => {
      client(name).socket.close();
      clients.delete(name);
    },
    answer: ({ client: name, event }) => {
      const { socket } = client(name);
      socket.on(event, (...args) => args[args.length - 1](socket.id));
    },
  };
  for (let line = await readLine(); line !== null && line !== "end"; line = await readLine()) {
    const command = JSON.parse(line);
    try {
      const result = (await commands[command.cmd](command)) ?? {};
      report(command.cmd, result);
    } catch (error) {
      report(command.cmd, { failure: error.message });
    }
  }
  for (const { socket } of clients.values()) {
    socket.close();
  }
  io.close();
  await redis.quit();
});
