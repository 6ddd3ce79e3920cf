#!/usr/bin/env bash
# EndpointSlice / Endpoints controller latency on simulated nodes: how long
# after a pod's Ready condition flips its endpoint follows.
#  A headless Service over a Parallel StatefulSet of $REPLICAS pods; then
#  $FLIPS times a pod is made not ready / ready again (sim annotation). Three
#  kubectl watches (pods, endpointslices, endpoints) timestamp every event on
#  arrival; the latency of a flip is the time from the pod event showing the
#  new Ready status to the first slice (Endpoints) event showing the endpoint
#  with the new condition (address in addresses / notReadyAddresses). Also:
#  time from `kubectl create` of $BIG pods until their slices list them all.
# Usage: bench/run_endpoints_bench.sh   (after a Release build in build/)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
STEAD=${STEAD_BIN:-$ROOT/build/stead}
REPLICAS=${REPLICAS:-10}
FLIPS=${FLIPS:-40}
BIG=${BIG:-1000}
TMP=$(mktemp -d /tmp/stead-bench.XXXXXX)
PIDS=()
cleanup() { set +e; for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null || true; done; rm -rf "$TMP"; }
trap cleanup EXIT

"$STEAD" server --data-dir "$TMP/data" --listen 127.0.0.1:0 --log-level warning --proxy-mode none \
  --dns-listen none --simulated-nodes 10 --sim-node-pods 250 --sim-start-delay 100ms \
  >"$TMP/server.log" 2>&1 &
PIDS+=($!)
export KUBECONFIG=$TMP/data/kubeconfig.yaml
k() { kubectl --cache-dir "$TMP/kcache" "$@"; }
for _ in $(seq 1 200); do [ -s "$KUBECONFIG" ] && k get --raw /readyz >/dev/null 2>&1 && break; sleep 0.05; done
for _ in $(seq 1 100); do [ "$(k get nodes --no-headers 2>/dev/null | grep -c ' Ready')" -eq 10 ] && break; sleep 0.1; done

manifest() {  # name replicas
  cat <<YAML
apiVersion: v1
kind: Service
metadata: {name: $1}
spec:
  clusterIP: None
  selector: {app: $1}
  ports: [{name: api, port: 6333}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: $1}
spec:
  serviceName: $1
  replicas: $2
  podManagementPolicy: Parallel
  selector: {matchLabels: {app: $1}}
  template:
    metadata: {labels: {app: $1}}
    spec:
      containers:
      - {name: app, image: qdrant/qdrant:v1.7.0, resources: {requests: {cpu: 10m, memory: 16Mi}}}
YAML
}
stamp() { while IFS= read -r line; do echo "$EPOCHREALTIME $line"; done; }

echo "== readiness flips, $REPLICAS pods, $FLIPS flips"
manifest web "$REPLICAS" | k create -f - >/dev/null
k wait sts/web --for=jsonpath='{.status.readyReplicas}'="$REPLICAS" --timeout=120s >/dev/null
k get pods -l app=web --watch-only -o jsonpath='{.metadata.name} {.status.conditions[?(@.type=="Ready")].status}{"\n"}' |
  stamp >"$TMP/pods" &
PIDS+=($!)
# (kubectl's jsonpath printer shows only the first event of these watches;
# jq formats the JSON stream instead.)
k get endpointslices -l kubernetes.io/service-name=web --watch-only -o json |
  jq --unbuffered -r '[.endpoints[]? | "\(.targetRef.name):\(.conditions.ready)"] | join(" ")' |
  stamp >"$TMP/slices" &
PIDS+=($!)
k get endpoints web --watch-only -o json |
  jq --unbuffered -r '[(.subsets[]?.addresses[]? | "\(.targetRef.name):true"),
                       (.subsets[]?.notReadyAddresses[]? | "\(.targetRef.name):false")] | join(" ")' |
  stamp >"$TMP/endpoints" &
PIDS+=($!)
sleep 1
for i in $(seq 1 "$FLIPS"); do
  pod=web-$((i % REPLICAS))
  k annotate pod "$pod" sim.stead.dev/ready=false --overwrite >/dev/null
  sleep 0.3
  k annotate pod "$pod" sim.stead.dev/ready=true --overwrite >/dev/null
  sleep 0.3
