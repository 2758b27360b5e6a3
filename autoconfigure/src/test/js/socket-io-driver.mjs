// Drives official socket.io-client 4.8 sockets, and raw Engine.IO connections, one command at a time
// (see SocketIoJsDriver.java):
//
//   node socket-io-driver.mjs --url http://localhost:8080 [--path /socket.io/]
//
// Each line on stdin is a JSON command {"op": ..., ...}; the script runs it and reports
// {"event":"reply","op":...,...} (or {"event":"reply","failure":"..."} when it failed), then reads the
// next one. An empty line or the end of stdin ends the script. Values on the wire and in replies
// encode binary as {"$binary":"<base64>"} (a Buffer) or {"$arraybuffer":"<base64>"} (an
// ArrayBuffer); a reply reports every received binary value as {"$binary":"<base64>"}.
//
// Client commands, each naming a client ("client":"a"):
//   connect {nsp, auth?, query?, extraHeaders?, transports, reconnection?, reconnectionDelay?, multiplex?,
//       timeoutMs?}   extraHeaders: HTTP headers of every request and of the WebSocket handshake
//       multiplex: the name of a client whose Manager (Engine.IO connection) to share
//       -> {connected:true, id, recovered, transport, engineId} or {connected:false, message, data}
//   emit {event, args}                      -> {}
//   emitWithAck {event, args, timeoutMs?}    -> {ack:[...]} or {ackError: message}
//   replyTo {event, args|null}               answer that event's acks with args (null: never answer)
//   events {until, timeoutMs?}   wait until the client logged `until`, return and forget the log up to
//       it: [{event, args, ack}], lifecycle entries as {event:"$connect",id,recovered} and
//       {event:"$disconnect",reason}
//   disconnect {}                            socket.disconnect()
//   closeEngine {}                           close the Engine.IO connection under the socket
//   state {}                                 -> {connected, id, recovered, transport, active}
// Raw commands (no client):
//   rawWebSocket {frames, connect?, nsp?, awaitClose?, until?, sendPong?}
//       opens /socket.io/?EIO=4&transport=websocket, sends 40 first unless connect:false, then the
//       frames (strings, or {"$binary"}); then waits for the server to close the connection
//       (awaitClose, the default) or, with awaitClose:false, for a text frame starting with `until`
//       (if given) before closing it -> {received:[...], closed, closeCode}; the pings it answers
//       (sendPong, the default) are not among the frames received
//   rawPolling {bodies, connect?, close?}  handshake, POST 40 unless connect:false, then POST each body
//       and GET after each, then GET again (or POST a close packet with close:true); a GET answers
//       the pings among its packets and leaves them out (and polls again when only pings came), so
//       that a slow run is not tripped by the heartbeat
//       -> {sid, connectReply, responses:[{status, body}], after:{status, body}}
import { parseArgs } from "node:util";
import { io } from "socket.io-client";
import WebSocket from "ws";
import { closedCleanly } from "./lib/engine.mjs";
import { main, readLine, report, sleep } from "./lib/report.mjs";

const { values: options } = parseArgs({
  options: {
    url: { type: "string" },
    path: { type: "string", default: "/socket.io/" },
  },
});

const clients = new Map();

function decode(value) {
  if (Array.isArray(value)) {
    return value.map(decode);
  }
  if (value !== null && typeof value === "object") {
    if (typeof value.$binary === "string") {
      return Buffer.from(value.$binary, "base64");
    }
    if (typeof value.$arraybuffer === "string") {
      const bytes = Buffer.from(value.$arraybuffer, "base64");
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
    }
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, decode(item)]));
  }
  return value;
}

function encode(value) {
  if (Buffer.isBuffer(value) || value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
    const bytes = value instanceof ArrayBuffer ? Buffer.from(new Uint8Array(value))
      : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    return { $binary: bytes.toString("base64") };
  }
  if (Array.isArray(value)) {
    return value.map(encode);
  }
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, encode(item)]));
  }
  return value;
}

function client(name) {
  const found = clients.get(name);
  if (!found) {
    throw new Error(`no client ${name}`);
  }
  return found;
}

