'use strict';
// Renders benchmarks/target/results/{results.jsonl,meta.txt,runs.txt} as a table (stdout) and as
// RESULTS.md. Everything below the line "<!-- analysis -->" of an existing RESULTS.md is kept.
//   node report.js <results-dir> <RESULTS.md>
const fs = require('node:fs');
const path = require('node:path');

const [dir, out] = process.argv.slice(2);
const rows = fs.readFileSync(path.join(dir, 'results.jsonl'), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
const meta = Object.fromEntries(fs.readFileSync(path.join(dir, 'meta.txt'), 'utf8').trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
const runs = fs.readFileSync(path.join(dir, 'runs.txt'), 'utf8').trim();
const SERVERS = ['starter-base', 'starter', 'starter-micrometer', 'starter-metrics', 'starter-observed', 'starter-vt', 'raw', 'netty', 'node'];
const NAMES = { 'starter-base': 'this starter at BASE_REF', starter: 'this starter', 'starter-micrometer': 'this starter, Boot\'s meters only', 'starter-metrics': 'this starter, socketio.* meters', 'starter-observed': 'this starter, meters and observations', 'starter-vt': 'this starter, virtual threads', raw: 'raw Spring WS (floor)', netty: 'netty-socketio', node: 'Node socket.io' };
const SCENARIOS = {
  echo: 'Echo with acks over WebSocket (100 clients, closed loop)',
  fanout: 'Fan-out (2,000 clients in one room, 20 broadcasts/s = 40,000 deliveries/s)',
  idle: 'Idle (10,000 WebSocket connections held)',
  polling: 'Long-polling (1,000 clients, one echo per client every 2 s)',
  slowloris: 'Slowloris (polling clients trickling a POST body, one byte per second each; a handshake or a plain request every 100 ms meanwhile)',
};

// With ROUNDS > 1 a server has several windows per scenario: the median of each figure, errors
// and resent requests summed, the fewest connections held, and the range of CPU per message.
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const get = (scenario, server) => {
  const runs = rows.filter((r) => r.scenario === scenario && r.server === server && !r.failed);
  if (runs.length === 0) return undefined;
  if (runs.length === 1) return runs[0];
  const merged = { ...runs[0], rounds: runs.length };
  for (const [key, value] of Object.entries(runs[0])) {
    const values = runs.map((r) => r[key]).filter((v) => typeof v === 'number');
    if (typeof value === 'number' && values.length === runs.length) merged[key] = median(values);
  }
  merged.connections = Math.min(...runs.map((r) => r.connections));
  merged.errorCount = runs.reduce((n, r) => n + (r.errorCount || 0), 0);
  merged.retries = runs.reduce((n, r) => n + (r.retries || 0), 0);
  merged.errors = {};
  for (const r of runs) for (const [k, v] of Object.entries(r.errors || {})) merged.errors[k] = (merged.errors[k] || 0) + v;
  const cpu = runs.map((r) => r.cpuPerMsgUs).filter((v) => typeof v === 'number');
  if (cpu.length > 1) merged.cpuRange = [Math.min(...cpu), Math.max(...cpu)];
  return merged;
};
const f = (v, d = 1) => (v === null || v === undefined || Number.isNaN(v) ? '–' : Number(v).toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }));
const mb = (kb) => f(kb / 1024, 0);

function table(scenario) {
  if (scenario === 'slowloris') return slowlorisTable();
  const head = scenario === 'idle'
    ? ['server', 'connections held', 'open CPU ms/conn', 'idle CPU %', 'RSS MB', 'RSS KB/conn', 'threads', 'errors']
    : ['server', 'connections', 'msg/s', 'p50 ms', 'p99 ms', 'server CPU µs/msg', 'server CPU %', 'RSS MB', 'threads', 'errors', 'generator CPU %'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const s of SERVERS) {
    const r = get(scenario, s);
    if (!r) {
      if (rows.some((x) => x.scenario === scenario && x.server === s)) lines.push(`| ${NAMES[s]} | run failed |`);
      continue;
    }
    const errs = r.errorCount ? `${r.errorCount} (${Object.entries(r.errors).filter(([, v]) => v).map(([k, v]) => `${k} ${v}`).join(', ')})` : '0';
    const errText = r.retries ? `${errs}; ${r.retries} requests resent after a closed keep-alive` : errs;
    lines.push(scenario === 'idle'
      ? `| ${NAMES[s]} | ${r.connections} | ${f(r.cpuPerOpenMs, 2)} | ${f(r.serverCpuUtil * 100, 1)} | ${mb(r.rssKb)} | ${f(r.rssPerConnKb, 1)} | ${r.threads} | ${errText} |`
      : `| ${NAMES[s]} | ${r.connections} | ${f(r.throughput, 0)} | ${f(r.p50Ms, 2)} | ${f(r.p99Ms, 2)} | ${f(r.cpuPerMsgUs, 1)}${r.cpuRange ? ` (${f(r.cpuRange[0], 1)}–${f(r.cpuRange[1], 1)})` : ''} | ${f(r.serverCpuUtil * 100, 0)} | ${mb(r.rssKb)} | ${r.threads} | ${errText} | ${f(r.generatorCpu * 100, 0)} |`);
  }
  return lines.join('\n');
}

