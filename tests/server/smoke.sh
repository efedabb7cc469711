#!/usr/bin/env bash
# End-to-end smoke run of the `candor` executable: flags and exit codes, the serving line,
# portal.json with ETag/304, static files, traversal, keep-alive, the read timeout, and a
# clean exit 0 on SIGTERM. Usage: smoke.sh path/to/candor
set -euo pipefail

CANDOR=${1:?usage: smoke.sh path/to/candor}
T=$(mktemp -d)
SERVER_PID=
cleanup() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then kill -KILL "$SERVER_PID"; fi
  rm -rf "$T"
}
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; [[ -f "$T/err" ]] && { echo "--- server stderr:" >&2; cat "$T/err" >&2; }; exit 1; }
expect_exit() {  # expect_exit CODE CMD...
  local want=$1; shift
  set +e; "$@" >"$T/cmd.out" 2>"$T/cmd.err"; local got=$?; set -e
  [[ $got == "$want" ]] || fail "'$*' exited $got, expected $want: $(cat "$T/cmd.err")"
}

# --- command line
expect_exit 0 "$CANDOR" --help
grep -q "candor demo" "$T/cmd.out" && grep -q "candor serve" "$T/cmd.out" || fail "--help does not list the subcommands"
expect_exit 2 "$CANDOR"
expect_exit 2 "$CANDOR" demo --bogus
[[ $(wc -l <"$T/cmd.err") == 1 ]] || fail "a bad flag should give one line on stderr"
expect_exit 2 "$CANDOR" demo --port 70000
expect_exit 2 "$CANDOR" serve --port 0
expect_exit 1 "$CANDOR" serve --db "$T/missing.db" --port 0
[[ ! -e "$T/missing.db" ]] || fail "serve must not create a store"

# --- serve the demo
mkdir -p "$T/web"
printf '<!doctype html><title>Candor</title>\n' >"$T/web/index.html"
printf '\0asm\1\0\0\0' >"$T/web/core.wasm"
printf 'outside\n' >"$T/secret.txt"

