#!/usr/bin/env bash
# Engine speed: 1,000 open items against 100,000 history records, natively and in wasm
# under Node (the shipped build's flags). Prints a table: the first run ("cold": in wasm
# mostly V8's baseline code) and the median of the other RUNS-1 ("warm": after tier-up),
# wall time and CPU time (on a busy machine the wall time is mostly waiting).
# Usage: bash bench/engine.sh [HISTORY] [OPEN] [RUNS]   (after .ci/setup)
# CANDOR_NATIVE_BUILD / CANDOR_WASM_BUILD name other configured build trees (default
# build/native, build/wasm).
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs
history=${1:-100000} open=${2:-1000} runs=${3:-15}
native_dir=${CANDOR_NATIVE_BUILD:-build/native} wasm_dir=${CANDOR_WASM_BUILD:-build/wasm}
cmake --build "$native_dir" -j2 --target engine_bench >/dev/null
cmake --build "$wasm_dir" -j2 --target engine_bench >/dev/null
native=$("$native_dir"/bench/engine_bench "$history" "$open" "$runs")
wasm=$(node "$wasm_dir"/bench/engine_bench.js "$history" "$open" "$runs")
node - "$native" "$wasm" "$(uptime | sed 's/.*load average: //')" <<'JS'
const [n, w] = process.argv.slice(2, 4).map((s) => JSON.parse(s));
const f = (v, d = 2) => (v < 1 ? v.toFixed(3) : v.toFixed(d)).padStart(8);
const row = (k, label, target) => console.log(
  `| ${label.padEnd(40)} | ${f(n[k])} | ${f(w[k])} | ${(w[k] / n[k]).toFixed(2).padStart(9)} | ${target.padEnd(9)} |`);
console.log(`${n.history} history records, ${n.open} open items (snapshot ${(n.snapshot_bytes / 1e6).toFixed(1)} MB of JSON), ` +
  `${n.runs} runs, load average ${process.argv[4]}`);
console.log('| measure (ms)                             |   native |     wasm | wasm/nat. | target    |');
console.log('|------------------------------------------|---------:|---------:|----------:|-----------|');
row('full_cold_ms', 'full recompute, first run (wall)', '');
row('full_ms', 'full recompute, warm median (wall)', 'wasm ≤ 20');
row('full_min_ms', 'full recompute, warm minimum (wall)', '');
row('full_cpu_ms', 'full recompute, warm median (CPU)', '');
row('tick_cold_ms', 'tick, first run (wall)', '');
row('tick_ms', 'tick, warm median (wall)', 'wasm ≤ 2');
row('tick_min_ms', 'tick, warm minimum (wall)', '');
row('tick_cpu_ms', 'tick, warm median (CPU)', '');
row('page_view_ms', 'page view model (3 incidents, tick)', '');
row('decode_ms', 'decode the snapshot JSON', '');
JS