function slowlorisTable() {
  const head = ['server', 'trickling clients', 'still open at the end', 'handshake p50 ms', 'handshake p99 ms', 'plain p50 ms', 'plain p99 ms', 'probes', 'server CPU %', 'RSS MB', 'threads', 'errors (probes > 5 s or failed)'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const s of SERVERS) {
    const r = get('slowloris', s);
    if (!r) continue;
    lines.push(`| ${NAMES[s]} | ${r.trickling} | ${r.connections} | ${f(r.handshakeP50Ms, 2)} | ${f(r.handshakeP99Ms, 2)} | ${f(r.plainP50Ms, 2)} | ${f(r.plainP99Ms, 2)} | ${r.messages} | ${f(r.serverCpuUtil * 100, 0)} | ${mb(r.rssKb)} | ${r.threads} | ${r.errorCount} |`);
  }
  return lines.join('\n');
}

// Ratio matrix: row server's metric divided by column server's.
function ratios(scenario, metric, label) {
  const present = SERVERS.filter((s) => get(scenario, s) && get(scenario, s)[metric]);
  if (present.length < 2) return '';
  const lines = [`${label} (row ÷ column):`, '', `| | ${present.map((s) => NAMES[s]).join(' | ')} |`, `|---|${present.map(() => '---').join('|')}|`];
  for (const a of present) {
    lines.push(`| ${NAMES[a]} | ${present.map((b) => f(get(scenario, a)[metric] / get(scenario, b)[metric], 2)).join(' | ')} |`);
  }
  return `${lines.join('\n')}\n`;
}

function target(label, ok, detail) {
  const verdict = ok === null ? 'not measured' : ok ? '**met**' : '**missed**';
  return `| ${label} | ${detail} | ${verdict} |`;
}

function targets() {
  const v = (sc, s, m) => (get(sc, s) ? get(sc, s)[m] : undefined);
  const ratio = (a, b) => (a === undefined || b === undefined || !b ? undefined : a / b);
  const check = (r, pred) => (r === undefined ? null : pred(r));
  const lines = ['| target | measured | verdict |', '|---|---|---|'];
  const tNode = ratio(v('echo', 'starter', 'throughput'), v('echo', 'node', 'throughput'));
  lines.push(target('Echo: throughput ≥ 1.5 × Node', check(tNode, (r) => r >= 1.5), `${f(tNode, 2)} ×`));
  const tNetty = ratio(v('echo', 'starter', 'throughput'), v('echo', 'netty', 'throughput'));
  lines.push(target('Echo: throughput > netty-socketio', check(tNetty, (r) => r > 1), `${f(tNetty, 2)} ×`));
  const p99 = ratio(v('echo', 'starter', 'p99Ms'), v('echo', 'node', 'p99Ms'));
  lines.push(target('Echo: p99 ≤ Node', check(p99, (r) => r <= 1), `${f(v('echo', 'starter', 'p99Ms'), 2)} ms vs ${f(v('echo', 'node', 'p99Ms'), 2)} ms (${f(p99, 2)} ×)`));
  const fan = ratio(v('fanout', 'starter', 'cpuPerMsgUs'), v('fanout', 'node', 'cpuPerMsgUs'));
  lines.push(target('Fan-out: CPU per delivered message ≤ 0.7 × Node', check(fan, (r) => r <= 0.7), `${f(v('fanout', 'starter', 'cpuPerMsgUs'), 2)} µs vs ${f(v('fanout', 'node', 'cpuPerMsgUs'), 2)} µs (${f(fan, 2)} ×)`));
  const mem = ratio(v('idle', 'starter', 'rssPerConnKb'), v('idle', 'node', 'rssPerConnKb'));
  lines.push(target('Idle: memory per WebSocket connection ≤ Node', check(mem, (r) => r <= 1), `${f(v('idle', 'starter', 'rssPerConnKb'), 1)} KB vs ${f(v('idle', 'node', 'rssPerConnKb'), 1)} KB (${f(mem, 2)} ×)`));
  const threads = v('polling', 'starter', 'threads');
  lines.push(target('Polling: 1,000 clients held by < 50 server threads', check(threads, (t) => t < 50 && v('polling', 'starter', 'connections') === 1000), `${threads ?? '–'} threads, ${v('polling', 'starter', 'connections') ?? '–'} clients held`));
  const vtThreads = v('polling', 'starter-vt', 'threads');
  if (vtThreads !== undefined) {
    lines.push(target('Polling, with \`spring.threads.virtual.enabled=true\` (JDK 21+): < 50 threads', check(vtThreads, (t) => t < 50 && v('polling', 'starter-vt', 'connections') === 1000), `${vtThreads} threads, ${v('polling', 'starter-vt', 'connections') ?? '–'} clients held`));
  }
  const floor = ratio(v('echo', 'starter', 'cpuPerMsgUs'), v('echo', 'raw', 'cpuPerMsgUs'));
  lines.push(target('Overhead: CPU per echo ≤ 1.3 × raw Spring WS floor', check(floor, (r) => r <= 1.3), `${f(v('echo', 'starter', 'cpuPerMsgUs'), 1)} µs vs ${f(v('echo', 'raw', 'cpuPerMsgUs'), 1)} µs (${f(floor, 2)} ×)`));
  return lines.join('\n');
}

