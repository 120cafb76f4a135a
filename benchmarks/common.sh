# Shared by the runtime benchmark scripts (sourced, after HERE and ROOT are set and JAVA_HOME is exported by
# ./inkwell bench): class paths, JVM flags, the results folder, process clean-up and small helpers. Each script sets
# REPORT (its Markdown report) before calling log.
JAVA="$JAVA_HOME/bin/java"
JVMCI_ARGS="${INKWELL_JVMCI_ARGS:-}"
BCP="$ROOT/benchmarks/target/inkwell-benchmarks-0.1.0-SNAPSHOT.jar:$ROOT/benchmarks/target/lib/*"
RCP="$ROOT/runtime/target/inkwell-runtime-0.1.0-SNAPSHOT.jar:$ROOT/runtime/target/lib/*"
JOPTS=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Dpolyglot.engine.WarnInterpreterOnly=false)
OUT="$ROOT/benchmarks/results"; mkdir -p "$OUT"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }
log() { echo "$*" | tee -a "$REPORT"; }
