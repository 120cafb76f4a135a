#!/usr/bin/env bash
# Runtime benchmark: Inkwell's runtime vs a Node.js peer serving the same three functions the way Laf does
# (http server + cached vm.Script), both measured in this run by the same load driver (wrk, 50 connections).
# Also: publish-to-live latency, cold start (process start -> first 200) and RSS.
# Called by ./inkwell bench runtime, which has built the jars and exported JAVA_HOME.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
DURATION=15; WARMUP=10; CONNECTIONS=50
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "wrk not found: apt-get install -y wrk" >&2; exit 1; }
command -v node >/dev/null || { echo "node not found (the peers run on Node.js)" >&2; exit 1; }
[ -d "$HERE/node_modules/express" ] || (cd "$HERE" && npm ci --no-audit --no-fund --silent) \
  || { echo "cannot install the Laf-shaped peer's dependencies (npm ci in $HERE)" >&2; exit 1; }
[ -f "$ROOT/benchmarks/target/inkwell-benchmarks-0.1.0-SNAPSHOT.jar" ] || (cd "$ROOT" && ./mvnw -B -q package -DskipTests)

[ -n "${JAVA_HOME:-}" ] || { echo "run this through ./inkwell bench runtime (it picks the JDK and the JVMCI flags)" >&2; exit 2; }
. "$ROOT/benchmarks/common.sh"
REPORT="$OUT/runtime-$STAMP.md"
wait_200() { # url, timeout seconds
  local end=$((SECONDS + $2)); until curl -sf -o /dev/null "$1"; do [ $SECONDS -lt $end ] || return 1; sleep 0.01; done; }

log "# Runtime benchmark $STAMP"
log ""
log "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r); JDK $("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p'); node $(node --version); wrk $CONNECTIONS connections, 2 threads, ${WARMUP}s warm-up + ${DURATION}s measured per case"
log "JVMCI (Graal optimizing compiler): $([ -n "$JVMCI_ARGS" ] && echo on || echo off)"
log ""

MPORT=$(free_port); RPORT=$(free_port); NPORT=$(free_port); LPORT=$(free_port)
"$JAVA" "${JOPTS[@]}" -cp "$BCP" dev.inkwell.benchmarks.MongoStandIn "$MPORT" > "$OUT/mongo.log" 2>&1 & PIDS+=($!)
until grep -q mongodb:// "$OUT/mongo.log" 2>/dev/null; do sleep 0.1; done
MONGO="mongodb://127.0.0.1:$MPORT"
"$JAVA" "${JOPTS[@]}" $JVMCI_ARGS -cp "$BCP" dev.inkwell.benchmarks.Publish "$MONGO" bench "$HERE/functions" > /dev/null 2>&1

# Cold start: process start to the first 200 of /hello.
start_ns=$(date +%s%N)
APPID=bench DB_URI="$MONGO/bench" SERVER_SECRET=bench-secret PORT=$RPORT INKWELL_BIND=127.0.0.1 \
  "$JAVA" "${JOPTS[@]}" -Xmx512m $JVMCI_ARGS ${INKWELL_JAVA_OPTS:-} -cp "$RCP" dev.inkwell.runtime.Main > "$OUT/runtime.log" 2>&1 & RPID=$!; PIDS+=($RPID)
wait_200 "http://127.0.0.1:$RPORT/hello" 60
cold_ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))
sleep 2; runtime_idle=$(rss_mb $RPID)

start_ns=$(date +%s%N)
node "$HERE/node-peer.js" "$NPORT" "$HERE/functions" > "$OUT/node.log" 2>&1 & NPID=$!; PIDS+=($NPID)
wait_200 "http://127.0.0.1:$NPORT/hello" 30
node_cold_ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))
sleep 2; node_idle=$(rss_mb $NPID)

start_ns=$(date +%s%N)
node "$HERE/laf-peer.js" "$LPORT" "$HERE/functions" > "$OUT/laf.log" 2>&1 & LAFPID=$!; PIDS+=($LAFPID)
wait_200 "http://127.0.0.1:$LPORT/hello" 30
laf_cold_ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))
sleep 2; laf_idle=$(rss_mb $LAFPID)

