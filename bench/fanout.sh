#!/usr/bin/env bash
# Fan-out of one incident to N confirmed email subscribers (default 100,000) through the
# outbox to a loopback SMTP sink (tests/api/smtp_capture.py --discard: Debian's aiosmtpd,
# which accepts and drops every message), with the portal's read path measured meanwhile.
# Prints: the time from the operator's write to the last message accepted, messages per
# second, the server's peak RSS (VmHWM), and GET /api/v1/portal.json latency (wrk, 2
# connections) before and during the fan-out. Target (issue 10): the portal's p99 unaffected.
#
# Usage: bash bench/fanout.sh [SUBSCRIBERS] [WRK_SECONDS]   (CANDOR_BIN picks another build)
# Subscribers are inserted straight into the store with sqlite3 (1,000 recipient domains,
# already confirmed); the per-domain limit is off (--mail-per-domain-per-minute 0), so the
# figure is the pipeline's speed, not the limit's.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
wrk_secs=${2:-10}
candor=${CANDOR_BIN:-build/native/bin/candor}
for tool in "$candor" /usr/bin/python3 "$(command -v wrk || true)" "$(command -v sqlite3 || true)" "$(command -v curl || true)"; do
  [ -x "$tool" ] || { echo "bench/fanout.sh: missing ${tool:-wrk, sqlite3 or curl} (bash .ci/setup installs them)" >&2; exit 1; }
done

tmp=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

wait_line() {  # FILE PATTERN: up to 10 s for a process's first line
  for _ in $(seq 100); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "bench/fanout.sh: no \"$2\" in $1" >&2; exit 1
}

# --- a demo store (candor demo creates it, then is stopped) and an operator token.
"$candor" demo --db "$tmp/portal.db" --port 0 --web "$tmp/no-web" --log-level warn >"$tmp/demo.out" 2>"$tmp/demo.err" &
demo=$!
wait_line "$tmp/demo.out" "Candor serving at"
kill "$demo"; wait "$demo" 2>/dev/null || true
token=$("$candor" token create --db "$tmp/portal.db" 2>/dev/null)

# --- N confirmed subscribers, one transaction.
now_ms=$(($(date +%s%N) / 1000000))
sqlite3 "$tmp/portal.db" <<SQL
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $n)
INSERT INTO subscribers (id, kind, address, language, all_components, created_at, confirmed_at)
SELECT printf('sub_%016x', i), 'email', printf('user%d@d%d.example', i, i % 1000), 'en', 1, $now_ms, $now_ms FROM n;
SQL

# --- the sink and the server (mail catalogs only in its web directory).
/usr/bin/python3 tests/api/smtp_capture.py --out "$tmp/sink" --discard >"$tmp/sink.out" 2>"$tmp/sink.err" &
pids+=($!)
wait_line "$tmp/sink.out" "SMTP listening"
smtp_port=$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\)$/\1/p' "$tmp/sink.out")
mkdir -p "$tmp/web/i18n" && cp -r web/i18n/mail "$tmp/web/i18n/"
"$candor" serve --db "$tmp/portal.db" --port 0 --web "$tmp/web" --log-level warn \
  --reads-per-minute 0 --smtp "smtp://127.0.0.1:$smtp_port" --mail-from status@northwind.example \
  --mail-per-domain-per-minute 0 >"$tmp/serve.out" 2>"$tmp/serve.err" &
server=$!
pids+=($server)
wait_line "$tmp/serve.out" "Candor serving at"
url=$(sed -n 's#^Candor serving at \(http://[^/]*\)/.*#\1#p' "$tmp/serve.out")

p99() { sed -n 's/^ *99%  *\([0-9.]*[a-z]*\).*/\1/p' "$1"; }
p50() { sed -n 's/^ *50%  *\([0-9.]*[a-z]*\).*/\1/p' "$1"; }
rps() { sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$1"; }

# --- portal.json before the fan-out (the baseline), then the write and the same during it.
wrk -t1 -c2 -d"${wrk_secs}s" --latency "$url/api/v1/portal.json" >"$tmp/wrk-idle.txt"
start_ms=$(($(date +%s%N) / 1000000))
curl -sf -o /dev/null -H "authorization: Bearer $token" -H 'content-type: application/json' \
  -d '{"name":"Fan-out","impact":"minor","category":"API","status":"investigating","message":"Looking."}' \
  "$url/api/v1/incidents"
wrk -t1 -c2 -d"${wrk_secs}s" --latency "$url/api/v1/portal.json" >"$tmp/wrk-busy.txt"
sent_during_wrk=$(sqlite3 "$tmp/portal.db" "SELECT count(*) FROM deliveries WHERE state = 'sent'")

# --- wait for the last message (the store's count of sent deliveries), then read VmHWM.
while :; do
  sent=$(sqlite3 "$tmp/portal.db" "SELECT count(*) FROM deliveries WHERE state = 'sent'" 2>/dev/null || echo 0)
  [ "$sent" -ge "$n" ] && break
  kill -0 "$server" 2>/dev/null || { echo "candor exited: $(tail -5 "$tmp/serve.err")" >&2; exit 1; }
  sleep 0.5
done
end_ms=$(($(date +%s%N) / 1000000))
hwm_kb=$(sed -n "s/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p" "/proc/$server/status")
failed=$(sqlite3 "$tmp/portal.db" "SELECT count(*) FROM deliveries WHERE state <> 'sent'")
sleep 1.5  # the sink writes its count every second
accepted=$(cat "$tmp/sink/count")
elapsed_ms=$((end_ms - start_ms))

echo "fan-out of one incident to $n subscribers ($(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg))"
echo
echo "| measure | value |"
echo "|---|---:|"
echo "| write → last message accepted | $((elapsed_ms / 1000)).$(((elapsed_ms % 1000) / 100)) s |"
echo "| messages per second | $((n * 1000 / elapsed_ms)) |"
echo "| messages the sink accepted | $accepted |"
echo "| deliveries not sent | $failed |"
echo "| server peak RSS (VmHWM) | $((hwm_kb / 1024)) MiB |"
echo "| portal.json p50 / p99 before | $(p50 "$tmp/wrk-idle.txt") / $(p99 "$tmp/wrk-idle.txt") ($(rps "$tmp/wrk-idle.txt") req/s) |"
echo "| portal.json p50 / p99 during | $(p50 "$tmp/wrk-busy.txt") / $(p99 "$tmp/wrk-busy.txt") ($(rps "$tmp/wrk-busy.txt") req/s; $sent_during_wrk sent meanwhile) |"
