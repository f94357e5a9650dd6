#!/usr/bin/env bash
# The test command: gets what the tests need on a fresh Debian machine, then runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v redis-cli >/dev/null 2>&1 || missing+=(redis-tools)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
# The official Prometheus client's parser, which the examples' metrics test reads /metrics with.
/usr/bin/python3 -c 'import prometheus_client' >/dev/null 2>&1 || missing+=(python3-prometheus-client)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if ((${#missing[@]})); then
  if command -v apt-get >/dev/null 2>&1; then
    echo "Installing ${missing[*]}"
    SUDO=""
    [[ $(id -u) -eq 0 ]] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
  else
    echo "Missing ${missing[*]} and no apt-get to install them" >&2
    exit 1
  fi
fi

# The bench's peers (Node's ws, Bun), which its smoke test runs next to Herald.
if [[ ! -d bench/peers/node_modules ]]; then
  (cd bench/peers && npm ci --no-audit --no-fund --loglevel=error)
fi

# Maven builds the JavaScript client (clients/js) with npm and runs its Node tests against the
# example server's jar, after the Java tests.
exec mvn -B verify "$@"
