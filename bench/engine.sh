#!/usr/bin/env bash
# Engine speed: 1,000 open items against 100,000 history records, natively and in wasm
# under Node (the shipped -Oz build). Prints a table of medians over 7 runs.
# Usage: bash bench/engine.sh [HISTORY] [OPEN]   (after .ci/setup)
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs
history=${1:-100000} open=${2:-1000}
cmake --build --preset native --target engine_bench >/dev/null
cmake --build --preset wasm --target engine_bench >/dev/null
native=$(build/native/bench/engine_bench "$history" "$open" 7)
wasm=$(node build/wasm/bench/engine_bench.js "$history" "$open" 7)
node - "$native" "$wasm" <<'JS'
const [n, w] = process.argv.slice(2).map((s) => JSON.parse(s));
const row = (k, label, target) => console.log(
  `| ${label.padEnd(36)} | ${String(n[k]).padStart(8)} | ${String(w[k]).padStart(8)} | ${(w[k] / n[k]).toFixed(2).padStart(9)} | ${target.padEnd(8)} |`);
console.log(`${n.history} history records, ${n.open} open items (snapshot ${(n.snapshot_bytes / 1e6).toFixed(1)} MB of JSON)`);
console.log('| measure (median of 7, ms)            |   native |     wasm | wasm/nat. | target   |');
console.log('|--------------------------------------|---------:|---------:|----------:|----------|');
row('full_ms', 'full recompute (engine + promises)', 'wasm ≤ 20');
row('tick_ms', 'tick (promises one minute later)', 'wasm ≤ 2');
row('page_view_ms', 'page view model (3 incidents, tick)', '');
row('decode_ms', 'decode the snapshot JSON', '');
JS
