#!/usr/bin/env bash
# HTTP speed of the snapshot path beside Debian's nginx serving the same bytes as a static
# file, in the same run on the same machine: GET /api/v1/portal.json (200 as identity and as
# gzip, as browsers ask for it, and 304 with If-None-Match) with wrk, 64 keep-alive
# connections, 2 threads, 10 s each; then operator
# writes per second with durability on (each 201 is sent after a synchronous WAL commit).
# Targets (issue 5): candor >= 50% of nginx's requests per second, p99 < 5 ms.
#
# Usage: bash bench/http.sh [SECONDS]   (CANDOR_BIN picks another build; default build/native)
# Both servers are single-threaded here (candor has one io thread; nginx runs one worker),
# logging off (candor --log-level warn, nginx access_log off), on loopback ports, and are
# killed on exit. The read limit is set high rather than off, so its cost is measured.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
candor=${CANDOR_BIN:-build/native/bin/candor}
nginx=/usr/sbin/nginx
for tool in "$candor" "$nginx" "$(command -v wrk || true)" "$(command -v curl || true)"; do
  [ -x "$tool" ] || { echo "bench/http.sh: missing ${tool:-wrk or curl} (bash .ci/setup installs them)" >&2; exit 1; }
done

tmp=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

# --- candor: a fresh demo store, any free port.
"$candor" demo --db "$tmp/portal.db" --port 0 --web "$tmp/no-web" --log-level warn \
  --reads-per-minute 100000000 --writes-per-minute 0 >"$tmp/candor.out" 2>"$tmp/candor.err" &
pids+=($!)
for _ in $(seq 100); do grep -q "Candor serving at" "$tmp/candor.out" 2>/dev/null && break; sleep 0.1; done
candor_url=$(sed -n 's#^Candor serving at \(http://[^/]*\)/.*#\1#p' "$tmp/candor.out")
[ -n "$candor_url" ] || { echo "candor did not start: $(cat "$tmp/candor.err")" >&2; exit 1; }

# --- nginx: the very bytes candor serves, as a static file, on another loopback port.
mkdir -p "$tmp/www/api/v1" "$tmp/nginx"
curl -sf -D "$tmp/candor.headers" -o "$tmp/www/api/v1/portal.json" "$candor_url/api/v1/portal.json"
curl -sf -H 'Accept-Encoding: gzip' -o "$tmp/www/api/v1/portal.json.gz" "$candor_url/api/v1/portal.json"
gunzip -c "$tmp/www/api/v1/portal.json.gz" | cmp -s - "$tmp/www/api/v1/portal.json" ||
  { echo "candor's gzip body is not the identity body compressed" >&2; exit 1; }
candor_etag=$(tr -d '\r' <"$tmp/candor.headers" | sed -n 's/^[Ee][Tt]ag: //p')
nginx_port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
cat >"$tmp/nginx/nginx.conf" <<EOF
daemon off; master_process off; worker_processes 1;
error_log $tmp/nginx/error.log warn; pid $tmp/nginx/nginx.pid;
events { worker_connections 1024; }
http {
  access_log off; sendfile on; tcp_nopush on; keepalive_requests 1000000;
  client_body_temp_path $tmp/nginx; proxy_temp_path $tmp/nginx; fastcgi_temp_path $tmp/nginx;
  uwsgi_temp_path $tmp/nginx; scgi_temp_path $tmp/nginx;
  types { application/json json; }
  gzip_static on;  # portal.json.gz beside it: candor's own gzip bytes
  server { listen 127.0.0.1:$nginx_port; root $tmp/www; }
}
EOF
"$nginx" -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" 2>"$tmp/nginx/stderr" &
pids+=($!)
nginx_url=http://127.0.0.1:$nginx_port
for _ in $(seq 100); do curl -sf -o /dev/null "$nginx_url/api/v1/portal.json" && break; sleep 0.1; done
cmp -s "$tmp/www/api/v1/portal.json" <(curl -sf "$nginx_url/api/v1/portal.json") ||
  { echo "nginx does not serve the same bytes" >&2; exit 1; }
nginx_etag=$(curl -sfI "$nginx_url/api/v1/portal.json" | tr -d '\r' | sed -n 's/^[Ee][Tt]ag: //p')
curl -sfI -H 'Accept-Encoding: gzip' "$nginx_url/api/v1/portal.json" | grep -qi '^content-encoding: gzip' ||
  { echo "nginx does not serve the gzip file (gzip_static)" >&2; exit 1; }

