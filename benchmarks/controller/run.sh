#!/usr/bin/env bash
# Route controller benchmark: ./inkwell bench controller [--apps N] [--changes N] [--runs N]
# Starts a fresh etcd (Debian's etcd-server) and the MongoDB stand-in for each run; see benchmarks/README.md.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
[ -n "${JAVA_HOME:-}" ] || { echo "run this through ./inkwell bench controller (it picks the JDK)" >&2; exit 2; }
JAVA="$JAVA_HOME/bin/java"
APPS=10000; CHANGES=1000; RUNS=3
while [ $# -gt 0 ]; do
  case "$1" in
    --apps) APPS="$2"; shift 2 ;;
    --changes) CHANGES="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
ETCD="${ETCD_BIN:-$(command -v etcd || true)}"
[ -x "$ETCD" ] || { echo "no etcd binary: apt-get install -y etcd-server" >&2; exit 2; }
BCP="$ROOT/benchmarks/target/inkwell-benchmarks-0.1.0-SNAPSHOT.jar:$ROOT/benchmarks/target/lib/*"
JOPTS=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r); JDK $("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p'); $("$ETCD" --version | head -1)"
for run in $(seq 1 "$RUNS"); do
  DATA="$(mktemp -d /tmp/inkwell-bench-etcd.XXXXXX)"
  CP_=$(free_port); PP=$(free_port); MP=$(free_port)
  PIDS=()
  cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$DATA"; }
  trap cleanup EXIT
  "$ETCD" --name bench --data-dir "$DATA/etcd" --listen-client-urls "http://127.0.0.1:$CP_" \
    --advertise-client-urls "http://127.0.0.1:$CP_" --listen-peer-urls "http://127.0.0.1:$PP" \
    --initial-advertise-peer-urls "http://127.0.0.1:$PP" --initial-cluster "bench=http://127.0.0.1:$PP" \
    --log-level warn > "$DATA/etcd.log" 2>&1 & PIDS+=($!)
  "$JAVA" "${JOPTS[@]}" -Xmx1g -cp "$BCP" dev.inkwell.benchmarks.MongoStandIn "$MP" > "$DATA/mongo.log" 2>&1 & PIDS+=($!)
  for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$CP_/health" >/dev/null 2>&1 && grep -q mongodb "$DATA/mongo.log" && break
    sleep 0.1
  done
  echo "## run $run"
  "$JAVA" "${JOPTS[@]}" -Xmx512m ${INKWELL_JAVA_OPTS:-} -cp "$BCP" dev.inkwell.benchmarks.ControllerBench \
    "mongodb://127.0.0.1:$MP" "http://127.0.0.1:$CP_" "$APPS" "$CHANGES" 2>"$DATA/bench.err" || { tail -40 "$DATA/bench.err" >&2; exit 1; }
  cp "$DATA/bench.err" "${TMPDIR:-/tmp}/inkwell-controller-bench-run$run.log"
  cleanup; trap - EXIT
done
