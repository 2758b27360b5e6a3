// Exercises NodeScript itself (NodeScriptTests): node support/node-script-fixture.mjs <behaviour>
import { spawn } from "node:child_process";
import { main, readLine, report } from "../lib/report.mjs";

const behaviours = {
  async succeed() {
    report("greeting", { text: "hello" });
    report("greeting", { text: "again" });
  },
  async fail() {
    report("started");
    process.stderr.write("something went wrong on purpose\n");
    throw new Error("failing on purpose");
  },
  async echoStdin() {
    report("ready");
    for (let line = await readLine(); line !== "end"; line = await readLine()) {
      report("line", { text: line });
    }
  },
  async hangWithChild() {
    const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
    report("child", { pid: child.pid });
    await new Promise(() => {});
  },
};

main(() => {
  const behaviour = behaviours[process.argv[2]];
  if (!behaviour) {
    throw new Error(`unknown behaviour ${process.argv[2]}`);
  }
  return behaviour();
});
