// A Node Socket.IO server node with the official Admin UI's server side (@socket.io/admin-ui
// instrument, no authentication, development mode) in a Redis cluster (classic
// @socket.io/redis-adapter), driven by SocketIoAdminUiNodeInteropTests:
//   node redis/admin-node.mjs <redis port> <server id>
// Reports {"event":"listening","port"}; its sockets get the data {user: auth.name} and join
// auth.room; "end" closes the server.
import { createServer } from "node:http";
import { Server } from "socket.io";
import { createAdapter } from "@socket.io/redis-adapter";
import { instrument } from "@socket.io/admin-ui";
import { createClient } from "redis";
import { main, readLine, report } from "../lib/report.mjs";

main(async () => {
  const url = `redis://127.0.0.1:${process.argv[2]}`;
  const pub = createClient({ url });
  const sub = pub.duplicate();
  await Promise.all([pub.connect(), sub.connect()]);
  const httpServer = createServer();
  const io = new Server(httpServer, { adapter: createAdapter(pub, sub, { requestsTimeout: 3000 }) });
  io.on("connection", (socket) => {
    socket.data.user = socket.handshake.auth.name;
    if (socket.handshake.auth.room) {
      socket.join(socket.handshake.auth.room);
    }
  });
  instrument(io, { auth: false, serverId: process.argv[3], mode: "development" });

  await new Promise((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  report("listening", { port: httpServer.address().port });
  for (let line = await readLine(); line !== null && line !== "end"; line = await readLine()) {
    report("ignored", { line });
  }
  io.close();
  await Promise.all([pub.quit(), sub.quit()]);
});
