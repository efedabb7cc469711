#!/usr/bin/env bash
# Faults against a real `candor serve` on loopback: the store's disk filling up (a 24 MB tmpfs),
# its file made read-only (chattr +i), clients leaving mid-request, slowloris clients. Needs
# root (mount, chattr) and the sqlite3 CLI. Prints a table; exits 1 if a check fails.
# Usage: bash bench/faults.sh        (CANDOR_BIN=path/to/candor to test another build)
set -euo pipefail
export PYTHONDONTWRITEBYTECODE=1  # no __pycache__ in bench/
exec python3 "$(dirname "$0")/faults.py" "$@"
