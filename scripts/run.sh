#!/usr/bin/env bash
# Quick start: installs what is missing, builds, and runs the demonstration
# network (the `local-network` command): 5 nodes on 127.0.0.1, node 0 the
# test ledger clock, the load generator on the last node, a status table every
# 3 s. Configs, SQLite databases and logs go to ./local-network. Ctrl-C stops
# it; --duration S ends it after S seconds with a summary. Other arguments go
# to `local-network` too (for example: scripts/run.sh --nodes 7 --tps 500).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake --preset default >/dev/null
cmake --build --preset default --target stellar-overlay
exec build/stellar-overlay local-network "$@"
