#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 600) from the native-asan build, keeping the
# corpus in BUILD/fuzz/corpus. Usage: bash fuzz/run.sh [SECONDS] [TARGET...]
# BUILD defaults to build/native-asan; set CANDOR_ASAN_BUILD to fuzz from another tree.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] ||
  targets=(fuzz_snapshot_codec fuzz_history_csv fuzz_business_hours fuzz_http_request fuzz_statuspage_import)
build=${CANDOR_ASAN_BUILD:-build/native-asan}
cmake --preset native-asan -B "$build" >/dev/null
cmake --build "$build" -j2 --target "${targets[@]}"
for t in "${targets[@]}"; do
  echo "== $t for ${seconds}s"
  bash fuzz/smoke.sh "$build/fuzz/$t" "fuzz/seeds/$t" "$build/fuzz/corpus/$t" "$seconds" 2>&1 |
    grep -E "stat::|ERROR|SUMMARY|Done" || true
done
