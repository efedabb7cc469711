#!/usr/bin/env bash
# Crash durability: kill -9 at random moments while a writer posts incident writes over HTTP;
# after each kill, PRAGMA integrity_check, a restart, and every acknowledged write looked up.
# Usage: bash bench/crash.sh [--trials 100] [--max-delay SECONDS] [--seed N]
#        (CANDOR_BIN=path/to/candor to test another build; needs the sqlite3 CLI)
set -euo pipefail
export PYTHONDONTWRITEBYTECODE=1  # no __pycache__ in bench/
exec python3 "$(dirname "$0")/crash.py" "$@"
