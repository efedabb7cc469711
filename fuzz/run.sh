#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 600) from the native-asan build, keeping the
# corpus in build/native-asan/fuzz/corpus. Usage: bash fuzz/run.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
cmake --preset native-asan >/dev/null
cmake --build --preset native-asan --target fuzz_snapshot_codec fuzz_history_csv fuzz_business_hours fuzz_http_request
for t in fuzz_snapshot_codec fuzz_history_csv fuzz_business_hours fuzz_http_request; do
  echo "== $t for ${seconds}s"
  bash fuzz/smoke.sh "build/native-asan/fuzz/$t" "fuzz/seeds/$t" "build/native-asan/fuzz/corpus/$t" "$seconds" 2>&1 |
    grep -E "stat::|ERROR|SUMMARY|Done" || true
done
