#!/usr/bin/env bash
# Soak: mixed traffic from 256 connections against `candor serve` for 10 minutes (or
# --minutes M), resident memory and open descriptors sampled; prints a table and plots memory
# over time into bench/soak-memory.png. Needs Debian's wrk and, for the plot,
# python3-matplotlib (Debian's python3 is used, since that is where apt installs it).
# Usage: bash bench/soak.sh [--minutes 10] [--interval 5] [--png FILE]
#        (CANDOR_BIN=path/to/candor to soak another build)
set -euo pipefail
export PYTHONDONTWRITEBYTECODE=1  # no __pycache__ in bench/
command -v wrk >/dev/null || { echo "soak needs wrk: apt-get install wrk" >&2; exit 2; }
exec /usr/bin/python3 "$(dirname "$0")/soak.py" "$@"