let md = `# Benchmark results

Generated by \`${meta.command}\` on ${meta.date}. Each server runs alone, pinned to core 0
(\`taskset -c 0\`) and restarted for every scenario; the load generator (\`node/loadgen.js\`, raw
Engine.IO/Socket.IO frames over \`ws\` and \`node:http\`) runs on core 1. Every window: ${meta.warmup} s of
warm-up under the same load, then ${meta.duration} s measured; ${meta.rounds || 1} window(s) per server and
scenario, the servers taking turns, each figure the median over them (errors summed; CPU per
message followed by its range when there are several). Server CPU time is utime+stime of
\`/proc/<pid>/stat\` over the window (all threads: JIT and GC included), RSS and threads from
\`/proc/<pid>/status\` at its end. Latency is measured by the generator (send → ack, or send of the
\`fanout\` → arrival of each \`fan\`). Payload: a JSON object with a 64-character string.

## Machine and versions

| | |
|---|---|
| CPU | ${meta.cpu}, ${meta.cores} cores, ${meta.memory} memory, Linux ${meta.kernel} |
| JVM | ${meta.java} (default flags: with one core the JVM picks SerialGC and a ¼-of-memory heap) |
| Node.js | ${meta.node} |
| this starter | ${meta.springboot}, ${meta.tomcat}, default \`socketio.*\` settings |
| this starter, virtual threads | the same on ${meta.javavt || '(no JDK 21+ found: not run)'}, with \`spring.threads.virtual.enabled=true\` |
| raw floor | same Spring Boot and Tomcat, one \`TextWebSocketHandler\` |
| netty-socketio | ${meta.nettysocketio} (Netty 4.1.115, its default \`Configuration\`) |
| Node socket.io | ${meta.socketio} (default options) |
| non-default settings | \`server.tomcat.max-connections=20000\` for both Spring servers (Tomcat's 8,192 would time connection 8,193 out silently); file limit \`ulimit -n\` ≥ 20,000 for server and generator |

How quiet the machine was (1-minute load average before and after each run; the generator and the
server themselves add up to ~2 while they run):

\`\`\`
${runs}
\`\`\`

`;

for (const [scenario, title] of Object.entries(SCENARIOS)) {
  if (!rows.some((r) => r.scenario === scenario)) continue;
  md += `## ${title}\n\n${table(scenario)}\n\n`;
  if (scenario === 'idle') {
    md += ratios(scenario, 'rssPerConnKb', 'Memory per connection');
  } else if (scenario !== 'slowloris') {
    md += ratios(scenario, 'throughput', 'Throughput');
    md += `\n${ratios(scenario, 'cpuPerMsgUs', 'Server CPU per message')}`;
  }
  md += '\n';
}

md += `## Targets (issue #6)\n\n${targets()}\n\n`;

const marker = '<!-- analysis -->';
if (fs.existsSync(out)) {
  const old = fs.readFileSync(out, 'utf8');
  if (old.includes(marker)) md += old.slice(old.indexOf(marker));
}
fs.writeFileSync(out, md.endsWith('\n') ? md : `${md}\n`);

// Console: the tables only.
for (const scenario of Object.keys(SCENARIOS)) {
  if (rows.some((r) => r.scenario === scenario)) console.log(`\n${SCENARIOS[scenario]}\n${table(scenario)}`);
}
console.log(`\n${targets()}\n\nwritten to ${out}`);