// Resolve when the log of a client has an entry named `until` (a name or an array of names), with the
// log up to that entry, which is removed from the log; reject after a timeout.
function waitForLog(entry, until, timeoutMs) {
  const names = Array.isArray(until) ? until : [until];
  return new Promise((resolve, reject) => {
    const check = () => {
      const index = entry.log.findIndex((item) => names.includes(item.event));
      if (index >= 0) {
        entry.waiters.delete(check);
        clearTimeout(timer);
        resolve(entry.log.splice(0, index + 1));
      }
    };
    const timer = setTimeout(() => {
      entry.waiters.delete(check);
      reject(new Error(`client ${entry.name} logged no '${until}' within ${timeoutMs} ms; log: `
        + JSON.stringify(entry.log)));
    }, timeoutMs);
    entry.waiters.add(check);
    check();
  });
}

function log(entry, item) {
  entry.log.push(item);
  [...entry.waiters].forEach((check) => check());
}

const commands = {
  async connect(command) {
    const { nsp = "/", auth, query, extraHeaders, transports = ["polling", "websocket"], reconnection = false,
      reconnectionDelay = 100 } = command;
    const shared = command.multiplex ? client(command.multiplex).socket.io : null;
    const socket = shared ? shared.socket(nsp, { auth })
      : io(options.url + nsp, {
        path: options.path,
        auth,
        query,
        extraHeaders,
        transports,
        reconnection,
        reconnectionDelay,
        reconnectionDelayMax: reconnectionDelay,
        forceNew: true,
      });
    const entry = { name: command.client, socket, log: [], waiters: new Set(), replies: new Map() };
    clients.set(command.client, entry);
    socket.on("connect", () => log(entry, { event: "$connect", id: socket.id, recovered: socket.recovered }));
    socket.on("disconnect", (reason) => log(entry, { event: "$disconnect", reason }));
    socket.on("connect_error", (error) => log(entry, { event: "$connect_error", message: error.message,
      data: error.data ?? null }));
    socket.onAny((event, ...args) => {
      const ack = typeof args[args.length - 1] === "function" ? args.pop() : null;
      log(entry, { event, args: encode(args), ack: ack !== null });
      if (ack !== null && entry.replies.has(event) && entry.replies.get(event) !== null) {
        ack(...decode(entry.replies.get(event)));
      }
    });
    const outcome = (await waitForLog(entry, ["$connect", "$connect_error"], command.timeoutMs ?? 10000)).pop();
    if (outcome.event === "$connect") {
      return { connected: true, id: socket.id, recovered: socket.recovered, transport: socket.io.engine.transport.name,
        engineId: socket.io.engine.id };
    }
    socket.disconnect();
    return { connected: false, message: outcome.message, data: outcome.data };
  },

  async emit({ client: name, event, args = [] }) {
    client(name).socket.emit(event, ...decode(args));
    return {};
  },

  // emitWithAck() would resolve with the first reply argument only: collect them all
  async emitWithAck({ client: name, event, args = [], timeoutMs }) {
    const socket = client(name).socket;
    return new Promise((resolve) => {
      if (timeoutMs !== undefined) {
        socket.timeout(timeoutMs).emit(event, ...decode(args),
          (error, ...reply) => resolve(error ? { ackError: error.message } : { ack: encode(reply) }));
      }
      else {
        socket.emit(event, ...decode(args), (...reply) => resolve({ ack: encode(reply) }));
      }
    });
  },

  async replyTo({ client: name, event, args = null }) {
    client(name).replies.set(event, args);
    return {};
  },

  async events({ client: name, until, timeoutMs = 10000 }) {
    return { events: await waitForLog(client(name), until, timeoutMs) };
  },

  async disconnect({ client: name }) {
    client(name).socket.disconnect();
    return {};
  },

  async closeEngine({ client: name }) {
    client(name).socket.io.engine.close();
    return {};
  },

  async state({ client: name }) {
    const socket = client(name).socket;
    return { connected: socket.connected, active: socket.active, id: socket.id ?? null,
      recovered: socket.recovered, transport: socket.io.engine?.transport?.name ?? null };
  },

  async rawWebSocket({ frames = [], connect = true, nsp = "/", awaitClose = true, until, sendPong = true }) {
    const url = options.url.replace(/^http/, "ws") + options.path + "?EIO=4&transport=websocket";
    const ws = new WebSocket(url);
    const received = [];
    let onMessage = () => {};
    ws.on("message", (data, isBinary) => {
      const item = isBinary ? { $binary: Buffer.from(data).toString("base64") } : data.toString();
      if (sendPong && item === "2") {
        ws.send("3");
        return;
      }
      received.push(item);
      onMessage(item);
    });
    const closed = new Promise((resolve) => ws.on("close", (code) => resolve(code)));
    const next = (predicate, what) => new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`raw WebSocket: no ${what} within 5 s; got `
        + JSON.stringify(received))), 5000);
      onMessage = (item) => {
        if (predicate(item)) {
          clearTimeout(timer);
          onMessage = () => {};
          resolve(item);
        }
      };
    });
    await Promise.race([next((item) => typeof item === "string" && item.startsWith("0"), "open packet"),
      new Promise((resolve, reject) => ws.on("error", reject))]);
    if (connect) {
      const prefix = nsp === "/" ? "" : nsp + ",";
      const connected = next((item) => typeof item === "string" && item.startsWith("40" + prefix), "CONNECT reply");
      ws.send("40" + prefix);
      await connected;
    }
    for (const frame of frames) {
      ws.send(typeof frame === "string" ? frame : Buffer.from(frame.$binary, "base64"));
    }
    const startsWithUntil = (item) => typeof item === "string" && item.startsWith(until);
    const stillOpen = until === undefined || received.some(startsWithUntil) ? Promise.resolve(null)
      : next(startsWithUntil, `a frame starting with ${until}`).then(() => null);
    stillOpen.catch(() => {}); // a close that comes first answers the command
    const closeCode = await Promise.race([closed, awaitClose ? sleep(5000).then(() => null) : stillOpen]);
    if (closeCode === null) {
      ws.close();
      await closed;
    }
    return { received, closed: closeCode !== null, closeCode };
  },

  async rawPolling({ bodies = [], connect = true, close = false }) {
    const base = options.url + options.path + "?EIO=4&transport=polling";
    const handshake = await (await fetch(base)).text();
    const sid = JSON.parse(handshake.substring(1)).sid;
    const url = `${base}&sid=${sid}`;
    const post = async (body) => {
      const response = await fetch(url, { method: "POST", body });
      return { status: response.status, body: await response.text() };
    };
    const get = async () => {
      for (;;) {
        const response = await fetch(url);
        const body = await response.text();
        const packets = body.split("\x1e");
        const others = packets.filter((packet) => packet !== "2");
        if (response.status !== 200 || others.length === packets.length) {
          return { status: response.status, body };
        }
        await post("3");
        if (others.length > 0) {
          return { status: response.status, body: others.join("\x1e") };
        }
      }
    };
    let connectReply = null;
    if (connect) {
      await post("40");
      connectReply = (await get()).body;
    }
    const responses = [];
    for (const body of bodies) {
      responses.push(await post(body));
      responses.push(await get());
    }
    return { sid, connectReply, responses, after: close ? await post("1") : await get() };
  },
};

main(async () => {
  if (!options.url) {
    throw new Error("--url is required");
  }
  report("ready");
  for (let line = await readLine(); line; line = await readLine()) {
    const command = JSON.parse(line);
    const run = commands[command.op];
    if (!run) {
      throw new Error(`unknown op ${command.op}`);
    }
    let reply;
    try {
      reply = await run(command);
    }
    catch (error) {
      reply = { failure: error.message };
    }
    report("reply", { op: command.op, ...reply });
  }
  const engines = new Set([...clients.values()].map((entry) => entry.socket.io.engine).filter(Boolean));
  const gone = [...engines].map(closedCleanly);
  for (const entry of clients.values()) {
    entry.socket.io.opts.reconnection = false;
    entry.socket.disconnect();
    entry.socket.io.engine?.close();
  }
  await Promise.all(gone);
});
