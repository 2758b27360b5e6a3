// Closing an official client cleanly before the script exits (see engine-io-client.mjs,
// engine-io-reconnect.mjs, annotated-controller.mjs, socket-io-driver.mjs).
import { once } from "./report.mjs";

// Call before closing an engine.io-client Socket (socket.io-client's `socket.io.engine` too), or
// before the client closes it by itself (as socket.io-client does once its only namespace is
// refused). Resolves once it has closed and the server has seen the close: over polling once the
// server answered the POST that carries the close packet, over WebSocket once the closing
// handshake is over. Both are still under way when the socket reports "close"; a process that
// exits sooner leaves the server to find the session dead by its ping timeout.
export function closedCleanly(engine) {
  if (engine.readyState === "closed") {
    return Promise.resolve();
  }
  let opened = engine.readyState === "open";
  engine.once("open", () => (opened = true));
  return new Promise((resolve, reject) => {
    engine.once("close", (reason) => {
      // the transport's listeners are gone by now, but it still reports the end of its POST, and
      // its WebSocket (from the ws package) the end of the closing handshake
      const transport = engine.transport;
      if (!opened || reason !== "forced close") {
        resolve();
      }
      else if (transport.name === "polling") {
        once(transport, "drain").then(() => resolve(), reject);
      }
      else if (transport.ws && transport.ws.readyState !== transport.ws.CLOSED) {
        once(transport.ws, "close").then(() => resolve(), reject);
      }
      else {
        resolve();
      }
    });
  });
}
