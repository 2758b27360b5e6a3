#!/usr/bin/env bash
# Runs the Socket.IO server comparison and writes benchmarks/RESULTS.md.
#
#   benchmarks/run.sh
#   SMOKE=1 benchmarks/run.sh          every scenario against every server with 5 clients for a
#                                      second: checks the harness and the servers of the comparison
#                                      (Node socket.io and netty-socketio, which ./mvnw verify does
#                                      not start); fails unless every run is complete and error-free;
#                                      writes its table to benchmarks/target/results/SMOKE.md
#
# Environment (all optional):
#   SERVERS="starter starter-vt raw netty node"   SCENARIOS="echo fanout idle polling slowreaders" (also: slowloris,
#                                      heartbeat, handshakes)
#                                      (also: starter-metrics and starter-observed, the starter with its
#                                      socketio.* meters, and with them an observation per event;
#                                      starter-micrometer, Spring Boot's own meters without them)
#   JAVA_VT=/usr/lib/jvm/<jdk 21+>/bin/java  the JVM of starter-vt (the starter with
#                                      spring.threads.virtual.enabled=true); found under
#                                      /usr/lib/jvm when unset; starter-vt is left out without one
#   WARMUP=10 DURATION=20              seconds before and of every measured window
#   ROUNDS=1                           windows per server and scenario, the servers taking turns
#                                      within a round; the report gives the median of each figure
#   QUIET_LOAD=0.7 QUIET_WAIT=300      before each measured run, wait for the 1-minute load average
#                                      to fall below QUIET_LOAD; QUIET_WAIT s of waiting in all
#   PROFILE=1                          profile the starter servers (starter, starter-metrics, ...) per
#                                      scenario with async-profiler (tools.profiler:async-profiler
#                                      from Maven Central; CPU time by timer signal, Java and native
#                                      frames, from start to exit) into
#                                      benchmarks/target/results/<scenario>-<server>.collapsed
#   JFR=1                              record a JFR profile of the starter server per scenario
#                                      (benchmarks/target/results/<scenario>-starter.jfr)
#   GC_LOG=1                           log the starter servers' collections (-Xlog:gc with wall-clock
#                                      time) into benchmarks/target/results/<scenario>-<server>-<port>.gc.log,
#                                      to line pauses up with loadgen's latencyBySecond (slowreaders)
#   STARTER_JVM_OPTS="-XX:+PrintCompilation"  more JVM options of the starter servers, for a diagnosis
#                                      only (the compared servers run with the JVM's defaults)
#   RESULTS=benchmarks/RESULTS.md      where the report goes
#   BASE_REF=<git revision>            for the server starter-base: the starter server of that
#                                      revision (git archive, built in benchmarks/target/base), with
#                                      the same settings as starter, for an A/B comparison in one
#                                      run, e.g. SERVERS='starter-base starter' BASE_REF=main
#   CLIENTS=N                          clients of every scenario instead of its default
#   LOADGEN_EXTRA="--senders 20"       more loadgen.js options for every run
#                                      (@RUN@ in them becomes <scenario>-<server>-<round>, e.g.
#                                      "--closes-file /tmp/closes-@RUN@.txt": one file per run)
#
# Each server runs alone, pinned to core 0 (taskset -c 0), restarted for every scenario; the load
# generator runs pinned to core 1. Only 127.0.0.1 is used. Every process started here is stopped on
# exit (trap). Needs: JDK 17+, Node.js 20+ with npm, taskset, curl, a file limit of 20,000+.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BENCH=$ROOT/benchmarks
OUT=$BENCH/target/results
# A JDK 21+ for starter-vt: JAVA_VT, else the newest under /usr/lib/jvm
if [ -z "${JAVA_VT:-}" ]; then
  for jdk in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -V -r); do
    v=$("$jdk/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
    if [ -n "$v" ] && [ "${v%%.*}" -ge 21 ] 2>/dev/null; then JAVA_VT="$jdk/bin/java"; break; fi
  done
fi
JAVA_VT=${JAVA_VT:-}
if [ -n "$JAVA_VT" ]; then DEFAULT_SERVERS="starter starter-vt raw netty node"; else DEFAULT_SERVERS="starter raw netty node"; fi
SERVERS=${SERVERS:-$DEFAULT_SERVERS}
SCENARIOS=${SCENARIOS:-"echo fanout idle polling slowreaders"}
WARMUP=${WARMUP:-10}
ROUNDS=${ROUNDS:-1}
DURATION=${DURATION:-20}
QUIET_LOAD=${QUIET_LOAD:-0.7}
QUIET_WAIT=${QUIET_WAIT:-300}
RESULTS=${RESULTS:-$BENCH/RESULTS.md}
LOADGEN_ARGS=()
if [ "${SMOKE:-0}" = 1 ]; then
  WARMUP=0 DURATION=1 ROUNDS=1 QUIET_WAIT=0 RESULTS=$OUT/SMOKE.md
  LOADGEN_ARGS=(--clients 5 --slow 5)
fi
if [ -n "${CLIENTS:-}" ]; then LOADGEN_ARGS+=(--clients "$CLIENTS"); fi
# shellcheck disable=SC2206
if [ -n "${LOADGEN_EXTRA:-}" ]; then LOADGEN_ARGS+=($LOADGEN_EXTRA); fi
PORT=${PORT:-18080}
STARTER_CLASS=io.github.springsocketio.benchmarks.starter.StarterBenchmarkServer
RAW_CLASS=io.github.springsocketio.benchmarks.raw.RawWebSocketBenchmarkServer
NETTY_CLASS=io.github.springsocketio.benchmarks.netty.NettySocketIoBenchmarkServer
# Tomcat accepts 8,192 connections by default and lets the next ones time out silently: the idle
# scenario holds 10,000, so both Spring servers get a higher limit (the only non-default setting).
SPRING_ARGS=(--server.address=127.0.0.1 --server.tomcat.max-connections=20000 --logging.level.root=WARN)
# Micrometer is on the benchmark's classpath for starter-metrics (the socketio.* meters) and
# starter-observed (the meters and an observation per event); the other starter servers run as
# an application without Micrometer would: neither meters nor observations.
BOOT_AUTOCONFIGURE=org.springframework.boot.micrometer
NO_OBSERVABILITY=(--socketio.metrics.enabled=false --socketio.observation.enabled=false
  "--spring.autoconfigure.exclude=$BOOT_AUTOCONFIGURE.observation.autoconfigure.ObservationAutoConfiguration,$BOOT_AUTOCONFIGURE.metrics.autoconfigure.MetricsAutoConfiguration,$BOOT_AUTOCONFIGURE.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration,$BOOT_AUTOCONFIGURE.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration")

ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" -lt 20000 ]; then
  echo "warning: file limit $(ulimit -n) < 20000; the idle scenario (10,000 connections) will fail" >&2
fi

mkdir -p "$OUT"
SERVER_PID=""
stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}
trap stop_server EXIT INT TERM