declare -A RPS P50 P99
run_wrk() { # name server-port path [script]
  local name="$1" port="$2" path="$3" script="${4:-}" args=(-t2 -c"$CONNECTIONS" --latency)
  [ -n "$script" ] && args+=(-s "$script")
  wrk "${args[@]}" -d"${WARMUP}s" "http://127.0.0.1:$port$path" > /dev/null
  local out; out="$(wrk "${args[@]}" -d"${DURATION}s" "http://127.0.0.1:$port$path")"
  echo "$out" > "$OUT/wrk-$name.txt"
  RPS[$name]=$(echo "$out" | awk '/Requests\/sec/ {printf "%.0f", $2}')
  P50[$name]=$(echo "$out" | awk '$1=="50%" {print $2}')
  P99[$name]=$(echo "$out" | awk '$1=="99%" {print $2}')
  local errors; errors=$(echo "$out" | grep -E 'Non-2xx|Socket errors' || true)
  [ -z "$errors" ] || log "  ($name: $errors)"
}
for fn in hello json cpu; do
  script=""; [ "$fn" = json ] && script="$HERE/post-json.lua"
  run_wrk "inkwell-$fn" "$RPORT" "/$fn" "$script"
  run_wrk "node-$fn" "$NPORT" "/$fn" "$script"
  run_wrk "laf-$fn" "$LPORT" "/$fn" "$script"
done
runtime_loaded=$(rss_mb $RPID); node_loaded=$(rss_mb $NPID); laf_loaded=$(rss_mb $LAFPID)

log "Peers: **bare** = Node http server + cached vm.Script (node-peer.js); **laf-shaped** = Express with Laf's kind of"
log "middleware in front of the same cached vm.Script functions (laf-peer.js). Ratios are Inkwell / peer req/s."
log ""
log "| function | Inkwell req/s | p50 | p99 | bare req/s | p50 | p99 | laf-shaped req/s | p50 | p99 | vs bare | vs laf-shaped |"
log "|---|---|---|---|---|---|---|---|---|---|---|---|"
for fn in hello json cpu; do
  rb=$(awk -v a="${RPS[inkwell-$fn]}" -v b="${RPS[node-$fn]}" 'BEGIN {printf "%.2fx", a/b}')
  rl=$(awk -v a="${RPS[inkwell-$fn]}" -v b="${RPS[laf-$fn]}" 'BEGIN {printf "%.2fx", a/b}')
  log "| $fn | ${RPS[inkwell-$fn]} | ${P50[inkwell-$fn]} | ${P99[inkwell-$fn]} | ${RPS[node-$fn]} | ${P50[node-$fn]} | ${P99[node-$fn]} | ${RPS[laf-$fn]} | ${P50[laf-$fn]} | ${P99[laf-$fn]} | $rb | $rl |"
done
log ""
log "cold start (process start -> first 200): Inkwell ${cold_ms} ms, bare peer ${node_cold_ms} ms, laf-shaped peer ${laf_cold_ms} ms"
log "RSS idle: Inkwell ${runtime_idle} MB, bare ${node_idle} MB, laf-shaped ${laf_idle} MB; after load: Inkwell ${runtime_loaded} MB, bare ${node_loaded} MB, laf-shaped ${laf_loaded} MB"
publish="$("$JAVA" "${JOPTS[@]}" $JVMCI_ARGS -cp "$BCP" dev.inkwell.benchmarks.PublishLatency "$MONGO" bench "http://127.0.0.1:$RPORT" 100 2>/dev/null | tail -1)"
log "$publish"
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
t0=$(cpu_ticks $RPID); sleep 10; t1=$(cpu_ticks $RPID)
log "idle CPU over 10 s after the run (change-stream polling of the stand-in included): $(awk -v d=$((t1 - t0)) -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.1f%%", 100 * d / hz / 10}') of one core"
log ""
log "(raw wrk output and server logs in $OUT)"
echo "report: $REPORT"