done
sleep 1
# Pairs each pod Ready change with the first later event of `file` that
# shows that pod with the new condition.
latencies() {  # file
  awk -v events="$1" '
    BEGIN { while ((getline line < events) > 0) { n++; t[n] = substr(line, 1, index(line, " ") - 1); e[n] = " " substr(line, index(line, " ") + 1) " " } }
    { name = $2; want = ($3 == "True") ? "true" : "false";
      # Every pod starts Ready: only changes count.
      if ((name in last ? last[name] : "true") == want) next; last[name] = want;
      # The two watches are read by different processes: an event of `file`
      # may be stamped a fraction of a millisecond before the pod event that
      # caused it (flips are 300ms apart, so 100ms back is safe); that is 0.
      for (i = 1; i <= n; i++) if (t[i] >= $1 - 0.1 && index(e[i], " " name ":" want " ")) {
        d = (t[i] - $1) * 1000; printf "%.3f\n", d < 0 ? 0 : d; break } }' "$TMP/pods" |
    sort -n | awk '{ v[NR] = $1 }
      function at(q,  i) { i = int(NR * q + 0.5); if (i < 1) i = 1; if (i > NR) i = NR; return v[i] }
      END { if (NR == 0) { print "no samples"; exit }
            printf "%d flips: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms\n", NR, at(0.5), at(0.9), at(0.99), v[NR] }'
}
echo "as seen by kubectl watches (resolution: a few ms between two watch processes):"
echo "  EndpointSlice: $(latencies "$TMP/slices")"
echo "  Endpoints:     $(latencies "$TMP/endpoints")"
# In the server: pod event -> key queued is an in-process informer callback;
# queued -> picked up and picked up -> written are the work queue's own
# histograms.
# In the server: pod event -> key queued is an in-process informer callback;
# queued -> picked up and picked up -> written are the work queue's own
# histograms.
server_times() {
  k get --raw /metrics | awk '
    /^workqueue_(queue|work)_duration_seconds_(sum|count)\{name="(endpoint_slice|endpoint)"\}/ {
      split($1, a, "{"); q = a[2]; sub(/.*name="/, "", q); sub(/".*/, "", q); v[a[1] "|" q] = $2 }
    END { split("endpoint_slice endpoint", qs, " ");
          for (i = 1; i <= 2; i++) { q = qs[i];
            printf "  %-15s queued->started %.2f ms, sync %.2f ms (%d syncs)\n", q,
              1000 * v["workqueue_queue_duration_seconds_sum|" q] / v["workqueue_queue_duration_seconds_count|" q],
              1000 * v["workqueue_work_duration_seconds_sum|" q] / v["workqueue_work_duration_seconds_count|" q],
              v["workqueue_work_duration_seconds_count|" q] } }'
}
echo "in the server (mean over every sync so far):"
server_times
echo "== $BIG pods behind one Service"
start=$EPOCHREALTIME
manifest big "$BIG" | k create -f - >/dev/null
(k wait sts/big --for=jsonpath='{.status.readyReplicas}'="$BIG" --timeout=300s >/dev/null &&
  echo "$EPOCHREALTIME" >"$TMP/sts_ready") &
PIDS+=($!)
count() { k get endpointslices -l kubernetes.io/service-name=big -o jsonpath='{range .items[*].endpoints[*]}{.conditions.ready}{"\n"}{end}' | grep -c true || true; }
for _ in $(seq 1 600); do [ "$(count)" -eq "$BIG" ] && break; sleep 0.1; done
end=$EPOCHREALTIME
awk -v a="$start" -v b="$end" -v n="$BIG" 'BEGIN { printf "time to %d ready endpoints in the slices: %.2f s\n", n, b - a }'
for _ in $(seq 1 100); do [ -s "$TMP/sts_ready" ] && break; sleep 0.1; done
awk -v a="$start" -v b="$(cat "$TMP/sts_ready" 2>/dev/null || echo 0)" -v n="$BIG" \
  'BEGIN { printf "(time to %d/%d Ready in the StatefulSet status: %.2f s)\n", n, n, b - a }'
k get endpointslices -l kubernetes.io/service-name=big
echo "in the server, since the start:"
server_times