echo "== building (./mvnw -pl benchmarks -am package, npm ci)"
./mvnw -q -B -pl benchmarks -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt
(cd "$BENCH/node" && npm ci --no-audit --no-fund --loglevel=error)
CP="$BENCH/target/classes:$(cat "$BENCH/target/classpath.txt")"
BASE_CP=""
if [[ " $SERVERS " == *" starter-base "* ]]; then
  : "${BASE_REF:?the server starter-base needs BASE_REF, the git revision to compare with}"
  BASE_DIR=$BENCH/target/base
  BASE_REV=$(git rev-parse "$BASE_REF^{commit}")
  if [ "$(cat "$BASE_DIR/.rev" 2>/dev/null)" != "$BASE_REV" ]; then
    echo "== building starter-base ($BASE_REF = $BASE_REV)"
    rm -rf "$BASE_DIR"
    mkdir -p "$BASE_DIR"
    git archive "$BASE_REV" | tar -x -C "$BASE_DIR"
    (cd "$BASE_DIR" && ./mvnw -q -B -pl benchmarks -am -DskipTests package dependency:build-classpath \
      -Dmdep.outputFile=target/classpath.txt)
    echo "$BASE_REV" >"$BASE_DIR/.rev"
  fi
  BASE_CP="$BASE_DIR/benchmarks/target/classes:$(cat "$BASE_DIR/benchmarks/target/classpath.txt")"
fi
if [ "${PROFILE:-0}" = 1 ]; then
  ./mvnw -q -B -N dependency:copy -Dartifact=tools.profiler:async-profiler:3.0 -DoutputDirectory="$BENCH/target/profiler"
  (cd "$BENCH/target/profiler" && unzip -oq async-profiler-3.0.jar 'linux-x64/*')
  ASYNC_PROFILER="$BENCH/target/profiler/linux-x64/libasyncProfiler.so"
fi

