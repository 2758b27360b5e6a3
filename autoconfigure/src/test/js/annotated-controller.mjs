// Drives the @SocketEvent controllers of AnnotatedApplication with the official socket.io-client
// and reports every acknowledgement. Usage: node annotated-controller.mjs --url URL --transports LIST
import { parseArgs } from "node:util";
import { io } from "socket.io-client";
import { closedCleanly } from "./lib/engine.mjs";
import { main, once, report } from "./lib/report.mjs";

const { values } = parseArgs({
  options: { url: { type: "string" }, transports: { type: "string", default: "polling,websocket" } },
});
const transports = values.transports.split(",");

function connect(namespace, auth) {
  return io(values.url + namespace, { transports, auth, reconnection: false, forceNew: true });
}

main(async () => {
  const socket = connect("/orders", { user: "js" });
  await once(socket, "connect");
  report("connected", { transport: socket.io.engine.transport.name });

  report("place", { ack: await socket.timeout(5000).emitWithAck("place", { item: "tea", quantity: 2 }) });
  report("bulk", {
    ack: await socket.timeout(5000).emitWithAck("bulk", [{ item: "a", quantity: 1 }, { item: "b", quantity: 3 }], 10),
  });
  const reversed = await socket.timeout(5000).emitWithAck("reverse", { name: "bytes", data: Buffer.from([1, 2, 3]) });
  report("reverse", { name: reversed.name, data: [...reversed.data], binary: Buffer.isBuffer(reversed.data) });
  report("later", { ack: await socket.timeout(5000).emitWithAck("later", "js") });
  report("invalid", { ack: await socket.timeout(5000).emitWithAck("place", { item: "", quantity: 0 }) });
  report("fail", { ack: await socket.timeout(5000).emitWithAck("fail", "boom") });
  report("proxy", { ack: await socket.timeout(5000).emitWithAck("short", "much too long") });
  const fired = once(socket, "fired");
  socket.emit("fire", "pew");
  report("fired", { args: await fired });

  const tenant = connect("/tenant/acme", {});
  await once(tenant, "connect");
  report("where", { ack: await tenant.timeout(5000).emitWithAck("where") });
  const tenantGone = closedCleanly(tenant.io.engine);
  tenant.close();
  await tenantGone;

  // the client closes its connection as soon as its only namespace is refused
  const refused = connect("/orders", { token: "bad" });
  const refusedGone = closedCleanly(refused.io.engine);
  const [error] = await once(refused, "connect_error");
  report("refused", { message: error.message, data: error.data });
  refused.close();
  await refusedGone;

  // Node-style handlers: a welcome emitted once connected, after two asynchronous interceptors,
  // an event taking every argument, a namespace declared by a controller without methods
  const lobby = connect("/lobby", { ticket: "js-1" });
  const [checks] = await once(lobby, "welcome");
  report("welcome", { checks, connected: lobby.connected });
  const all = await new Promise((resolve, reject) =>
    lobby.timeout(5000).emit("all", 1, "two", { three: 3 }, (err, count, args) => (err ? reject(err) : resolve({ count, args }))),
  );
  report("all", all);
  const lobbyGone = closedCleanly(lobby.io.engine);
  lobby.close();
  await lobbyGone;
  const noTicket = connect("/lobby", {});
  const noTicketGone = closedCleanly(noTicket.io.engine);
  const [ticketError] = await once(noTicket, "connect_error");
  report("noTicket", { message: ticketError.message, data: ticketError.data });
  noTicket.close();
  await noTicketGone;
  const quiet = connect("/quiet", {});
  await once(quiet, "connect");
  report("quiet", { connected: quiet.connected });
  const quietGone = closedCleanly(quiet.io.engine);
  quiet.close();
  await quietGone;

  if (transports.length > 1) {
    await (socket.io.engine.transport.name === "websocket" ? Promise.resolve() : once(socket.io.engine, "upgrade"));
  }
  report("final", { transport: socket.io.engine.transport.name });
  const gone = closedCleanly(socket.io.engine);
  socket.close();
  await gone;
});
