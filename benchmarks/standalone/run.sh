#!/usr/bin/env bash
# Standalone benchmark: requests through the local edge of `./inkwell dev` with both filters on (tenant-auth checking
# an API key, tenant-rate-limit with a limit far above the load) against the same app's runtime called directly, for
# the `hello` (text) and `json` functions; the ratio is the edge's cost. Also: time from `./inkwell dev` to the first
# 200, on a warm build (the demo already seeded, as on every start after the first).
# Called by ./inkwell bench standalone, which has built the jars and exported JAVA_HOME.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
DURATION=10; WARMUP=5; CONNECTIONS=50; ROUNDS=3; STARTS=3
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    --starts) STARTS="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "wrk not found: apt-get install -y wrk" >&2; exit 1; }
[ -n "${JAVA_HOME:-}" ] || { echo "run this through ./inkwell bench standalone" >&2; exit 2; }
. "$ROOT/benchmarks/common.sh"
REPORT="$OUT/standalone-$STAMP.md"
DATA="$(mktemp -d)/.inkwell"
HTTP=$(free_port); API=$(free_port); MONGO=$(free_port)
cli() { (cd "$(dirname "$DATA")" && "$ROOT/inkwell" "$@"); }
first_200() { # url host timeout-seconds -> prints ms since $start_ns
  local end=$((SECONDS + $3))
  until [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Host: $2" "$1")" = 200 ]; do
    [ $SECONDS -lt $end ] || { echo "no 200 from $1 within $3 s" >&2; return 1; }; sleep 0.02; done
  echo $(( ($(date +%s%N) - start_ns) / 1000000 ))
}
start_dev() {
  "$ROOT/inkwell" dev --demo --data "$DATA" --http-port "$HTTP" --api-port "$API" --mongo-port "$MONGO" \
    > "$OUT/standalone-dev.log" 2>&1 & DEV=$!; PIDS+=($DEV)
}
stop_dev() { kill -TERM "$DEV"; wait "$DEV" 2>/dev/null || true; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

log "# Standalone benchmark $STAMP"
log ""
log "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r); JDK $("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p'); wrk $CONNECTIONS connections, 2 threads, ${WARMUP}s warm-up + ${DURATION}s measured, $ROUNDS alternating rounds; wrk shares the 2 cores with the platform"
log ""

# First start seeds the demo (TypeScript compiler load included): reported, not the target.
start_ns=$(date +%s%N); start_dev
seed_ms=$(first_200 "http://127.0.0.1:$HTTP/hello" "demo.localhost:$HTTP" 120)
# hello answers before seeding is over (json, visits, the site): let it finish, or the next start completes it
until grep -q "Ctrl-C stops it" "$OUT/standalone-dev.log"; do sleep 0.2; done
stop_dev
starts=()
for i in $(seq 1 "$STARTS"); do
  start_ns=$(date +%s%N); start_dev
  starts+=("$(first_200 "http://127.0.0.1:$HTTP/hello" "demo.localhost:$HTTP" 60)")
  [ "$i" = "$STARTS" ] || stop_dev
done
log "## Start-up: \`./inkwell dev\` to the first 200 of demo.localhost/hello (target < 10 s on a warm build)"
log ""
log "- first start, seeding the demo (TypeScript compiler load + 3 compiles): $seed_ms ms"
log "- later starts: ${starts[*]} ms; median $(printf '%s\n' "${starts[@]}" | median) ms"
log ""

# An app with both filters doing work: /hello and /json need an API key; a rate limit far above the load.
APPID=$(cli app create bench --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["appid"])')
cp "$ROOT/standalone/src/main/resources/dev/inkwell/standalone/demo/functions/"{hello,json}.ts "$(dirname "$DATA")/"
cli fn push "$APPID" "$(dirname "$DATA")/hello.ts" > /dev/null
cli fn push "$APPID" "$(dirname "$DATA")/json.ts" > /dev/null
cli auth set "$APPID" --public /public > /dev/null
KEY=$(cli keys create "$APPID" --id bench --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')
cli limits set "$APPID" --rate 1000000 --burst 1000000 > /dev/null
RUNTIME=$(sed -n 's/.*runtime up in .* on port \([0-9]*\).*/\1/p' "$OUT/standalone-dev.log" | tail -1)
until [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Host: $APPID.localhost" -H "X-API-Key: $KEY" "http://127.0.0.1:$HTTP/json")" = 200 ]; do sleep 0.05; done
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Host: $APPID.localhost" "http://127.0.0.1:$HTTP/json")" = 401 ] \
  || { echo "the edge let a request without a key through" >&2; exit 1; }

run_wrk() { # name url host [header]
  local extra=(); [ -n "${4:-}" ] && extra=(-H "$4")
  wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -H "Host: $3" "${extra[@]}" "$2" > /dev/null
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "Host: $3" "${extra[@]}" "$2" > "$OUT/wrk-$1.txt"
  local rps p99 non2xx
  rps=$(awk '/Requests\/sec/ {print $2}' "$OUT/wrk-$1.txt")
  p99=$(awk '$1=="99%" {print $2}' "$OUT/wrk-$1.txt")
  non2xx=$(awk '/Non-2xx/ {print $NF}' "$OUT/wrk-$1.txt"); non2xx=${non2xx:-0}
  [ "$non2xx" = 0 ] || { echo "$1: $non2xx answers were not 2xx" >&2; exit 1; }
  echo "$rps $p99"
}
log "## Through the edge (tenant-auth with an API key + tenant-rate-limit) vs the runtime directly"
log ""
log "| round | function | edge req/s | edge p99 | direct req/s | direct p99 | edge / direct |"
log "|---|---|---|---|---|---|---|"
declare -A ratios
for r in $(seq 1 "$ROUNDS"); do
  for fn in hello json; do
    read -r e_rps e_p99 <<<"$(run_wrk "edge-$fn" "http://127.0.0.1:$HTTP/$fn" "$APPID.localhost:$HTTP" "X-API-Key: $KEY")"
    read -r d_rps d_p99 <<<"$(run_wrk "direct-$fn" "http://127.0.0.1:$RUNTIME/$fn" "$APPID.localhost")"
    ratio=$(awk -v a="$e_rps" -v b="$d_rps" 'BEGIN {printf "%.2f", a/b}')
    ratios[$fn]+="$ratio "
    log "| $r | $fn | $e_rps | $e_p99 | $d_rps | $d_p99 | $ratio |"
  done
done
log ""
for fn in hello json; do
  log "- $fn: median edge/direct throughput ratio $(printf '%s\n' ${ratios[$fn]} | median)"
done
log ""
log "report: $REPORT"