load1() { cut -d' ' -f1 /proc/loadavg; }
QUIET_DEADLINE=$((SECONDS + QUIET_WAIT))
wait_quiet() {
  local deadline=$QUIET_DEADLINE
  while awk -v l="$(load1)" -v q="$QUIET_LOAD" 'BEGIN { exit !(l >= q) }' && [ $SECONDS -lt $deadline ]; do
    sleep 5
  done
}

start_server() { # server scenario port
  local server=$1 scenario=$2 port=$3 log="$OUT/$2-$1.log" jfr=() spring=("${SPRING_ARGS[@]}")
  # slowreaders, heartbeat: a 5 s + 5 s heartbeat on both servers, so that the clients that stop
  # reading or answering time out in the window
  local ping_interval="" ping_timeout=""
  if [ "$scenario" = slowreaders ] || [ "$scenario" = heartbeat ]; then
    spring+=(--socketio.ping-interval=5s --socketio.ping-timeout=5s)
    ping_interval=5000 ping_timeout=5000
  fi
  if [ "${PROFILE:-0}" = 1 ] && [[ $server == starter* ]]; then
    jfr+=("-agentpath:$ASYNC_PROFILER=start,event=itimer,interval=1ms,file=$OUT/$scenario-$server.collapsed,collapsed"
      -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints)
  fi
  if [ "${JFR:-0}" = 1 ] && [ "$server" = starter ]; then
    jfr=("-XX:StartFlightRecording=filename=$OUT/$scenario-starter.jfr,settings=profile,dumponexit=true")
  fi
  if [ "${GC_LOG:-0}" = 1 ] && [[ $server == starter* ]]; then
    jfr+=("-Xlog:gc,safepoint:file=$OUT/$scenario-$server-$port.gc.log:time,uptime")
  fi
  # shellcheck disable=SC2206
  if [ -n "${STARTER_JVM_OPTS:-}" ] && [[ $server == starter* ]]; then jfr+=($STARTER_JVM_OPTS); fi
  case $server in
    starter) taskset -c 0 java "${jfr[@]}" -cp "$CP" $STARTER_CLASS --server.port="$port" "${spring[@]}" \
      "${NO_OBSERVABILITY[@]}" >"$log" 2>&1 & ;;
    starter-base) taskset -c 0 java "${jfr[@]}" -cp "$BASE_CP" $STARTER_CLASS --server.port="$port" "${spring[@]}" \
      "${NO_OBSERVABILITY[@]}" >"$log" 2>&1 & ;;
    starter-micrometer) taskset -c 0 java "${jfr[@]}" -cp "$CP" $STARTER_CLASS --server.port="$port" "${spring[@]}" \
      --socketio.metrics.enabled=false --socketio.observation.enabled=false \
      "--spring.autoconfigure.exclude=$BOOT_AUTOCONFIGURE.observation.autoconfigure.ObservationAutoConfiguration" >"$log" 2>&1 & ;;
    starter-metrics) taskset -c 0 java "${jfr[@]}" -cp "$CP" $STARTER_CLASS --server.port="$port" "${spring[@]}" \
      --socketio.metrics.enabled=true --socketio.observation.enabled=false \
      "--spring.autoconfigure.exclude=$BOOT_AUTOCONFIGURE.observation.autoconfigure.ObservationAutoConfiguration" >"$log" 2>&1 & ;;
    starter-observed) taskset -c 0 java "${jfr[@]}" -cp "$CP" $STARTER_CLASS --server.port="$port" "${spring[@]}" \
      --socketio.metrics.enabled=true --socketio.observation.enabled=true >"$log" 2>&1 & ;;
    starter-vt) taskset -c 0 "$JAVA_VT" -cp "$CP" $STARTER_CLASS --server.port="$port" "${spring[@]}" \
      "${NO_OBSERVABILITY[@]}" --spring.threads.virtual.enabled=true >"$log" 2>&1 & ;;
    raw) taskset -c 0 java -cp "$CP" $RAW_CLASS --server.port="$port" "${SPRING_ARGS[@]}" >"$log" 2>&1 & ;;
    netty) taskset -c 0 java -cp "$CP" $NETTY_CLASS "$port" >"$log" 2>&1 & ;;
    node) PING_INTERVAL=$ping_interval PING_TIMEOUT=$ping_timeout taskset -c 0 node "$BENCH/node/server.js" "$port" \
      >"$log" 2>&1 & ;;
    *) echo "unknown server $server" >&2; return 1 ;;
  esac
  SERVER_PID=$!
  for _ in $(seq 300); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/socket.io/?EIO=4&transport=polling" || true)" != 000 ]; then
      return 0
    fi
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.2
  done
  echo "server $server did not start, see $log" >&2
  return 1
}

