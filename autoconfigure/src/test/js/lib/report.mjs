// The reporting convention of the scripts the JUnit tests run (see NodeScript.java):
// one JSON object per line on stdout, {"event": ...} as things happen, then {"result":"ok"} and
// exit code 0, or {"error": ...} and exit code 1. Diagnostics go to stderr.
import { createInterface } from "node:readline";

export function report(event, fields = {}) {
  process.stdout.write(JSON.stringify({ event, ...fields }) + "\n");
}

export function succeed() {
  process.stdout.write(JSON.stringify({ result: "ok" }) + "\n", () => process.exit(0));
}

export function fail(error) {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof Error && error.stack) {
    process.stderr.write(error.stack + "\n");
  }
  process.stdout.write(JSON.stringify({ error: message }) + "\n", () => process.exit(1));
}

// Run the body of a script: its outcome is reported whatever happens.
export function main(body) {
  process.on("uncaughtException", fail);
  process.on("unhandledRejection", fail);
  Promise.resolve().then(body).then(succeed, fail);
}

const lines = [];
const waiting = [];
let stdin;

// Resolve with the next line the test writes to stdin.
export function readLine() {
  if (!stdin) {
    stdin = createInterface({ input: process.stdin });
    stdin.on("line", (line) => (waiting.length > 0 ? waiting.shift()(line) : lines.push(line)));
    stdin.on("close", () => waiting.splice(0).forEach((resolve) => resolve(null)));
  }
  return lines.length > 0 ? Promise.resolve(lines.shift()) : new Promise((resolve) => waiting.push(resolve));
}

// Resolve with the arguments of the next emission of an event, or reject after a timeout.
export function once(emitter, event, timeoutMs = 10000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off(event, listener);
      reject(new Error(`no '${event}' within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (...args) => {
      clearTimeout(timer);
      resolve(args);
    };
    emitter.once(event, listener);
  });
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
