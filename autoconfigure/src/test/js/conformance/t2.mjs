import { WebSocket } from "ws";
function waitFor(socket, eventType) {
  return new Promise((resolve) => socket.addEventListener(eventType, (e) => resolve(e), { once: true }));
}
let bad = 0;
for (let i = 0; i < 20; i++) {
  const socket = new WebSocket("ws://localhost:39302/socket.io/?EIO=4&transport=websocket");
  await waitFor(socket, "message");
  socket.send("40");
  const { data } = await waitFor(socket, "message");
  const auth = await Promise.race([waitFor(socket, "message"), new Promise((r) => setTimeout(() => r({data: "none"}), 1000))]);
  if (auth.data !== '42["auth",{}]') { bad++; }
  socket.close();
}
console.log("bad", bad);
