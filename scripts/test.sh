#!/usr/bin/env bash
# Runs every test: installs what is missing, builds (preset "default"), starts a
# throwaway PostgreSQL for the database tests, runs ctest, stops PostgreSQL.
# Extra arguments go to ctest (for example: scripts/test.sh -R Xdr).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake --preset default ${CI:+-DWARNINGS_AS_ERRORS=ON} >/dev/null
cmake --build --preset default
export PG_CONNINFO="$(scripts/pg-ci.sh start)"
trap 'scripts/pg-ci.sh stop' EXIT
ctest --preset default --label-exclude slow "$@"
