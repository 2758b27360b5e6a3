// Opens a session with the official engine.io-client, which does not reconnect by itself, waits
// for it to be closed by a server going away, then opens a new one when the test writes
// "reconnect" on stdin (once the new server listens).
//
//   node engine-io-reconnect.mjs --url http://localhost:8080 [--path /engine.io/]
//     [--transports polling,websocket]
//
// Reports (see lib/report.mjs): open {sid, transport} and echo {text} for each session,
// close {reason} when the first one is closed, then when the second one is closed by the client.
import { parseArgs } from "node:util";
import { Socket } from "engine.io-client";
import { closedCleanly } from "./lib/engine.mjs";
import { main, once, readLine, report } from "./lib/report.mjs";

const { values: options } = parseArgs({
  options: {
    url: { type: "string" },
    path: { type: "string", default: "/engine.io/" },
    transports: { type: "string", default: "polling,websocket" },
  },
});

async function openAndEcho(text) {
  const socket = new Socket(options.url, { path: options.path, transports: options.transports.split(",") });
  const closed = once(socket, "close", 60000).then(([reason]) => {
    report("close", { reason });
    return reason;
  });
  await new Promise((resolve, reject) => {
    socket.once("open", resolve);
    socket.once("error", reject);
  });
  report("open", { sid: socket.id, transport: socket.transport.name });
  socket.send(text);
  const [echo] = await once(socket, "message");
  report("echo", { text: echo });
  return { socket, closed };
}

main(async () => {
  if (!options.url) {
    throw new Error("--url is required");
  }
  const first = await openAndEcho("before restart");
  await first.closed;
  const command = await readLine();
  if (command !== "reconnect") {
    throw new Error(`expected 'reconnect' on stdin, got ${command}`);
  }
  const second = await openAndEcho("after restart");
  const gone = closedCleanly(second.socket);
  second.socket.close();
  await second.closed;
  await gone;
});
