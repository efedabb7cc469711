#!/usr/bin/env bash
# The portal's cold-load weight, time to the overall status beside a plain static page, time
# to the live view, and Lighthouse's four scores (issue 6). Figures go to bench/README.md.
# Needs build/native/bin/candor and build/web (or CANDOR_BIN / CANDOR_WEB), /usr/bin/chromium
# and `npm ci` (lighthouse). Usage: bash bench/portal.sh [--runs N] [--no-lighthouse]
set -euo pipefail
cd "$(dirname "$0")/.."
exec node bench/portal.mjs "$@"
