// Many official clients in one room while several senders broadcast at once: every client must
// see the same order. Usage: node broadcast-order.mjs --url URL --clients N --relays R
//   --per-relay M --expected TOTAL
// Client 0 emits "start" (the server's own threads begin to broadcast), and R clients each emit
// "relay" M times (the server broadcasts each to the room); every client counts "order" events
// until it has TOTAL of them, then the script compares the sequences.
import { parseArgs } from "node:util";
import { io } from "socket.io-client";
import { closedCleanly } from "./lib/engine.mjs";
import { main, once, report } from "./lib/report.mjs";

const { values } = parseArgs({
  options: {
    url: { type: "string" },
    clients: { type: "string", default: "200" },
    relays: { type: "string", default: "4" },
    "per-relay": { type: "string", default: "100" },
    expected: { type: "string" },
  },
});
const clients = Number(values.clients);
const relays = Number(values.relays);
const perRelay = Number(values["per-relay"]);
const expected = Number(values.expected);

main(async () => {
  const sockets = [];
  const sequences = [];
  let complete = 0;
  let resolveAll;
  const allReceived = new Promise((resolve) => (resolveAll = resolve));
  for (let i = 0; i < clients; i++) {
    const socket = io(values.url, { transports: ["websocket"], reconnection: false, forceNew: true });
    const sequence = [];
    socket.on("order", (label) => {
      sequence.push(label);
      if (sequence.length === expected && ++complete === clients) {
        resolveAll();
      }
    });
    sockets.push(socket);
    sequences.push(sequence);
  }
  await Promise.all(sockets.map((socket) => once(socket, "connect", 30000)));
  // every client is in the room once its connect has been answered
  report("connected", { clients });
  sockets[0].emit("start");
  for (let r = 0; r < relays; r++) {
    const relay = sockets[1 + r];
    for (let i = 0; i < perRelay; i++) {
      relay.emit("relay", `relay-${r}:${i}`);
    }
  }
  const timeout = setTimeout(() => {
    const counts = sequences.map((s) => s.length);
    throw new Error(`not every client received ${expected} broadcasts: from ${Math.min(...counts)} to ${Math.max(...counts)}`);
  }, 60000);
  await allReceived;
  clearTimeout(timeout);
  const orders = new Set(sequences.map((s) => s.join(",")));
  const firstDifference = sequences.findIndex((s) => s.join(",") !== sequences[0].join(","));
  report("orders", { clients, received: expected, distinct: orders.size, firstDifference });
  await Promise.all(sockets.map((socket) => {
    const gone = closedCleanly(socket.io.engine);
    socket.close();
    return gone;
  }));
});
