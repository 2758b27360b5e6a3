#!/usr/bin/env bash
# Runs the sample application as a two-node cluster over Redis, in the foreground:
#
#   scripts/sample-two-nodes.sh
#
# Starts Debian's redis-server on 127.0.0.1:${REDIS_PORT:-6390} (no persistence), then two sample
# nodes with socketio.adapter.type=redis on http://localhost:${PORT1:-8080} and
# http://localhost:${PORT2:-8082}. A page on either node sees the chat messages, typing, who is
# online and the dataUpdated pushes of the other (each node keeps its own board in memory). Ctrl-C
# stops all three. Builds the sample first (no tests); extra Maven options go in MAVEN_ARGS (for
# example MAVEN_ARGS=-o). scripts/install-test-deps.sh installs redis-server when it is missing.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
redis_port="${REDIS_PORT:-6390}"
port1="${PORT1:-8080}"
port2="${PORT2:-8082}"

if ! command -v redis-server >/dev/null; then
  echo "redis-server is not installed: run scripts/install-test-deps.sh" >&2
  exit 1
fi

# shellcheck disable=SC2086
./mvnw -q -B ${MAVEN_ARGS:-} -pl sample-app -am -DskipTests package
jar="$(ls sample-app/target/socketio-spring-boot-sample-app-*.jar | grep -v -- '-plain\.jar$' | head -n 1)"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

redis_pid=
node_pids=()
stop() {
  trap - INT TERM EXIT
  # the nodes first, so that they do not see Redis go away as they stop
  for pid in "${node_pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${node_pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  if [ -n "$redis_pid" ]; then
    kill "$redis_pid" 2>/dev/null || true
    wait "$redis_pid" 2>/dev/null || true
  fi
}
trap stop INT TERM EXIT

# in its own session, so that Ctrl-C reaches the nodes and the trap stops Redis after them
setsid redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --daemonize no --loglevel warning &
redis_pid=$!
for port in "$port1" "$port2"; do
  "$java" -jar "$jar" --server.port="$port" --socketio.adapter.type=redis --management.health.redis.enabled=true \
    --spring.data.redis.host=127.0.0.1 --spring.data.redis.port="$redis_port" &
  node_pids+=($!)
done
echo "Two sample nodes over Redis 127.0.0.1:$redis_port: http://localhost:$port1 and http://localhost:$port2 (Ctrl-C stops them)"
wait -n || true
