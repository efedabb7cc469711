#!/usr/bin/env bash
# Static publish (issue 8): how long `candor publish` takes for the demo and for a store with
# 10,000 past incidents, how big the published tree is, and how fast Debian's nginx serves the
# snapshot from it with the generated server block (the reference for the backend's own
# HTTP benchmark, bench/http.sh). Prints one table. Needs: bash .ci/setup (candor, build/web),
# nginx, wrk, python3.
# Usage: bash bench/publish.sh [RUNS]   (RUNS publishes per store, median reported; default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
CANDOR=${CANDOR_BIN:-build/native/bin/candor}
WEB=${CANDOR_WEB:-build/web}
for tool in nginx wrk python3; do
  command -v "$tool" >/dev/null || [[ -x /usr/sbin/$tool ]] || { echo "bench/publish.sh: $tool is missing" >&2; exit 1; }
done
[[ -x $CANDOR && -f $WEB/index.html ]] || { echo "bench/publish.sh: run bash .ci/setup first" >&2; exit 1; }

T=$(mktemp -d)
NGINX_PID=
DEMO_PID=
cleanup() {
  [[ -n $NGINX_PID ]] && kill "$NGINX_PID" 2>/dev/null || true
  [[ -n $DEMO_PID ]] && kill "$DEMO_PID" 2>/dev/null || true
  rm -rf "$T"
}
trap cleanup EXIT

# The demo store: `candor demo` creates it, then it is stopped.
"$CANDOR" demo --port 0 --db "$T/demo.db" --web "$WEB" >"$T/demo.out" 2>/dev/null &
DEMO_PID=$!
for _ in $(seq 100); do [[ -s $T/demo.out ]] && break; sleep 0.1; done
kill "$DEMO_PID"; wait "$DEMO_PID" 2>/dev/null || true; DEMO_PID=

# median_ms CMD...: runs CMD $RUNS times, prints the median wall time in ms.
median_ms() {
  local times=()
  for _ in $(seq "$RUNS"); do
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

tree_bytes() {  # plain files, and everything (with .gz and .br)
  local plain all
  plain=$(find "$1" -type f ! -name '*.gz' ! -name '*.br' -printf '%s\n' | awk '{s+=$1} END {print s}')
  all=$(find "$1" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
  echo "$plain $all"
}

# A Statuspage export with 10,000 resolved incidents, cloned from the demo's own documents
# (so its shape is exactly what the importer reads), spread over three years.
"$CANDOR" publish "$T/demo-site" --db "$T/demo.db" --web "$WEB" >/dev/null
mkdir -p "$T/export"
python3 - "$T/demo-site/api/v2" "$T/export" <<'PY'
import copy, datetime, json, random, sys
src, dst = sys.argv[1], sys.argv[2]
summary = json.load(open(f"{src}/summary.json"))
incidents = json.load(open(f"{src}/incidents.json"))
maint = json.load(open(f"{src}/scheduled-maintenances.json"))
template = next(i for i in incidents["incidents"] if i["status"] == "resolved")
rng = random.Random(8)
start = datetime.datetime(2023, 11, 1, tzinfo=datetime.timezone.utc)
iso = lambda t: t.strftime("%Y-%m-%dT%H:%M:%S.000Z")
out = []
for n in range(10000):
    i = copy.deepcopy(template)
    began = start + datetime.timedelta(minutes=rng.randrange(0, 3 * 365 * 24 * 60))
    ended = began + datetime.timedelta(minutes=int(rng.lognormvariate(4, 1)) + 1)
    i["id"] = f"bench{n:08d}"
    i["name"] = f"Benchmark incident {n}"
    i["shortlink"] = None
    for k in ("created_at", "started_at"):
        i[k] = iso(began)
    for k in ("updated_at", "resolved_at"):
        i[k] = iso(ended)
    if i.get("monitoring_at"):
        i["monitoring_at"] = iso(ended)
    for j, u in enumerate(i["incident_updates"]):
        u["id"] = f"bu{n:08d}{j:02d}"
        u["incident_id"] = i["id"]
        t = ended if u["status"] == "resolved" else began
        u["created_at"] = u["updated_at"] = u["display_at"] = iso(t)
    out.append(i)
out.sort(key=lambda i: i["created_at"], reverse=True)
json.dump(summary, open(f"{dst}/summary.json", "w"))
json.dump({"page": incidents["page"], "incidents": out}, open(f"{dst}/incidents.json", "w"))
json.dump(maint, open(f"{dst}/scheduled-maintenances.json", "w"))
PY
"$CANDOR" import statuspage "$T/export" --db "$T/big.db" >/dev/null

demo_ms=$(median_ms "$CANDOR" publish "$T/demo-site" --db "$T/demo.db" --web "$WEB" --base-path /status/)
big_ms=$(median_ms "$CANDOR" publish "$T/big-site" --db "$T/big.db" --web "$WEB" --base-path /status/)
read -r demo_plain demo_all < <(tree_bytes "$T/demo-site")
read -r big_plain big_all < <(tree_bytes "$T/big-site")
big_history=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['history']))" "$T/big-site/api/v1/portal.json")

# nginx with the publish's own server block, on a free loopback port.
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$T/nginx/tmp"
sed "s/listen 8080;/listen 127.0.0.1:$PORT;/" "$T/demo-site/_hosting/nginx.conf" >"$T/nginx/site.conf"
cat >"$T/nginx/nginx.conf" <<EOF
daemon off; master_process off; worker_processes 1; error_log $T/nginx/error.log warn; pid $T/nginx/nginx.pid;
events { worker_connections 1024; }
http { access_log off; client_body_temp_path $T/nginx/tmp; proxy_temp_path $T/nginx/tmp; fastcgi_temp_path $T/nginx/tmp;
       uwsgi_temp_path $T/nginx/tmp; scgi_temp_path $T/nginx/tmp; include $T/nginx/site.conf; }
EOF
nginx -p "$T/nginx" -c "$T/nginx/nginx.conf" &
NGINX_PID=$!
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$PORT/status/" && break; sleep 0.1; done
wrk_line() {  # requests/s and p99 of `wrk -c64 -t2 -d10s --latency` with the given headers
  wrk -c64 -t2 -d10s --latency "$@" | awk '/Requests\/sec/ {rps=$2} /^ +99%/ {p99=$2} END {print rps, p99}'
}
read -r gz_rps gz_p99 < <(wrk_line -H 'Accept-Encoding: gzip' "http://127.0.0.1:$PORT/status/api/v1/portal.json")
read -r id_rps id_p99 < <(wrk_line "http://127.0.0.1:$PORT/status/api/v1/portal.json")

echo "publish bench: $(date -u +%F), $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg), median of $RUNS publishes"
printf '| %-44s | %12s |\n' "measure" "value"
printf '|%s|%s|\n' "----------------------------------------------" "-------------:"
printf '| %-44s | %9s ms |\n' "publish, demo store" "$demo_ms"
printf '| %-44s | %9s ms |\n' "publish, 10,000 past incidents ($big_history in history)" "$big_ms"
printf '| %-44s | %12s |\n' "tree bytes, demo (plain / with .gz+.br)" "$demo_plain / $demo_all"
printf '| %-44s | %12s |\n' "tree bytes, 10,000 incidents (plain / all)" "$big_plain / $big_all"
printf '| %-44s | %12s |\n' "nginx portal.json, gzip: req/s, p99" "$gz_rps, $gz_p99"
printf '| %-44s | %12s |\n' "nginx portal.json, identity: req/s, p99" "$id_rps, $id_p99"