start_server() {
  # Remove the last run's output first: the child truncates it only once it is scheduled, and
  # until then the loop below would read the previous server's line (and port).
  rm -f "$T/out" "$T/err"
  "$CANDOR" demo --port 0 --db "$T/demo.db" --web "$T/web" --read-timeout 2 >"$T/out" 2>"$T/err" &
  SERVER_PID=$!
  for _ in $(seq 100); do
    [[ -s "$T/out" ]] && break
    kill -0 "$SERVER_PID" 2>/dev/null || fail "server exited early"
    sleep 0.1
  done
  LINE=$(head -n1 "$T/out")
  [[ "$LINE" =~ ^Candor\ serving\ at\ http://127\.0\.0\.1:([0-9]+)/$ ]] || fail "bad serving line: '$LINE'"
  PORT=${BASH_REMATCH[1]}
  [[ "$PORT" != 0 ]] || fail "port 0 was printed instead of the bound port"
  BASE="http://127.0.0.1:$PORT"
}
start_server

hdr() { grep -i "^$1:" "$T/h" | head -n1 | cut -d' ' -f2- | tr -d '\r'; }
status() { head -n1 "$T/h" | cut -d' ' -f2; }

curl -s -D "$T/h" -o "$T/body" "$BASE/api/v1/portal.json"
[[ $(status) == 200 ]] || fail "portal.json status $(status)"
[[ $(hdr Content-Type) == application/json ]] || fail "portal.json Content-Type $(hdr Content-Type)"
[[ $(hdr Access-Control-Allow-Origin) == '*' ]] || fail "no CORS header"
[[ $(hdr Cache-Control) == "public, max-age=5, stale-while-revalidate=30" ]] || fail "Cache-Control $(hdr Cache-Control)"
[[ $(hdr Content-Security-Policy) == *"'wasm-unsafe-eval'"* ]] || fail "no CSP"
grep -q '"Northwind Cloud"' "$T/body" || fail "portal.json lacks the demo page"
ETAG=$(hdr ETag)
[[ -n "$ETAG" ]] || fail "no ETag"
curl -s -D "$T/h" -o /dev/null -H "If-None-Match: $ETAG" "$BASE/api/v1/portal.json"
[[ $(status) == 304 ]] || fail "If-None-Match gave $(status)"

curl -s -D "$T/h" -o "$T/body" "$BASE/"
[[ $(status) == 200 && $(hdr Content-Type) == "text/html; charset=utf-8" ]] || fail "/ gave $(status) $(hdr Content-Type)"
curl -s -D "$T/h" -o /dev/null "$BASE/core.wasm"
[[ $(hdr Content-Type) == application/wasm ]] || fail "wasm Content-Type $(hdr Content-Type)"
curl -s -D "$T/h" -o /dev/null -I "$BASE/core.wasm"
[[ $(status) == 200 && $(hdr Content-Length) == 8 ]] || fail "HEAD gave $(status), length $(hdr Content-Length)"
curl -s -D "$T/h" -o "$T/body" --path-as-is "$BASE/../secret.txt"
[[ $(status) == 400 ]] && ! grep -q outside "$T/body" || fail "traversal gave $(status)"
curl -s -D "$T/h" -o /dev/null "$BASE/nope.js"
[[ $(status) == 404 ]] || fail "unknown path gave $(status)"
curl -s -D "$T/h" -o /dev/null -X DELETE "$BASE/index.html"
[[ $(status) == 405 ]] || fail "DELETE gave $(status)"

# Keep-alive: two requests in one curl run share one connection (one client port in the log).
curl -s -o /dev/null -o /dev/null "$BASE/" "$BASE/core.wasm"
# The server logs a request after its response is sent: wait for the second line to land.
for _ in $(seq 50); do (( $(grep -c ' GET /core.wasm 200 ' "$T/err") >= 2 )) && break; sleep 0.1; done
PEERS=$(grep -E ' GET / 200 | GET /core.wasm 200 ' "$T/err" | tail -n2 | awk '{print $3}' | sort -u | wc -l)
[[ $PEERS == 1 ]] || fail "the two requests did not share a connection"

# Slow client: an unfinished request is dropped after --read-timeout (2 s), well before 6 s.
exec 3<>"/dev/tcp/127.0.0.1/$PORT"
printf 'GET / HTTP/1.1\r\nHost: x\r\n' >&3
SECONDS=0
set +e; timeout 6 cat <&3 >/dev/null; RC=$?; set -e
exec 3>&-
[[ $RC != 124 && $SECONDS -le 4 ]] || fail "a slow client was not timed out (rc $RC after ${SECONDS}s)"

# stdout carries the serving line and, as this run created the demo store, its case link;
# requests were logged to stderr.
[[ $(wc -l <"$T/out") == 2 ]] || fail "stdout should hold two lines: $(cat "$T/out")"
sed -n 2p "$T/out" | grep -Eq "^A customer's private case page: $BASE/#/case/[0-9a-f]{32}\$" ||
  fail "the second line is not the demo case's link: $(sed -n 2p "$T/out")"
grep -q 'GET /api/v1/portal.json 200' "$T/err" || fail "no request log line"

kill -TERM "$SERVER_PID"
set +e; wait "$SERVER_PID"; RC=$?; set -e
SERVER_PID=
[[ $RC == 0 ]] || fail "SIGTERM exit code $RC"

# A second demo run serves the existing store (same version), and SIGINT also exits 0.
start_server
curl -s -D "$T/h" -o /dev/null "$BASE/api/v1/portal.json"
# (the ETag is "VERSION-HASH"; the hash covers time-dependent parts, the version does not move)
[[ $(hdr ETag) == "${ETAG%%-*}"-* ]] || fail "the existing store was not reused: ETag $(hdr ETag), was $ETAG"
[[ $(wc -l <"$T/out") == 1 ]] || fail "a reused store has no case token to print: $(cat "$T/out")"
grep -q "using the existing store" "$T/err" || fail "no reuse log line"
kill -INT "$SERVER_PID"
set +e; wait "$SERVER_PID"; RC=$?; set -e
SERVER_PID=
[[ $RC == 0 ]] || fail "SIGINT exit code $RC"

echo "smoke: ok"
