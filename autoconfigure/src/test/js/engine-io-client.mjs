// Drives one session of the official engine.io-client against a raw Engine.IO server.
//
//   node engine-io-client.mjs --url http://localhost:8080 [--path /engine.io/]
//     [--transports polling,websocket]   the client's transports option
//     [--send '["text", {"binary":"<base64>"}]']   messages sent once open
//     [--sequence N]                     then N text messages seq-0 .. seq-N-1
//     [--send-after-upgrade '[...]']     messages sent once the upgrade event fired
//     [--await-upgrade]                  wait for the upgrade event even with nothing to send
//     [--expect N]                       messages to receive (default: as many as sent)
//     [--stay-for-pings N]               then stay open until N pings arrived
//     [--close client|server]            then close, or wait for the server to close (default client)
//
// Reports (see lib/report.mjs): open {sid, transport, upgrades}, upgrade {transport},
// message {text} or {binary: base64}, ping, transport {name} before closing, close {reason}.
import { parseArgs } from "node:util";
import { Socket } from "engine.io-client";
import { closedCleanly } from "./lib/engine.mjs";
import { main, once, report, sleep } from "./lib/report.mjs";

const { values: options } = parseArgs({
  options: {
    url: { type: "string" },
    path: { type: "string", default: "/engine.io/" },
    transports: { type: "string", default: "polling,websocket" },
    send: { type: "string", default: "[]" },
    sequence: { type: "string", default: "0" },
    "send-after-upgrade": { type: "string", default: "[]" },
    "await-upgrade": { type: "boolean", default: false },
    expect: { type: "string" },
    "stay-for-pings": { type: "string", default: "0" },
    close: { type: "string", default: "client" },
  },
});

function decode(message) {
  return typeof message === "string" ? message : Buffer.from(message.binary, "base64");
}

function describe(data) {
  if (typeof data === "string") {
    return { text: data };
  }
  const bytes = data instanceof ArrayBuffer ? Buffer.from(new Uint8Array(data)) : Buffer.from(data);
  return { binary: bytes.toString("base64") };
}

main(async () => {
  if (!options.url) {
    throw new Error("--url is required");
  }
  const first = JSON.parse(options.send).map(decode);
  for (let i = 0; i < Number(options.sequence); i++) {
    first.push(`seq-${i}`);
  }
  const afterUpgrade = JSON.parse(options["send-after-upgrade"]).map(decode);
  const expected = options.expect !== undefined ? Number(options.expect) : first.length + afterUpgrade.length;

  const socket = new Socket(options.url, {
    path: options.path,
    transports: options.transports.split(","),
  });
  let received = 0;
  let onAllReceived;
  const allReceived = new Promise((resolve) => (onAllReceived = resolve));
  if (expected === 0) {
    onAllReceived();
  }
  let closed = false;
  const closedPromise = new Promise((resolve) => {
    socket.on("close", (reason, description) => {
      closed = true;
      report("close", { reason, description: description ? String(description.message ?? description) : null });
      resolve(reason);
    });
  });
  const whileOpen = (promise, what) =>
    Promise.race([
      promise,
      closedPromise.then((reason) => {
        throw new Error(`the socket closed (${reason}) while ${typeof what === "function" ? what() : what}`);
      }),
    ]);
  socket.on("message", (data) => {
    report("message", describe(data));
    if (++received === expected) {
      onAllReceived();
    }
  });
  let handshake = {};
  socket.on("handshake", (data) => (handshake = data));
  let pings = 0;
  let onPing = () => {};
  socket.on("ping", () => {
    report("ping");
    pings++;
    onPing();
  });
  socket.on("upgradeError", (error) => report("upgradeError", { message: String(error.message ?? error) }));
  const upgraded = new Promise((resolve) =>
    socket.on("upgrade", (transport) => {
      report("upgrade", { transport: transport.name });
      resolve();
    }),
  );

  await whileOpen(once(socket, "open"), "opening");
  report("open", { sid: socket.id, transport: socket.transport.name, upgrades: handshake.upgrades });
  first.forEach((message) => socket.send(message));
  if (afterUpgrade.length > 0 || options["await-upgrade"]) {
    await whileOpen(upgraded, "waiting for the upgrade");
    afterUpgrade.forEach((message) => socket.send(message));
  }
  await whileOpen(allReceived, () => `waiting for ${expected} messages (${received} received)`);
  const stayForPings = Number(options["stay-for-pings"]);
  if (stayForPings > 0) {
    const pinged = new Promise((resolve) => {
      onPing = () => pings >= stayForPings && resolve();
      onPing();
    });
    await whileOpen(pinged, () => `staying open for ${stayForPings} pings (${pings} received)`);
  }
  if (options.close === "client") {
    report("transport", { name: socket.transport.name });
    const gone = closedCleanly(socket);
    socket.close();
    await closedPromise;
    await gone;
  }
  else if (options.close === "server") {
    const timeout = sleep(10000).then(() => {
      throw new Error("the server did not close the socket within 10 s");
    });
    await Promise.race([closedPromise, timeout]);
  }
  else {
    throw new Error(`--close must be client or server, not ${options.close}`);
  }
  if (!closed) {
    throw new Error("no close event");
  }
});
