#!/usr/bin/env bash
# Cluster DNS benchmark: stead's built-in DNS against Debian's dnsmasq
# answering the same names from a hosts file, both on loopback, driven by
# dnsperf (Debian package dnsperf) with the same query file.
#
# The cluster: $SERVICES ClusterIP Services and $HEADLESS headless Services
# of $ENDPOINTS endpoints each (EndpointSlices with hostnames), all created
# through the API. Queries: every Service name, every endpoint hostname name
# (A), shuffled.
#
# Per server: (1) saturation: dnsperf for $SECONDS_RUN s with up to 100
# queries in flight -> queries/s and mean latency; (2) latency at a fixed
# rate of $RATE queries/s with per-query timings (dnsperf -v) -> p50, p99;
# and the server's CPU time per query (from /proc/PID/stat).
# Usage: bench/run_dns_bench.sh   (after a Release build in build/)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
STEAD=${STEAD_BIN:-$ROOT/build/stead}
SERVICES=${SERVICES:-2000}
HEADLESS=${HEADLESS:-200}
ENDPOINTS=${ENDPOINTS:-5}
SECONDS_RUN=${SECONDS_RUN:-10}
RATE=${RATE:-10000}
source "$ROOT/scripts/deps.sh"
STEAD_DEB_PACKAGES=(dnsperf dnsmasq-base dnsutils python3)
stead_install_deps

