#!/usr/bin/env bash
# StatefulSet controller benchmarks on simulated nodes (issue 3):
#  1. a Parallel StatefulSet of $REPLICAS replicas: time from `kubectl create`
#     until status.readyReplicas == $REPLICAS (kubectl wait, a watch);
#  2. OrderedReady per-step overhead: for a set of $STEPS replicas, the time
#     from the watch event "pod k became Ready" to the event "pod k+1 was
#     created" (both seen by the same kubectl watch), p50/p99.
# Usage: bench/run_sts_bench.sh   (after a Release build in build/)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
STEAD=${STEAD_BIN:-$ROOT/build/stead}
REPLICAS=${REPLICAS:-1000}
STEPS=${STEPS:-100}
TMP=$(mktemp -d /tmp/stead-bench.XXXXXX)
PIDS=()
cleanup() { set +e; for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; rm -rf "$TMP"; }
trap cleanup EXIT

"$STEAD" server --data-dir "$TMP/data" --listen 127.0.0.1:0 --log-level warning --proxy-mode none --dns-listen none \
  --simulated-nodes 10 --sim-node-pods 250 --sim-start-delay 500ms >"$TMP/server.log" 2>&1 &
PIDS+=($!)
export KUBECONFIG=$TMP/data/kubeconfig.yaml
k() { kubectl --cache-dir "$TMP/kcache" "$@"; }
for _ in $(seq 1 200); do [ -s "$KUBECONFIG" ] && k get --raw /readyz >/dev/null 2>&1 && break; sleep 0.05; done
nodes_ready() { [ "$(k get nodes --no-headers 2>/dev/null | grep -c ' Ready')" -eq 10 ]; }
for _ in $(seq 1 100); do nodes_ready && break; sleep 0.1; done

set_manifest() {  # name replicas policy
  cat <<YAML
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: $1}
spec:
  serviceName: $1
  replicas: $2
  podManagementPolicy: $3
  selector: {matchLabels: {app: $1}}
  template:
    metadata: {labels: {app: $1}}
    spec:
      containers:
      - {name: app, image: qdrant/qdrant:v1.7.0, resources: {requests: {cpu: 10m, memory: 16Mi}}}
YAML
}

echo "== Parallel StatefulSet, $REPLICAS replicas, 10 simulated nodes, 500ms container start"
start=$EPOCHREALTIME
set_manifest big "$REPLICAS" Parallel | k create -f - >/dev/null
k wait sts/big --for=jsonpath='{.status.readyReplicas}'="$REPLICAS" --timeout=300s >/dev/null
end=$EPOCHREALTIME
awk -v a="$start" -v b="$end" -v n="$REPLICAS" 'BEGIN { printf "time to %d/%d Ready: %.2f s\n", n, n, b - a }'
k get sts big
k delete sts big --wait=false >/dev/null
for _ in $(seq 1 600); do [ "$(k get pods -l app=big -o name | wc -l)" -eq 0 ] && break; sleep 0.2; done

echo "== OrderedReady per-step overhead, $STEPS replicas"
k get pods -l app=ordered --watch --output-watch-events \
  -o jsonpath='{.type} {.object.metadata.name} {.object.status.conditions[?(@.type=="Ready")].status}{"\n"}' |
  while IFS= read -r line; do echo "$EPOCHREALTIME $line"; done >"$TMP/events" &
PIDS+=($!)
sleep 0.5
set_manifest ordered "$STEPS" OrderedReady | k create -f - >/dev/null
k wait sts/ordered --for=jsonpath='{.status.readyReplicas}'="$STEPS" --timeout=600s >/dev/null
sleep 0.5
# For each k: first "Ready True" of ordered-k, then first ADDED of ordered-(k+1).
awk -v n="$STEPS" '
  $2 == "ADDED" && !($3 in added) { added[$3] = $1 }
  $4 == "True" && !($3 in ready) { ready[$3] = $1 }
  END {
    for (i = 0; i + 1 < n; i++) {
      r = ready["ordered-" i]; a = added["ordered-" (i + 1)]
      if (r != "" && a != "") printf "%.3f\n", (a - r) * 1000
    }
  }' "$TMP/events" | sort -n >"$TMP/steps"
count=$(wc -l <"$TMP/steps")
p() { awk -v q="$1" -v c="$count" 'NR == int((c - 1) * q) + 1 { print; exit }' "$TMP/steps"; }
echo "steps measured: $count; pod k Ready -> pod k+1 created: p50 $(p 0.5) ms, p99 $(p 0.99) ms, max $(tail -1 "$TMP/steps") ms"
echo "server RSS: $(awk '/VmRSS/ {print $2 / 1024 " MiB"}' /proc/"${PIDS[0]}"/status)"
