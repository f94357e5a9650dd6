#!/usr/bin/env bash
# Runs every load-generator figure of BENCHMARKS.md, one scenario after the other, and keeps the
# table, JSON and HTML of each in bench/target/results/. Each scenario runs the three targets
# (herald-jws, herald-netty, raw-jws; "peers": six servers) in turn, each in a child process pinned
# to CPU 0, with this load generator pinned to CPU 1. Takes about 35 minutes.
# Usage: bench/run-benchmarks.sh [scenario...]
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=bench/target/herald-bench.jar
OUT=bench/target/results
mkdir -p "$OUT"

run() {
  local name=$1
  shift
  echo "### $name: java -jar $JAR $*"
  echo "### load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  java -jar "$JAR" "$@" --json "$OUT/$name.json" --report "$OUT/$name.html" > "$OUT/$name.txt" 2>&1
  grep -v '^\[ *[0-9]*s\]' "$OUT/$name.txt"
}

# The most connections one server holds: two load-generator processes of 9,750 each, because one
# process may hold at most ~18k under ulimit -n 20000. Counts the server's open files meanwhile.
max_connections() {
  local target=$1 per_process=$2 port=$3
  echo "### max-$target: 2 x connect $per_process against one $target server (serve, taskset -c 0)"
  taskset -c 0 java -Xmx2g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$JAR" \
    dev.herald.bench.targets.TargetServer --target "$target" --port "$port" > "$OUT/max-$target-server.txt" 2>&1 &
  local server=$!
  sleep 3
  java -jar "$JAR" connect "$per_process" --url "ws://127.0.0.1:$port" --hold 25 --connect-timeout 60 \
    --json "$OUT/max-$target-a.json" > "$OUT/max-$target-a.txt" 2>&1 &
  local a=$!
  java -jar "$JAR" connect "$per_process" --url "ws://127.0.0.1:$port" --hold 25 --connect-timeout 60 \
    --json "$OUT/max-$target-b.json" > "$OUT/max-$target-b.txt" 2>&1 &
  local b=$!
  local most=0
  for _ in $(seq 1 60); do
    local files
    files=$(ls /proc/$server/fd 2>/dev/null | wc -l)
    (( files > most )) && most=$files
    kill -0 $a 2>/dev/null || kill -0 $b 2>/dev/null || break
    sleep 1
  done
  wait $a $b || true
  echo "### max-$target: server open files at most $most, RSS $(grep VmRSS /proc/$server/status)"
  kill $server
  wait $server 2>/dev/null || true
  grep -h -E '^(connections|failures|drops) ' "$OUT/max-$target-a.txt" "$OUT/max-$target-b.txt"
}

# Herald on Netty against the servers a team would pick instead, in one run each (issue 14's
# goals): Node's ws with bufferutil, Bun, plain Netty, and raw Java-WebSocket for Herald on it.
# The ratios divide by node-ws; bench/peers needs 'npm ci' first (scripts/test.sh does it).
PEERS=herald-netty,plain-netty,node-ws,bun,herald-jws,raw-jws
peers() {
  run peers-connect-10k connect 10000 --hold 5 --target "$PEERS" --baseline node-ws
  run peers-echo-10k echo 10000 --target "$PEERS" --baseline node-ws
  run peers-echo-rate-10k-15000 echo-rate 10000 15000 --target "$PEERS" --baseline node-ws
  run peers-echo-rate-10k-4000 echo-rate 10000 4000 --target "$PEERS" --baseline node-ws
  run peers-fanout-10k fanout 10000 10 --target "$PEERS" --baseline node-ws
}

scenarios=("$@")
if (( ${#scenarios[@]} == 0 )); then
  scenarios=(connect echo echo-rate fanout chat max peers)
fi
for scenario in "${scenarios[@]}"; do
  case $scenario in
    connect)
      run connect-1k connect 1000 --hold 3
      run connect-10k connect 10000 --hold 5 ;;
    echo)
      run echo-1k echo 1000
      run echo-10k echo 10000 ;;
    echo-rate)
      run echo-rate-1k echo-rate 1000 4000
      run echo-rate-10k echo-rate 10000 4000
      run echo-rate-10k-zgc echo-rate 10000 4000 --server-jvm "-Xmx2g -XX:+UseZGC" ;;
    fanout)
      run fanout-1k fanout 1000 50
      run fanout-10k fanout 10000 5
      run fanout-10k-max fanout 10000 10 ;;
    chat)
      run chat-10k chat 10000 ;;
    peers) peers ;;
    max)
      max_connections herald-netty 9750 9101
      max_connections herald-jws 9750 9102
      max_connections raw-jws 9750 9103 ;;
    *) echo "unknown scenario: $scenario" >&2; exit 2 ;;
  esac
done
