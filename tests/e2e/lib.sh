#!/usr/bin/env bash
# Helpers for end-to-end tests: start a real `stead server` in a temporary
# directory on a free port, drive it with the real kubectl, assert, and stop
# everything we started by PID. Each test script sources this file, calls
# `e2e_start`, runs `check`s and ends with `e2e_finish` (prints
# "N passed, N failed" and sets the exit code).
set -uo pipefail

STEAD_BIN=${STEAD_BIN:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/build/stead}
STEAD_SOURCE_DIR=${STEAD_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
SEED_DIR=${SEED_DIR:-$STEAD_SOURCE_DIR/../shared/seed}
E2E_PASSED=0
E2E_FAILED=0
E2E_PIDS=()
E2E_TMP=$(mktemp -d /tmp/stead-e2e.XXXXXX)
# Command prefix for the server and kubectl, e.g. (ip netns exec NS) to run
# both inside a network namespace the test created.
E2E_EXEC=()

e2e_cleanup() {
  local pid
  for pid in "${E2E_PIDS[@]}"; do
    kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  done
  rm -rf "$E2E_TMP"
}
trap e2e_cleanup EXIT

# e2e_start [extra stead server flags...]: starts a server with a fresh data
# dir ($DATA_DIR), logging to $SERVER_LOG, waits until /readyz answers,
# exports KUBECONFIG. (Tests running several servers set both per server.)
# Unless the flags say --dns-listen, the cluster DNS listens on a free
# loopback port, exported as DNS_PORT, so that servers never collide.
# The service proxy is off (--proxy-mode none) so that tests never touch the
# host's netfilter; a test that wants it passes --proxy-mode nftables and
# runs the server in its own network namespace (E2E_EXEC).
e2e_start() {
  DATA_DIR=${DATA_DIR:-$E2E_TMP/data}
  SERVER_LOG=${SERVER_LOG:-$E2E_TMP/server.log}
  mkdir -p "$DATA_DIR"
  local dns=()
  if [[ " $* " != *" --dns-listen"* ]]; then
    DNS_PORT=$(free_dns_port)
    export DNS_PORT
    dns=(--dns-listen "127.0.0.1:$DNS_PORT")
  fi
  "${E2E_EXEC[@]}" "$STEAD_BIN" server --data-dir "$DATA_DIR" --listen 127.0.0.1:0 \
    --proxy-mode none "${dns[@]}" "$@" \
    >>"$SERVER_LOG" 2>&1 &
  SERVER_PID=$!
  E2E_PIDS+=("$SERVER_PID")
  export KUBECONFIG=$DATA_DIR/kubeconfig.yaml
  local i
  for i in $(seq 1 200); do
    if [ -s "$KUBECONFIG" ] && grep -q "serving" "$SERVER_LOG" 2>/dev/null &&
      k get --raw /readyz >/dev/null 2>&1; then
      return 0
    fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      echo "server exited early:"; tail -20 "$SERVER_LOG"; return 1
    fi
    sleep 0.05
  done
  echo "server did not become ready:"; tail -20 "$SERVER_LOG"
  return 1
}

# e2e_stop [signal]: stops the server started by e2e_start and waits for it.
e2e_stop() {
  local sig=${1:-TERM}
  kill -"$sig" "$SERVER_PID" 2>/dev/null
  wait "$SERVER_PID" 2>/dev/null
  local pids=()
  local p
  for p in "${E2E_PIDS[@]}"; do [ "$p" != "$SERVER_PID" ] && pids+=("$p"); done
  E2E_PIDS=("${pids[@]}")
  # The next start reuses the data dir but must not see a stale kubeconfig.
  rm -f "$KUBECONFIG"
}

# free_port: a TCP port on 127.0.0.1 nobody listens on right now.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# free_dns_port: a port on 127.0.0.1 free for both UDP and TCP.
free_dns_port() { python3 "$STEAD_SOURCE_DIR/scripts/free_dns_port.py"; }

# e2e_start_etcd: a single-member etcd (Debian's etcd-server) on free
# loopback ports in the test's directory; sets ETCD_URL.
e2e_start_etcd() {
  local client peer
  client=http://127.0.0.1:$(free_port); peer=http://127.0.0.1:$(free_port)
  etcd --data-dir "$E2E_TMP/etcd" --listen-client-urls "$client" --advertise-client-urls "$client" \
    --listen-peer-urls "$peer" --initial-advertise-peer-urls "$peer" \
    --initial-cluster "default=$peer" >>"$E2E_TMP/etcd.log" 2>&1 &
  E2E_PIDS+=($!)
  ETCD_URL=$client
  local i
  for i in $(seq 1 100); do
    curl -sf "$ETCD_URL/health" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "etcd did not start:"; tail -20 "$E2E_TMP/etcd.log"; return 1
}

# kubectl with a private discovery cache.
k() { "${E2E_EXEC[@]}" kubectl --cache-dir "$E2E_TMP/kcache" "$@"; }

check() {  # check "description" command...: passes if the command succeeds
  local desc=$1; shift
  local start=$EPOCHREALTIME
  if "$@" >"$E2E_TMP/check.out" 2>&1; then
    E2E_PASSED=$((E2E_PASSED + 1)); echo "ok   - $desc ($(elapsed_since "$start"))"
  else
    E2E_FAILED=$((E2E_FAILED + 1)); echo "FAIL - $desc ($(elapsed_since "$start"))"
    sed 's/^/       /' "$E2E_TMP/check.out" | head -30
  fi
}

elapsed_since() {  # elapsed_since $EPOCHREALTIME-value: "1.234s"
  awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3fs", b - a }'
}

expect_eq() {  # expect_eq expected actual
  if [ "$1" == "$2" ]; then return 0; fi
  echo "expected: [$1]"; echo "actual:   [$2]"; return 1
}

expect_match() {  # expect_match regex text
  if [[ "$2" =~ $1 ]]; then return 0; fi
  echo "expected to match: [$1]"; echo "actual: [$2]"; return 1
}

# eventually timeout_seconds command...: retries until success.
eventually() {
  local timeout=$1; shift
  local deadline=$((SECONDS + timeout))
  while true; do
    if "$@" >/dev/null 2>&1; then return 0; fi
    if [ $SECONDS -ge $deadline ]; then "$@"; return 1; fi
    sleep 0.1
  done
}

e2e_finish() {
  echo "$E2E_PASSED passed, $E2E_FAILED failed"
  [ "$E2E_FAILED" -eq 0 ]
}
