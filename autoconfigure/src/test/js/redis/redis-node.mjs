// A Node Socket.IO server node in a Redis cluster (@socket.io/redis-adapter), driven by
// SocketIoRedisNodeInteropTests: node redis/redis-node.mjs <redis port>, classic mode; or by
// SocketIoRedisShardedTests: node redis/redis-node.mjs <port,port,...> sharded <subscription mode>,
// sharded pub/sub (createShardedAdapter) on a Redis Cluster whose nodes listen on those ports.
// Reports {"event":"listening","port"}, then runs one JSON command per stdin line and reports its
// outcome; "end" closes the server.
import { createServer } from "node:http";
import { Server } from "socket.io";
import { createAdapter, createShardedAdapter } from "@socket.io/redis-adapter";
import { createClient, createCluster } from "redis";
import { main, readLine, report } from "../lib/report.mjs";

main(async () => {
  const [ports, mode = "classic", subscriptionMode] = process.argv.slice(2);
  const urls = ports.split(",").map((port) => `redis://127.0.0.1:${port}`);
  const pub = mode === "sharded" ? createCluster({ rootNodes: urls.map((url) => ({ url })) }) : createClient({ url: urls[0] });
  const sub = pub.duplicate();
  await Promise.all([pub.connect(), sub.connect()]);
  const httpServer = createServer();
  const adapter = mode === "sharded" ? createShardedAdapter(pub, sub, { subscriptionMode })
    : createAdapter(pub, sub, { requestsTimeout: 3000 });
  const io = new Server(httpServer, { adapter });

  io.on("connection", (socket) => {
    socket.data = { user: socket.handshake.auth.name };
    if (socket.handshake.auth.room) {
      socket.join(socket.handshake.auth.room);
    }
  });
  io.on("hello", (...args) => report("hello", { args }));
  io.on("question", (...args) => args[args.length - 1]("answer from node"));

  await new Promise((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  report("listening", { port: httpServer.address().port });

  const commands = {
    emit: ({ room, rooms, except, args }) => io.to(rooms ?? room ?? []).except(except ?? []).emit("news", ...args),
    emitBinary: () => io.emit("bin", Buffer.from([1, 2, 3]), { nested: Buffer.from("hi") }),
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
    socketsLeave: ({ id, room }) => io.in(id).socketsLeave(room),
    disconnectSockets: ({ id }) => io.in(id).disconnectSockets(),
    serverCount: async () => ({ count: await io.of("/").adapter.serverCount() }),
    allRooms: async () => ({ rooms: [...(await io.of("/").adapter.allRooms())] }),
  };
  for (let line = await readLine(); line !== null && line !== "end"; line = await readLine()) {
    const command = JSON.parse(line);
    const result = (await commands[command.cmd](command)) ?? {};
    report(command.cmd, result);
  }
  io.close();
  await Promise.all([pub.quit(), sub.quit()]);
});