TMP=$(mktemp -d /tmp/stead-dns-bench.XXXXXX)
PIDS=()
cleanup() { set +e; for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; rm -rf "$TMP"; }
trap cleanup EXIT
free_dns_port() { python3 "$ROOT/scripts/free_dns_port.py"; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

echo "nproc: $(nproc)   load: $(cut -d' ' -f1-3 /proc/loadavg)   $(dnsperf -h 2>&1 | grep -m1 Version)   $(dnsmasq --version | head -1)"

STEAD_PORT=$(free_dns_port)
"$STEAD" server --data-dir "$TMP/data" --listen 127.0.0.1:0 --log-level warning --no-controllers \
  --dns-listen "127.0.0.1:$STEAD_PORT" --dns-upstream 127.0.0.1:9 >"$TMP/server.log" 2>&1 &
STEAD_PID=$!
PIDS+=("$STEAD_PID")
export KUBECONFIG=$TMP/data/kubeconfig.yaml
k() { kubectl --cache-dir "$TMP/kcache" "$@"; }
for _ in $(seq 1 200); do [ -s "$KUBECONFIG" ] && k get --raw /readyz >/dev/null 2>&1 && break; sleep 0.05; done
k create namespace bench >/dev/null

# The objects, as one List per kind.
python3 - "$SERVICES" "$HEADLESS" "$ENDPOINTS" "$TMP" <<'PY'
import json, sys
services, headless, endpoints, tmp = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
svcs, slices = [], []
for i in range(services):
    svcs.append({"apiVersion": "v1", "kind": "Service", "metadata": {"name": f"svc-{i}"},
                 "spec": {"ports": [{"name": "http", "port": 80}]}})
for h in range(headless):
    svcs.append({"apiVersion": "v1", "kind": "Service", "metadata": {"name": f"hl-{h}"},
                 "spec": {"clusterIP": "None", "ports": [{"name": "api", "port": 6333}]}})
    eps = [{"addresses": [f"10.{244 + h // 250}.{h % 250}.{e + 1}"], "hostname": f"pod-{e}",
            "conditions": {"ready": True}} for e in range(endpoints)]
    slices.append({"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
                   "metadata": {"name": f"hl-{h}-1", "labels": {"kubernetes.io/service-name": f"hl-{h}"}},
                   "addressType": "IPv4", "endpoints": eps,
                   "ports": [{"name": "api", "port": 6333, "protocol": "TCP"}]})
for name, items in (("services", svcs), ("slices", slices)):
    with open(f"{tmp}/{name}.json", "w") as f:
        json.dump({"apiVersion": "v1", "kind": "List", "items": items}, f)
PY
start=$EPOCHREALTIME
k create -n bench --validate=false -f "$TMP/services.json" >/dev/null
k create -n bench --validate=false -f "$TMP/slices.json" >/dev/null
echo "created $((SERVICES + HEADLESS)) services and $HEADLESS slices in $(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN{printf "%.1f", b-a}') s"

# The same names for both servers: queries and a hosts file from stead's own
# answers (so both return identical data).
k get svc -n bench -o jsonpath='{range .items[*]}{.metadata.name} {.spec.clusterIP}{"\n"}{end}' |
  awk '$2 != "None" { print $2, $1 ".bench.svc.cluster.local" }' >"$TMP/hosts"
python3 - "$TMP" <<'PY'
import json, sys
tmp = sys.argv[1]
with open(f"{tmp}/slices.json") as f:
    slices = json.load(f)["items"]
with open(f"{tmp}/hosts", "a") as out:
    for s in slices:
        svc = s["metadata"]["labels"]["kubernetes.io/service-name"]
        for ep in s["endpoints"]:
            ip = ep["addresses"][0]
            out.write(f"{ip} {svc}.bench.svc.cluster.local\n")
            out.write(f"{ip} {ep['hostname']}.{svc}.bench.svc.cluster.local\n")
PY
awk '{ print $2 " A" }' "$TMP/hosts" | sort -u | shuf --random-source=<(yes) >"$TMP/queries"
echo "query names: $(wc -l <"$TMP/queries")   hosts lines: $(wc -l <"$TMP/hosts")"
for _ in $(seq 1 100); do
  [ "$(dig @127.0.0.1 -p "$STEAD_PORT" +short "pod-0.hl-$((HEADLESS - 1)).bench.svc.cluster.local")" != "" ] && break
  sleep 0.1
done

DNSMASQ_PORT=$(free_dns_port)
dnsmasq --keep-in-foreground --conf-file=/dev/null --no-resolv --no-hosts --addn-hosts="$TMP/hosts" \
  --listen-address=127.0.0.1 --bind-interfaces --port="$DNSMASQ_PORT" --user="$(id -un)" \
  --pid-file= 2>"$TMP/dnsmasq.log" &
DNSMASQ_PID=$!
PIDS+=("$DNSMASQ_PID")
sleep 0.5

# Both must give the same addresses for a sample of names.
for name in $(head -20 "$TMP/queries" | awk '{print $1}'); do
  a=$(dig @127.0.0.1 -p "$STEAD_PORT" +short "$name" | sort | tr '\n' ' ')
  b=$(dig @127.0.0.1 -p "$DNSMASQ_PORT" +short "$name" | sort | tr '\n' ' ')
  [ "$a" = "$b" ] && [ -n "$a" ] || { echo "answers differ for $name: stead [$a] dnsmasq [$b]"; exit 1; }
done

declare -A QPS LAT P50 P99 CPU
run() {  # label port pid
  local label=$1 port=$2 pid=$3 out c0 c1
  c0=$(cpu_ticks "$pid")
  out=$(dnsperf -s 127.0.0.1 -p "$port" -d "$TMP/queries" -l "$SECONDS_RUN" 2>&1)
  c1=$(cpu_ticks "$pid")
  local sent qps
  sent=$(echo "$out" | awk '/Queries completed:/ { print $3 }')
  qps=$(echo "$out" | awk '/Queries per second:/ { printf "%.0f", $4 }')
  QPS[$label]=$qps
  LAT[$label]=$(echo "$out" | awk '/Average Latency/ { printf "%.3f", $4 * 1000 }')
  CPU[$label]=$(awk -v t=$((c1 - c0)) -v hz="$(getconf CLK_TCK)" -v n="$sent" 'BEGIN { printf "%.2f", t / hz / n * 1e6 }')
  echo "$out" | grep -E "Queries (sent|completed|lost)|Response codes" | sed "s/^/  $label /"
  dnsperf -s 127.0.0.1 -p "$port" -d "$TMP/queries" -l "$SECONDS_RUN" -Q "$RATE" -v 2>/dev/null |
    awk '/^> / { print $NF * 1000 }' | sort -n >"$TMP/lat.$label"
  local n
  n=$(wc -l <"$TMP/lat.$label")
  P50[$label]=$(awk -v n="$n" 'NR == int(n * 0.50) + 1 { printf "%.3f", $1; exit }' "$TMP/lat.$label")
  P99[$label]=$(awk -v n="$n" 'NR == int(n * 0.99) + 1 { printf "%.3f", $1; exit }' "$TMP/lat.$label")
}
run stead "$STEAD_PORT" "$STEAD_PID"
run dnsmasq "$DNSMASQ_PORT" "$DNSMASQ_PID"

echo
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
printf "%-8s %12s %14s %12s %12s %14s\n" server "queries/s" "mean ms(sat)" "p50 ms@$RATE" "p99 ms@$RATE" "cpu us/query"
for s in stead dnsmasq; do
  printf "%-8s %12s %14s %12s %12s %14s\n" "$s" "${QPS[$s]}" "${LAT[$s]}" "${P50[$s]}" "${P99[$s]}" "${CPU[$s]}"
done
awk -v a="${QPS[stead]}" -v b="${QPS[dnsmasq]}" 'BEGIN { printf "throughput ratio stead/dnsmasq: %.2f\n", a / b }'
