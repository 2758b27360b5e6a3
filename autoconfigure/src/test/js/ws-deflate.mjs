// A Socket.IO connection over the `ws` package alone, which offers permessage-deflate in its
// handshake (its default, as browsers do), to see what the server negotiates and which frames it
// compresses:
//
//   node ws-deflate.mjs --url ws://localhost:8080/socket.io/?EIO=4&transport=websocket
//     [--sizes 20,5000]   after connecting to "/", emit "size" with each size: the server answers
//                         each with a "blob" event of that many characters
//
// Reports (see lib/report.mjs): handshake {extensions} (the negotiated Sec-WebSocket-Extensions,
// "" when declined), then for each blob, in order: blob {length, compressed} (compressed: the RSV1
// bit of the frame that carried it).
import { parseArgs } from "node:util";
import WebSocket from "ws";
import { main, report } from "./lib/report.mjs";

const { values: options } = parseArgs({
  options: {
    url: { type: "string" },
    sizes: { type: "string", default: "" },
  },
});

// The data frames the server sent, from its bytes on the socket: {rsv1, length}, in order.
function tapFrames(socket, frames) {
  let pending = Buffer.alloc(0);
  let skip = 0;
  socket.prependListener("data", (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    for (;;) {
      if (skip > 0) {
        const skipped = Math.min(skip, pending.length);
        pending = pending.subarray(skipped);
        skip -= skipped;
        if (skip > 0) {
          return;
        }
      }
      if (pending.length < 2) {
        return;
      }
      let length = pending[1] & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (pending.length < 4) {
          return;
        }
        length = pending.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (pending.length < 10) {
          return;
        }
        length = Number(pending.readBigUInt64BE(2));
        offset = 10;
      }
      const opcode = pending[0] & 0x0f;
      if (opcode === 1 || opcode === 2) {
        frames.push({ rsv1: (pending[0] & 0x40) !== 0, length });
      }
      pending = pending.subarray(offset);
      skip = length;
    }
  });
}

main(async () => {
  if (!options.url) {
    throw new Error("--url is required");
  }
  const sizes = options.sizes === "" ? [] : options.sizes.split(",").map(Number);
  const ws = new WebSocket(options.url);
  const frames = [];
  const messages = [];
  let onMessage = () => {};
  ws.on("message", (data, isBinary) => {
    messages.push(isBinary ? data : data.toString());
    onMessage();
  });
  const next = () =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no message within 10 s")), 10000);
      const check = () => {
        if (messages.length > 0) {
          clearTimeout(timer);
          onMessage = () => {};
          resolve(messages.shift());
        } else {
          onMessage = check;
        }
      };
      check();
    });
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  tapFrames(ws._socket, frames);
  report("handshake", { extensions: ws.extensions });
  const open = await next();
  if (!open.startsWith("0{")) {
    throw new Error(`not an open packet: ${open}`);
  }
  ws.send("40");
  const connect = await next();
  if (!connect.startsWith("40{")) {
    throw new Error(`not a CONNECT answer: ${connect}`);
  }
  const firstBlobFrame = frames.length;
  for (const size of sizes) {
    ws.send(`42["size",${size}]`);
    const blob = await next();
    const event = JSON.parse(blob.substring(2));
    if (event[0] !== "blob" || event[1] !== "x".repeat(size)) {
      throw new Error(`unexpected answer to size ${size}: ${blob.substring(0, 40)}`);
    }
  }
  sizes.forEach((size, i) => {
    const frame = frames[firstBlobFrame + i];
    report("blob", { length: size, compressed: frame.rsv1 });
  });
  ws.close();
});
