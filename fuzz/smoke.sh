#!/usr/bin/env bash
# One bounded fuzz run: TARGET SEEDS CORPUS SECONDS. The corpus starts from the committed seeds
# (and the regression inputs among them), grows in the build tree, and the run fails on any
# crash, leak, sanitizer report or timeout.
set -euo pipefail
target=$1 seeds=$2 corpus=$3 seconds=$4
mkdir -p "$corpus"
dict=$(dirname "$0")/$(basename "$seeds" | sed 's/^fuzz_//').dict
args=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$corpus/../")
[ -f "$dict" ] && args+=(-dict="$dict")
exec "$target" "${args[@]}" "$corpus" "$seeds"
