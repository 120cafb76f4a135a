#!/usr/bin/env bash
# Plugin-runner benchmark: the ext-plugin runner driven through the APISIX-side harness over its unix socket.
#  1. JMH: one decision with both filters (ns and bytes allocated per call), our token bucket vs Resilience4j;
#  2. heap per idle tenant bucket (ours vs one Resilience4j RateLimiter per tenant);
#  3. the shaded jar as APISIX starts it: process start -> first answered call, 10,000 tenants prepared, HTTPReqCalls
#     at 1 and 50 connections (decisions/s, p50/p99, runner CPU per decision, RSS);
#  4. memory with 100,000 tenant confs prepared.
# Called by ./inkwell bench runner, which has built the jars and exported JAVA_HOME.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
DURATION=10; WARMUP=5; QUICK=0
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --quick) QUICK=1; shift ;;
    *) echo "unknown option $1 (expected: --duration S, --warmup S, --quick)" >&2; exit 2 ;;
  esac
done
[ -n "${JAVA_HOME:-}" ] || { echo "run this through ./inkwell bench runner (it picks the JDK)" >&2; exit 2; }
JAVA="$JAVA_HOME/bin/java"
JAR="$ROOT/plugin-runner/target/inkwell-plugin-runner-0.1.0-SNAPSHOT-all.jar"
BCP="$ROOT/benchmarks/target/inkwell-benchmarks-0.1.0-SNAPSHOT.jar:$ROOT/benchmarks/target/lib/*"
[ -f "$JAR" ] && [ -d "$ROOT/benchmarks/target/lib" ] || (cd "$ROOT" && ./mvnw -B -q package -DskipTests)
# The JVM flags of deploy/apisix/config.yaml (keep the two in step): a small heap, serial GC, compact headers.
RUNNER_OPTS="${INKWELL_RUNNER_JAVA_OPTS:--XX:+UseSerialGC -Xms16m -Xmx128m -XX:ReservedCodeCacheSize=48m -Xss512k -XX:+UseCompactObjectHeaders}"
OUT="$ROOT/benchmarks/results"; mkdir -p "$OUT"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"; REPORT="$OUT/runner-$STAMP.md"
log() { echo "$*" | tee -a "$REPORT"; }
load() { "$JAVA" -cp "$BCP" dev.inkwell.benchmarks.runner.RunnerLoad --jar "$JAR" "$@" 2>&1 | tee -a "$REPORT"; }

log "# Plugin-runner benchmark $STAMP"
log ""
log "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r), load average $(cut -d' ' -f1-3 /proc/loadavg); JDK $("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p')"
log "runner JVM flags: $RUNNER_OPTS"
log ""
log '```'
if [ "$QUICK" = 0 ]; then
  log "## JMH (1 fork; -prof gc)"
  "$JAVA" -cp "$BCP" org.openjdk.jmh.Main 'DecisionBench|BucketBench' -prof gc -rf text -rff "$OUT/jmh-runner-$STAMP.txt" \
    > "$OUT/jmh-runner-$STAMP.log" 2>&1
  grep -E '^(Benchmark|DecisionBench|BucketBench)' "$OUT/jmh-runner-$STAMP.txt" \
    | grep -vE 'gc\.(count|time)|alloc\.rate +' | tee -a "$REPORT"
  log ""
fi
log "## heap per idle tenant bucket"
"$JAVA" -Xmx1g -cp "$BCP" dev.inkwell.benchmarks.runner.BucketFootprint 100000 2>&1 | tee -a "$REPORT"
log ""
log "## 10,000 tenants, 1 and 50 connections"
load --java-opts "$RUNNER_OPTS" --tenants 10000 --seconds "$DURATION" --warmup "$WARMUP" --connections 1,50
log ""
log "## 100,000 tenants (memory; -Xmx256m: 128 MB of heap is too small for this many confs)"
load --java-opts "${RUNNER_OPTS/-Xmx128m/-Xmx256m}" --tenants 100000 --seconds 3 --warmup 2 --connections 50 --histogram
log '```'
echo "report: $REPORT"
