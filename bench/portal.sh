#!/usr/bin/env bash
# The portal's cold-load weight, time to the overall status beside a plain static page, time
# to the live view, and Lighthouse's four scores (issue 6). Figures go to bench/README.md.
# Needs build/native/bin/candor and build/web (or CANDOR_BIN / CANDOR_WEB), /usr/bin/chromium
# and npm. Lighthouse (pinned; 13.x needs Node 22) is a benchmark tool, not a test dependency:
# it is installed on first use into build/bench-tools, so `npm ci` stays lean.
# Usage: bash bench/portal.sh [--runs N] [--no-lighthouse]
set -euo pipefail
cd "$(dirname "$0")/.."
tools=build/bench-tools
if [[ " $* " != *" --no-lighthouse "* && ! -x $tools/node_modules/.bin/lighthouse ]]; then
  npm install --silent --no-audit --no-fund --prefix "$tools" lighthouse@12.8.2 >&2
fi
LIGHTHOUSE_BIN=$PWD/$tools/node_modules/.bin/lighthouse exec node bench/portal.mjs "$@"
