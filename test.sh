#!/usr/bin/env bash
# Installs what the tests need, builds everything and runs every test
# (unit tests, then end-to-end tests with the real kubectl and
# @kubernetes/client-node). Ends with ctest's summary line.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/deps.sh
stead_install_deps
if [ ! -d tests/e2e/node_modules/@kubernetes/client-node ]; then
  (cd tests/e2e && npm install --no-audit --no-fund --loglevel=error >/dev/null)
fi
stead_build Release build
cd build
ctest --output-on-failure --timeout 900 "$@"
