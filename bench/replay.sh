#!/usr/bin/env bash
# The replay on each real history: coverage and sharpness of Candor's promise beside two
# naive baselines. openai.csv is read from ../shared (never copied here); absent → skipped.
# Usage: bash bench/replay.sh [TARGET]   (after .ci/setup)
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:-0.9}
echo "| history | items | candor coverage | candor width | fixed-P90 coverage | fixed-P90 width | median-only coverage | median-only width |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for f in tests/data/github.csv ../shared/data/incident-histories/openai.csv; do
  if [ ! -f "$f" ]; then echo "| $(basename "$f") | absent: skipped | | | | | | |"; continue; fi
  build/native/bin/candor replay --history "$f" --target "$target" --json | node -e '
    const r = JSON.parse(require("fs").readFileSync(0, "utf8"));
    const f = (s) => `${(100 * s.coverage).toFixed(1)}% | ${s.median_width_ratio.toFixed(2)}`;
    console.log(`| ${process.argv[1]} | ${r.items} | ${f(r.candor)} | ${f(r.fixed_p90)} | ${f(r.median_only)} |`);' "$(basename "$f")"
done
