#!/usr/bin/env bash
# Installs everything stellar-overlay needs to build and test, from Debian's
# archive and the npm registry. Idempotent: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  g++ cmake ninja-build pkgconf ccache clang libclang-rt-14-dev
  libsodium-dev libasio-dev libsoci-dev libboost-dev libpq-dev libsqlite3-dev sqlite3
  libtomlplusplus-dev libcli11-dev libspdlog-dev libfmt-dev nlohmann-json3-dev
  libcpp-httplib-dev libssl-dev zlib1g-dev libbrotli-dev
  libgtest-dev libgmock-dev libbenchmark-dev postgresql nodejs npm valgrind strace
  prometheus graphviz
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# node and npm may come from outside Debian (the machine image has them); only ask apt when absent.
filtered=()
for p in "${missing[@]}"; do
  case "$p" in
    nodejs) command -v node >/dev/null || filtered+=("$p") ;;
    npm) command -v npm >/dev/null || filtered+=("$p") ;;
    *) filtered+=("$p") ;;
  esac
done
if [ ${#filtered[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "setup: missing Debian packages: ${filtered[*]} (run this script as root, or install them)" >&2
    exit 1
  fi
  echo "setup: installing ${filtered[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${filtered[@]}" >/dev/null
fi

# npm packages, pinned in package-lock.json: the XDR the build generates from
# (@stellar/stellar-xdr-json, with @stellar/stellar-base for what its schemas
# leave out; both are also the interop tests' reference implementations) and
# the interop peer (@stellarbeat/js-stellar-node-connector).
stamp=node_modules/.package-lock.stamp
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  echo "setup: installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi
