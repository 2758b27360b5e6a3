// What the vendored suites expect from their node-imports.js when they run on Node: fetch
// (node-fetch), ws's WebSocket and chai with chai-string as globals, as upstream provides them;
// and, ours, every URL of the suites' fixed http://localhost:3000 pointed at the server under test
// (CONFORMANCE_URL, set by run-suite.mjs), so that the suites run unchanged on a free port.
//
// The WebSockets deliver a burst of messages one per task, as a browser does (the suites are
// written for both): a message is delivered at once, but one read together with it waits for the
// next task. The suites wait for each message with a listener added once the previous one was
// handled, which misses a message that ws emits synchronously behind another one read in the same
// TCP chunk; whether two frames share a chunk is up to the network, not the server.
import fetch from "node-fetch";
import { WebSocket } from "ws";
import chai from "chai";
import chaiString from "chai-string";

const SUITE_URL = "http://localhost:3000";
const SUITE_WS_URL = "ws://localhost:3000";

const target = process.env.CONFORMANCE_URL;
if (!target) {
  throw new Error("CONFORMANCE_URL is not set: run the suites with run-suite.mjs");
}
const wsTarget = target.replace(/^http/, "ws");

function redirect(url) {
  const text = String(url);
  if (text.startsWith(SUITE_URL)) {
    return target + text.substring(SUITE_URL.length);
  }
  if (text.startsWith(SUITE_WS_URL)) {
    return wsTarget + text.substring(SUITE_WS_URL.length);
  }
  return text;
}

class RedirectedWebSocket extends WebSocket {
  #queued = [];
  #deferring = false;

  constructor(url, protocols, options) {
    super(redirect(url), protocols, options);
  }

  emit(event, ...args) {
    if (event !== "message" && !(event === "close" && this.#deferring)) {
      return super.emit(event, ...args);
    }
    if (this.#deferring) {
      this.#queued.push([event, args]);
      return true;
    }
    this.#deferring = true;
    setImmediate(() => this.#next());
    return super.emit(event, ...args);
  }

  #next() {
    const next = this.#queued.shift();
    if (next === undefined) {
      this.#deferring = false;
      return;
    }
    setImmediate(() => this.#next());
    super.emit(next[0], ...next[1]);
  }
}

chai.use(chaiString);

globalThis.fetch = (url, options) => fetch(redirect(url), options);
globalThis.WebSocket = RedirectedWebSocket;
globalThis.chai = chai;
