#!/usr/bin/env bash
# Cross-node fan-out: two server nodes of one cluster over one redis-server, the clients spread over
# both, one room; a client of node 1 asks for the broadcasts, which node 1 delivers to its clients
# and publishes on Redis for node 2. Two Java nodes (this starter, socketio.adapter.type=redis) and
# two Node nodes (socket.io 4.8.4 with @socket.io/redis-adapter 8.3.0), one pair after the other.
#
#   benchmarks/cluster.sh
#   SMOKE=1 benchmarks/cluster.sh      10 clients for a second: checks the harness; fails unless
#                                      every delivery arrived without error
#
# Environment (all optional): SERVERS="starter node" CLIENTS=2000 RATE=20 (broadcasts/s)
# WARMUP=90 (steady state: the JVM still compiles its once-per-broadcast code for about a minute at 20
# broadcasts/s, see RESULTS.md 2026-12-03) DURATION=20 ROUNDS=1 REDIS_PORT=16390 PORT=19080 JAVA_OPTS="-Xlog:gc" (more JVM options of the
# starter nodes)
# DUMP=1: per measured broadcast and node, the first and last delivery's latency (and the wall-clock send time)
# in benchmarks/target/results/cluster-<server>-<round>.json, for a diagnosis of the tail; read them with
# node benchmarks/node/cluster-tail.js FILE... (percentiles per stage, the slowest broadcasts' times)
# REDIS_CPU=1: the core of redis-server (0: with the nodes instead of with the load generator)
# BASE_REF=<git revision> for the server starter-base: two starter nodes as built from that revision
# (git archive, built in benchmarks/target/cluster-base), for an A/B comparison in one run, e.g.
# BASE_REF=main SERVERS='starter-base starter node' ROUNDS=2 benchmarks/cluster.sh
# The latency is also split by node: node 1 delivers to its clients itself, node 2 what arrives from
# Redis. Both nodes are pinned to core 0, redis-server and the load generator to core 1. Prints one JSON
# line per run into benchmarks/target/results/cluster.jsonl and a Markdown table on stdout. Every
# process started here is stopped on exit. Needs what run.sh needs, and Debian's redis-server.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BENCH=$ROOT/benchmarks
OUT=$BENCH/target/results
SERVERS=${SERVERS:-"starter node"}
CLIENTS=${CLIENTS:-2000}
RATE=${RATE:-20}
WARMUP=${WARMUP:-90}
DURATION=${DURATION:-20}
ROUNDS=${ROUNDS:-1}
REDIS_PORT=${REDIS_PORT:-16390}
PORT=${PORT:-19080}
if [ "${SMOKE:-0}" = 1 ]; then CLIENTS=10 WARMUP=0 DURATION=1 ROUNDS=1; fi
STARTER_CLASS=io.github.springsocketio.benchmarks.starter.StarterBenchmarkServer

ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
mkdir -p "$OUT"
PIDS=()
REDIS_PID=""
stop_nodes() {
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  PIDS=()
}
stop_all() {
  stop_nodes
  if [ -n "$REDIS_PID" ]; then kill -TERM "$REDIS_PID" 2>/dev/null || true; wait "$REDIS_PID" 2>/dev/null || true; fi
}
trap stop_all EXIT INT TERM

echo "== building (./mvnw -pl benchmarks -am -Pcluster package, npm ci)"
# profile cluster: the Redis module and Boot's Netty (see benchmarks/pom.xml), its own classpath file
./mvnw -q -B ${MAVEN_ARGS:-} -pl benchmarks -am -Pcluster -Dmaven.test.skip=true package dependency:build-classpath \
  -Dmdep.outputFile=target/cluster-classpath.txt
(cd "$BENCH/node" && npm ci --no-audit --no-fund --loglevel=error)
CP="$BENCH/target/classes:$(cat "$BENCH/target/cluster-classpath.txt")"
BASE_CP=""
if [[ " $SERVERS " == *" starter-base "* ]]; then
  : "${BASE_REF:?the server starter-base needs BASE_REF, the git revision to compare with}"
  BASE_DIR=$BENCH/target/cluster-base
  BASE_REV=$(git rev-parse "$BASE_REF^{commit}")
  if [ "$(cat "$BASE_DIR/.rev" 2>/dev/null)" != "$BASE_REV" ]; then
    echo "== building starter-base ($BASE_REF = $BASE_REV)"
    rm -rf "$BASE_DIR"
    mkdir -p "$BASE_DIR"
    git archive "$BASE_REV" | tar -x -C "$BASE_DIR"
    (cd "$BASE_DIR" && ./mvnw -q -B ${MAVEN_ARGS:-} -pl benchmarks -am -Pcluster -Dmaven.test.skip=true package \
      dependency:build-classpath -Dmdep.outputFile=target/cluster-classpath.txt)
    echo "$BASE_REV" >"$BASE_DIR/.rev"
  fi
  BASE_CP="$BASE_DIR/benchmarks/target/classes:$(cat "$BASE_DIR/benchmarks/target/cluster-classpath.txt")"