: >"$OUT/results.jsonl"
: >"$OUT/runs.txt"
for scenario in $SCENARIOS; do
 for round in $(seq "$ROUNDS"); do
  for server in $SERVERS; do
    if [ "$server" = raw ] && { [ "$scenario" = polling ] || [ "$scenario" = slowloris ]; }; then
      continue # the floor speaks WebSocket only
    fi
    if { [ "$scenario" = slowreaders ] || [ "$scenario" = heartbeat ] || [ "$scenario" = handshakes ]; } \
      && { [ "$server" = raw ] || [ "$server" = netty ]; }; then
      continue # needs a Socket.IO heartbeat and GET /stats: the starter and Node
    fi
    PORT=$((PORT + 1))
    wait_quiet
    before=$(load1)
    start_server "$server" "$scenario" "$PORT"
    gc=()
    if [ "$server" != node ]; then gc=(--gc-cmd "jcmd $SERVER_PID GC.run"); fi
    load=("${LOADGEN_ARGS[@]//@RUN@/$scenario-$server-$round}")
    if [ "${SMOKE:-0}" = 1 ] && [ "$scenario" = polling ]; then load+=(--rate 5); fi
    echo "== $scenario / $server (pid $SERVER_PID, port $PORT, load $before)"
    line=$(taskset -c 1 node "$BENCH/node/loadgen.js" --port "$PORT" --scenario "$scenario" --server "$server" \
      --warmup "$WARMUP" --duration "$DURATION" --pid "$SERVER_PID" "${load[@]}" "${gc[@]}" \
      | grep '^RESULT ' || true)
    stop_server
    if [ -z "$line" ]; then
      echo "{\"server\":\"$server\",\"scenario\":\"$scenario\",\"round\":$round,\"failed\":true}" >>"$OUT/results.jsonl"
    else
      echo "${line#RESULT }" | sed "s/^{/{\"round\":$round,/" >>"$OUT/results.jsonl"
    fi
    echo "$scenario $server round $round load1-before=$before load1-after=$(load1)" >>"$OUT/runs.txt"
  done
 done
done

{
  echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "cores=$(nproc)"
  echo "memory=$(free -h | awk '/Mem:/ {print $2}')"
  echo "kernel=$(uname -r)"
  echo "java=$(java -version 2>&1 | head -2 | tail -1)"
  echo "javavt=$([ -n "$JAVA_VT" ] && "$JAVA_VT" -version 2>&1 | head -2 | tail -1)"
  echo "node=$(node --version)"
  echo "socketio=$(node -p "require('$BENCH/node/node_modules/socket.io/package.json').version")"
  echo "nettysocketio=$(basename "$(tr ':' '\n' <"$BENCH/target/classpath.txt" | grep -m1 netty-socketio)" .jar)"
  echo "tomcat=$(basename "$(tr ':' '\n' <"$BENCH/target/classpath.txt" | grep -m1 tomcat-embed-core)" .jar)"
  echo "springboot=$(basename "$(tr ':' '\n' <"$BENCH/target/classpath.txt" | grep -m1 '/spring-boot-4')" .jar)"
  echo "warmup=$WARMUP"
  echo "duration=$DURATION"
  echo "rounds=$ROUNDS"
  echo "command=${RUN_COMMAND:-benchmarks/run.sh}"
  echo "baseref=${BASE_REV:-}"
} >"$OUT/meta.txt"
node "$BENCH/node/report.js" "$OUT" "$RESULTS"
if [ "${SMOKE:-0}" = 1 ]; then
  # every run complete: no error, every client connected, messages moved, every fan-out delivered
  node -e '
    const rows = require("node:fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map((l) => JSON.parse(l));
    const bad = rows.filter((r) => r.failed || r.errorCount !== 0 || r.connections !== 5
      || (r.scenario !== "idle" && !(r.messages > 0))
      || (r.scenario === "fanout" && r.delivered !== r.expected)
      || typeof r.serverCpuSec !== "number");
    for (const r of bad) console.error(`smoke run failed: ${r.scenario} / ${r.server}: ${JSON.stringify(r)}`);
    console.log(`smoke: ${rows.length - bad.length} of ${rows.length} runs complete and error-free`);
    process.exit(bad.length === 0 && rows.length > 0 ? 0 : 1);
  ' "$OUT/results.jsonl"
fi
