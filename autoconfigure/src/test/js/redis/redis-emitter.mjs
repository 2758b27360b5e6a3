// Node's @socket.io/redis-emitter 5.1.0 in a process without a server, driven by
// SocketIoRedisEmitterInteropTests: node redis/redis-emitter.mjs <redis port>
// Reports {"event":"ready"}, then runs one JSON command per stdin line and reports its name once
// its messages are on Redis; "end" disconnects.
import { Emitter } from "@socket.io/redis-emitter";
import { createClient } from "redis";
import { main, readLine, report } from "../lib/report.mjs";

main(async () => {
  const client = createClient({ url: `redis://127.0.0.1:${process.argv[2]}` });
  await client.connect();
  const emitter = new Emitter(client);
  const target = ({ rooms = [], except = [] }) => emitter.to(rooms).except(except);
  report("ready");

  const commands = {
    emit: (command) => target(command).emit("news", ...command.args),
    emitVolatile: (command) => target(command).volatile.compress(false).emit("news", ...command.args),
    emitBinary: (command) => target(command).emit("bin", Buffer.from([1, 2, 3]), { nested: Buffer.from("hi") }),
    serverSideEmit: ({ args }) => emitter.serverSideEmit("hello", ...args),
    socketsJoin: (command) => target(command).socketsJoin(command.join),
    socketsLeave: (command) => target(command).socketsLeave(command.leave),
    disconnectSockets: (command) => target(command).disconnectSockets(command.close ?? false),
  };
  for (let line = await readLine(); line !== null && line !== "end"; line = await readLine()) {
    const command = JSON.parse(line);
    commands[command.cmd](command);
    await client.ping(); // answered after the publications before it
    report(command.cmd);
  }
  await client.quit();
});