fi

taskset -c "${REDIS_CPU:-1}" redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
  --loglevel warning >"$OUT/cluster-redis.log" 2>&1 &
REDIS_PID=$!
for _ in $(seq 100); do [ "$(redis-cli -p "$REDIS_PORT" ping 2>/dev/null || true)" = PONG ] && break; sleep 0.1; done

start_node() { # server port log
  local cp=$CP
  [ "$1" = starter-base ] && cp=$BASE_CP
  case $1 in
    starter | starter-base) taskset -c 0 java ${JAVA_OPTS:-} -cp "$cp" $STARTER_CLASS --server.port="$2" --server.address=127.0.0.1 \
      --logging.level.root=WARN --socketio.adapter.type=redis --spring.data.redis.host=127.0.0.1 \
      --spring.data.redis.port="$REDIS_PORT" >"$3" 2>&1 & ;;
    node) REDIS_PORT=$REDIS_PORT taskset -c 0 node "$BENCH/node/server.js" "$2" >"$3" 2>&1 & ;;
    *) echo "unknown server $1" >&2; return 1 ;;
  esac
  PIDS+=($!)
}

await_node() { # port
  for _ in $(seq 600); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/socket.io/?EIO=4&transport=polling" || true)" != 000 ]; then
      return 0
    fi
    sleep 0.2
  done
  echo "node on port $1 did not start, see $OUT" >&2
  return 1
}

: >"$OUT/cluster.jsonl"
for round in $(seq "$ROUNDS"); do
  for server in $SERVERS; do
    p1=$((PORT += 1)); p2=$((PORT += 1))
    start_node "$server" "$p1" "$OUT/cluster-$server-1.log"
    start_node "$server" "$p2" "$OUT/cluster-$server-2.log"
    await_node "$p1"
    await_node "$p2"
    # both nodes subscribed to the request channel: the cluster is formed
    for _ in $(seq 300); do
      [ "$(redis-cli -p "$REDIS_PORT" pubsub numsub 'socket.io-request#/#' | tail -1)" = 2 ] && break
      sleep 0.1
    done
    echo "== cluster fan-out / $server (pids ${PIDS[*]}, ports $p1 $p2, load $(cut -d' ' -f1 /proc/loadavg))"
    line=$(taskset -c 1 node "$BENCH/node/loadgen.js" --scenario fanout --server "$server" --clients "$CLIENTS" \
      --rate "$RATE" --warmup "$WARMUP" --duration "$DURATION" --port "$p1" --port2 "$p2" \
      --pid "${PIDS[0]}" --pid2 "${PIDS[1]}" ${DUMP:+--dump "$OUT/cluster-$server-$round.json"} | grep '^RESULT ' || true)
    stop_nodes
    if [ -z "$line" ]; then
      echo "{\"server\":\"$server\",\"round\":$round,\"failed\":true}" >>"$OUT/cluster.jsonl"
    else
      echo "${line#RESULT }" | sed "s/^{/{\"round\":$round,/" >>"$OUT/cluster.jsonl"
    fi
  done
done

node -e '
  const rows = require("node:fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map((l) => JSON.parse(l));
  const f = (v, d = 1) => (typeof v === "number" ? v.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d }) : "–");
  console.log("| nodes | clients | deliveries/s | p50 ms | p99 ms | p50 / p99 ms node 1 | node 2 | CPU µs/delivery node 1 | node 2 | lost deliveries | errors |");
  console.log("|---|---|---|---|---|---|---|---|---|---|---|");
  const lat = (node) => (node ? `${f(node.p50Ms, 2)} / ${f(node.p99Ms, 2)}` : "–");
  let bad = 0;
  for (const r of rows) {
    if (r.failed) { bad++; console.log(`| ${r.server} | run failed |`); continue; }
    const lost = r.expected - r.delivered;
    if (lost !== 0 || r.errorCount !== 0 || r.connections !== Number(process.argv[2])) bad++;
    const n = r.nodes || [];
    // every delivery inside the window, also of broadcasts asked for before it (a backlog)
    const perSecond = n.length ? n.reduce((sum, node) => sum + node.deliveries, 0) / r.seconds : r.throughput;
    const name = { node: "2 × Node socket.io", starter: "2 × this starter", "starter-base": `2 × this starter at ${process.argv[3]}` }[r.server] || r.server;
    console.log(`| ${name} | ${r.connections} | ${f(perSecond, 0)} | ${f(r.p50Ms, 2)} | ${f(r.p99Ms, 2)} | ${lat(n[0])} | ${lat(n[1])} | ${f(n[0] && n[0].cpuPerDeliveryUs)} | ${f(n[1] && n[1].cpuPerDeliveryUs)} | ${lost} of ${r.expected} | ${r.errorCount} |`);
  }
  process.exit(process.env.SMOKE === "1" && bad > 0 ? 1 : 0);
' "$OUT/cluster.jsonl" "$CLIENTS" "${BASE_REF:-}"
