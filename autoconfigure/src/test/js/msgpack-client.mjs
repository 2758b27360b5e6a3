// The official socket.io-client 4.8 configured with socket.io-msgpack-parser 3.0.2 (see
// SocketIoMsgpackParserTests.java):
//
//   node msgpack-client.mjs --url http://localhost:8080 --transports polling,websocket
//
// Connects to "/" with auth {token: "t"}, reports the server's "welcome" event, emits "echo" with an
// ack (text, binary, numbers, nested values), answers the server's "ask" with an ack (text and
// binary), reports the "answered" event that follows, then disconnects. Binary values are reported
// as {"$binary":"<base64>"}.
import { parseArgs } from "node:util";
import { io } from "socket.io-client";
import parser from "socket.io-msgpack-parser";
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

main(async () => {
  const socket = io(options.url, {
    parser,
    auth: { token: "t" },
    transports: options.transports.split(","),
    reconnection: false,
  });
  socket.on("ask", (question, callback) => {
    callback("answer to " + question, Buffer.from([9, 8, 7]));
  });
  const welcome = once(socket, "welcome");
  const answered = once(socket, "answered");
  await once(socket, "connect");
  report("connected", { id: socket.id });
  report("welcome", { args: encode(await welcome) });
  const ack = await new Promise((resolve, reject) => {
    socket.timeout(5000).emit("echo", "text", Buffer.from([1, 2, 3]),
      { n: 1.5, big: 2 ** 40, neg: -5, list: [1, null, true] },
      (error, ...args) => (error ? reject(error) : resolve(args)));
  });
  report("ack", { args: encode(ack) });
  socket.emit("ask-me", "why");
  report("answered", { args: encode(await answered) });
  report("transport", { name: socket.io.engine.transport.name });
  socket.disconnect();
});