# wrk Lua scripts: a conditional GET with each server's own ETag, and an operator write.
lua_inm() { printf 'wrk.headers["If-None-Match"] = [[%s]]\n' "$1" >"$2"; }  # [[...]] keeps the quotes
lua_inm "$candor_etag" "$tmp/inm-candor.lua"
lua_inm "$nginx_etag" "$tmp/inm-nginx.lua"

# "req/s p99_ms non2xx3xx" from wrk --latency output.
measure() {
  local out
  out=$(wrk -c64 -t2 -d"${secs}s" --latency "$@")
  echo "$out" >>"$tmp/wrk.log"
  awk '
    /Requests\/sec:/ { rps = $2 }
    /^ *99%/ { v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v)
               p99 = (u == "us") ? v / 1000 : (u == "s") ? v * 1000 : (u == "m") ? v * 60000 : v }
    /Non-2xx or 3xx responses:/ { bad = $5 }
    END { printf "%.0f %.2f %d\n", rps, p99, bad + 0 }' <<<"$out"
}

row() {  # label, candor result, nginx result
  read -r c_rps c_p99 c_bad <<<"$2"
  read -r n_rps n_p99 n_bad <<<"$3"
  awk -v l="$1" -v cr="$c_rps" -v cp="$c_p99" -v nr="$n_rps" -v np="$n_p99" -v cb="$c_bad" -v nb="$n_bad" 'BEGIN {
    printf "| %s | %d | %.2f | %d | %.2f | %.0f%% | %s |\n", l, cr, cp, nr, np, 100 * cr / nr,
      (cr >= nr / 2 && cp < 5) ? "met" : "missed"
    if (cb + nb > 0) printf "| (non-2xx/3xx: candor %d, nginx %d) | | | | | | |\n", cb, nb }'
}

echo "portal.json: $(wc -c <"$tmp/www/api/v1/portal.json") bytes identity, $(wc -c <"$tmp/www/api/v1/portal.json.gz") gzip; wrk -c64 -t2 -d${secs}s --latency; load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| GET /api/v1/portal.json | candor req/s | candor p99 ms | nginx req/s | nginx p99 ms | candor/nginx | target (>= 50%, p99 < 5 ms) |"
echo "|---|---:|---:|---:|---:|---:|---|"
row "200, identity" "$(measure "$candor_url/api/v1/portal.json")" "$(measure "$nginx_url/api/v1/portal.json")"
row "200, gzip" "$(measure -H 'Accept-Encoding: gzip' "$candor_url/api/v1/portal.json")" \
  "$(measure -H 'Accept-Encoding: gzip' "$nginx_url/api/v1/portal.json")"
row "304 (If-None-Match)" "$(measure -s "$tmp/inm-candor.lua" "$candor_url/api/v1/portal.json")" \
  "$(measure -s "$tmp/inm-nginx.lua" "$nginx_url/api/v1/portal.json")"

# --- writes: POST /api/v1/incidents/{id}/updates with a write token, 4 connections.
token=$("$candor" token create --db "$tmp/portal.db" 2>/dev/null)
incident=$(curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d '{"name":"Bench","impact":"minor","category":"Bench","message":"start"}' "$candor_url/api/v1/incidents" |
  node -e 'console.log(JSON.parse(require("fs").readFileSync(0, "utf8")).id)')
cat >"$tmp/write.lua" <<EOF
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer $token"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"status":"identified","message":"bench update"}'
EOF
wsecs=$(( secs < 5 ? secs : 5 ))
read -r w_rps w_p99 w_bad <<<"$(wrk -c4 -t1 -d"${wsecs}s" --latency -s "$tmp/write.lua" \
  "$candor_url/api/v1/incidents/$incident/updates" | tee -a "$tmp/wrk.log" | awk '
    /Requests\/sec:/ { rps = $2 }
    /^ *99%/ { v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v)
               p99 = (u == "us") ? v / 1000 : (u == "s") ? v * 1000 : v }
    /Non-2xx or 3xx responses:/ { bad = $5 }
    END { printf "%.1f %.2f %d\n", rps, p99, bad + 0 }')"
updates=$(curl -sf "$candor_url/api/v2/incidents.json" |
  node -e 'const d=JSON.parse(require("fs").readFileSync(0,"utf8"));console.log(d.incidents.find(x=>x.id===process.argv[1]).incident_updates.length)' "$incident")
echo
echo "| durable writes (POST …/updates, wrk -c4 -t1 -d${wsecs}s) | writes/s | p99 ms | non-2xx | updates stored |"
echo "|---|---:|---:|---:|---:|"
echo "| candor (WAL, synchronous=FULL) | $w_rps | $w_p99 | $w_bad | $updates |"
