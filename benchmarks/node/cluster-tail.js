// Reads the per-broadcast files of `DUMP=1 benchmarks/cluster.sh` and prints, per file, where each
// broadcast's time went: node 1's first and last delivery (node 1 writes to its own clients), the
// hop (node 1's last delivery to node 2's first: the publish, Redis and node 2's receive), node 2's
// spread (its first to its last delivery) and last delivery, as percentiles over the broadcasts of
// the window; then the slowest broadcasts with their wall-clock send time, to line them up with a
// node's GC or JIT log (-Xlog:gc*:file=...:time in JAVA_OPTS).
//
//   node benchmarks/node/cluster-tail.js benchmarks/target/results/cluster-starter-1.json [...]
'use strict';
const fs = require('node:fs');

const SLOWEST = 8;

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

function row(name, values) {
  const sorted = Float64Array.from(values).sort();
  const cells = [0.1, 0.5, 0.9, 0.99].map((p) => percentile(sorted, p).toFixed(1));
  return `| ${name} | ${cells.join(' | ')} | ${sorted[sorted.length - 1].toFixed(1)} |`;
}

for (const file of process.argv.slice(2)) {
  const broadcasts = JSON.parse(fs.readFileSync(file, 'utf8')).filter((b) => b.nodes && b.nodes[0][2] > 0 && b.nodes[1][2] > 0);
  console.log(`\n${file}: ${broadcasts.length} broadcasts (ms after the request was sent)\n`);
  console.log('| stage | p10 | p50 | p90 | p99 | max |');
  console.log('|---|---|---|---|---|---|');
  const [first1, last1, first2, last2] = [[0, 0], [0, 1], [1, 0], [1, 1]].map(([n, i]) => broadcasts.map((b) => b.nodes[n][i]));
  console.log(row('node 1, first delivery', first1));
  console.log(row('node 1, last delivery', last1));
  console.log(row('hop: node 1 last to node 2 first', last1.map((v, i) => Math.max(0, first2[i] - v))));
  console.log(row('node 2, first to last delivery', last2.map((v, i) => v - first2[i])));
  console.log(row('node 2, last delivery', last2));
  const slowest = [...broadcasts].sort((a, b) => b.nodes[1][1] - a.nodes[1][1]).slice(0, SLOWEST);
  console.log(`\nslowest ${SLOWEST} (node 2's last delivery):`);
  for (const b of slowest) {
    console.log(`  ${new Date(b.t).toISOString()}  node 1 last ${b.nodes[0][1].toFixed(1)}  node 2 first ${b.nodes[1][0].toFixed(1)}  last ${b.nodes[1][1].toFixed(1)} ms`);
  }
}
