#!/usr/bin/env bash
# Runs a conformance fixture server in the foreground, for a public protocol test suite:
#
#   scripts/conformance-server.sh engine-io PORT
#
# engine-io  the raw Engine.IO v4 echo endpoint at http://localhost:PORT/engine.io/ with the
#            settings of the engine.io-protocol test suite: pingInterval 300 ms, pingTimeout 200 ms,
#            maxPayload 1,000,000, CORS from any origin.
# socket-io  the Socket.IO v5 server at http://localhost:PORT/socket.io/ with the fixture of the
#            socket.io-protocol test suite: namespaces / and /custom emit "auth" with the CONNECT
#            payload; on /, "message" is answered with "message-back" and the same arguments and
#            "message-with-ack" is acknowledged with them; other namespaces are refused. Same
#            heartbeat, maxPayload and CORS, connectTimeout 1000 ms, no connection state recovery.
#
# Compiles the autoconfigure module and its tests first (no tests run, no npm). Extra Maven
# options go in MAVEN_ARGS (for example MAVEN_ARGS=-o). Stop the server with Ctrl-C.
# Exit code 64 for a usage error.
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "Usage: $0 engine-io|socket-io PORT" >&2
  exit 64
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
classpath_file="$root/autoconfigure/target/conformance-classpath.txt"

./mvnw -q -B -pl autoconfigure -am -DskipTests test-compile
./mvnw -q -B -pl autoconfigure org.apache.maven.plugins:maven-dependency-plugin:3.10.0:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file"

java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$java" -cp "autoconfigure/target/test-classes:autoconfigure/target/classes:$(cat "$classpath_file")" \
  io.github.springsocketio.conformance.ConformanceServer "$1" "$2"
