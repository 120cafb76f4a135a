#!/usr/bin/env bash
# Benchmark entry point: ./inkwell bench runtime|runner|controller|sdk [options]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
what="${1:-}"; [ $# -gt 0 ] && shift
case "$what" in
  runtime) exec "$HERE/runtime/run.sh" "$@" ;;
  runner) exec "$HERE/runner/run.sh" "$@" ;;
  controller) exec "$HERE/controller/run.sh" "$@" ;;
  sdk) exec "$HERE/runtime-sdk/run.sh" "$@" ;;
  standalone) exec "$HERE/standalone/run.sh" "$@" ;;
  *) echo "usage: ./inkwell bench runtime|runner|sdk [--duration SECONDS] [--warmup SECONDS]" >&2
     echo "       ./inkwell bench standalone [--duration S] [--warmup S] [--rounds N] [--starts N]" >&2
     echo "       ./inkwell bench controller [--apps N] [--changes N] [--runs N]" >&2; exit 2 ;;
esac
