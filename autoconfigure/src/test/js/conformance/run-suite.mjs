// Runs one vendored public protocol suite with mocha against a server and reports each case in
// the convention of the JUnit tests' scripts (see ../lib/report.mjs and NodeScript.java):
//
//   node conformance/run-suite.mjs engine.io-protocol|socket.io-protocol http://localhost:PORT
//
// {"event":"pass"|"fail","title":...} per case, then {"result":"ok"} when every case passed, or
// {"error":"N of M failed: ..."}. A run that executes no case is an error.
import Mocha from "mocha";
import { fileURLToPath } from "node:url";
import { report } from "../lib/report.mjs";

const [suite, url] = process.argv.slice(2);
if (!["engine.io-protocol", "socket.io-protocol"].includes(suite) || !/^http:\/\/[^/]+$/.test(url ?? "")) {
  process.stderr.write("Usage: run-suite.mjs engine.io-protocol|socket.io-protocol http://HOST:PORT\n");
  process.exit(64);
}
process.env.CONFORMANCE_URL = url;

function finish(line, code) {
  process.stdout.write(JSON.stringify(line) + "\n", () => process.exit(code));
}

const failures = [];

class Silent {
  constructor(runner) {
    runner.on("pass", (test) => report("pass", { title: test.fullTitle(), ms: test.duration }));
    runner.on("fail", (test, error) => {
      const message = String(error && error.message);
      failures.push(`${test.fullTitle()}: ${message}`);
      report("fail", { title: test.fullTitle(), message });
    });
  }
}

// mocha's 2 s per case is a guard against a hung case, not a speed target: 10 s, so that a case of
// a loaded machine (a cold JIT, a starved Node) is not cut short; the heartbeat cases set their own
const mocha = new Mocha({ reporter: Silent, timeout: 10000 });
mocha.addFile(fileURLToPath(new URL(`./${suite}/test-suite.js`, import.meta.url)));
await mocha.loadFilesAsync();
const runner = mocha.run(() => {
  const { passes, tests } = runner.stats;
  if (failures.length > 0 || passes === 0) {
    finish({ error: `${suite}: ${failures.length} of ${tests} failed, ${passes} passed: ${failures.join(" | ")}` }, 1);
  }
  else {
    finish({ result: "ok", passes }, 0);
  }
});
