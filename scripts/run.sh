#!/usr/bin/env bash
# Quick start: installs what is missing, builds, and starts a local network of
# three nodes on 127.0.0.1 (SQLite databases, logs and configs in
# ./local-network). Ctrl-C stops it. Extra arguments go to `local-network`
# (for example: scripts/run.sh --nodes 5).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake --preset default >/dev/null
cmake --build --preset default --target stellar-overlay
exec build/stellar-overlay local-network "$@"
