#!/usr/bin/env bash
# The official @kubernetes/client-node (installed by test.sh from npm)
# against a real stead server.
source "$(dirname "$0")/lib.sh"
E2E_DIR=$(cd "$(dirname "$0")" && pwd)
if [ ! -d "$E2E_DIR/node_modules/@kubernetes/client-node" ]; then
  (cd "$E2E_DIR" && npm install --no-audit --no-fund --loglevel=error >/dev/null) || exit 1
fi
e2e_start || exit 1
cd "$E2E_DIR" && node client_node.mjs
