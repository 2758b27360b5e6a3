// The official socket.io-client 2.5.0 (Engine.IO v3, Socket.IO v4), installed as
// "socket.io-client-v2" (see SocketIoEio3ClientTests.java):
//
//   node socket-io-v2-client.mjs --url http://localhost:8080 --transports polling,websocket
//
// Connects to "/" with the query q=main (the server connects it without a CONNECT), reports the
// server's "welcome" event, emits "echo" with an ack (text, binary, numbers), answers the server's
// "ask" with an ack (text and binary) and reports the "answered" event that follows; connects to
// "/chat" on the same connection with the query token=abc and reports the acknowledgement of
// "whoami"; reports the error of "/private", which refuses it; then asks the server to disconnect
// "/" ("bye"), reports the reason and closes "/chat". Binary values are reported as
// {"$binary":"<base64>"}.
import { parseArgs } from "node:util";
import io from "socket.io-client-v2";
import { main, once, report } from "./lib/report.mjs";

const { values: options } = parseArgs({
  options: {
    url: { type: "string" },
    transports: { type: "string", default: "polling,websocket" },
  },
});

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

// Emit with an acknowledgement, which socket.io-client 2.x cannot time out itself.
function emitWithAck(socket, ...args) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ack of '${args[0]}' within 5000 ms`)), 5000);
    socket.emit(...args, (...reply) => {
      clearTimeout(timer);
      resolve(reply);
    });
  });
}

main(async () => {
  const transports = options.transports.split(",");
  const socket = io(options.url, {
    transports,
    query: { q: "main" },
    reconnection: false,
    forceNew: true,
  });
  socket.on("ask", (question, callback) => {
    callback("answer to " + question, Buffer.from([9, 8, 7]));
  });
  const welcome = once(socket, "welcome");
  const answered = once(socket, "answered");
  await once(socket, "connect");
  report("connected", { id: socket.id });
  report("welcome", { args: encode(await welcome) });
  report("ack", { args: encode(await emitWithAck(socket, "echo", "text", Buffer.from([1, 2, 3]), { n: 1.5 })) });
  socket.emit("ask-me", "why");
  report("answered", { args: encode(await answered) });

  const engine = socket.io.engine;
  if (transports.length > 1 && engine.transport.name !== "websocket") {
    await once(engine, "upgrade");
  }
  report("transport", { name: engine.transport.name });

  const chat = socket.io.socket("/chat", { query: { token: "abc" } });
  await once(chat, "connect");
  report("whoami", { args: encode(await emitWithAck(chat, "whoami")) });

  const refused = socket.io.socket("/private");
  report("refused", { args: encode(await once(refused, "error")) });
  refused.close();

  const disconnected = once(socket, "disconnect");
  socket.emit("bye");
  report("disconnected", { args: await disconnected });
  chat.close();
});
