#!/usr/bin/env bash
# EndpointSlices and Endpoints of Services, end to end with the real kubectl
# on simulated nodes: the seed's headless qdrant-service behind its
# StatefulSet (hostnames, nodeName, targetRefs), readiness flips followed
# within a second, publishNotReadyAddresses, a terminating pod and its
# replacement, a ClusterIP Service with a named targetPort resolving to
# different ports, zone hints for trafficDistribution PreferClose, 150
# pods packed into two slices, selector-less Services left alone, and
# clean-up when a Service goes.
source "$(dirname "$0")/lib.sh"
FIX=$(dirname "$0")/fixtures

e2e_start --simulated-nodes 3 --sim-start-delay 50ms --sim-stop-delay 100ms || exit 1

slices() { k get endpointslices -l "kubernetes.io/service-name=$1" -o json; }
# "name ready serving terminating" per endpoint of a Service's slices, sorted.
conditions() {
  slices "$1" | jq -r '.items[].endpoints[]? | "\(.targetRef.name) \(.conditions.ready) \(.conditions.serving) \(.conditions.terminating)"' | sort
}
condition_of() { conditions "$1" | awk -v p="$2" '$1 == p { print $2 " " $3 " " $4 }'; }
pod_ip() { k get pod "$1" -o jsonpath='{.status.podIP}'; }
ready_is() { test "$(k get sts "$1" -o jsonpath='{.status.readyReplicas}')" = "$2"; }
# "ip" lists of the Endpoints object.
ep_ready() { k get endpoints "$1" -o json | jq -r '[.subsets[]?.addresses[]?.ip] | sort | join(" ")'; }
ep_not_ready() { k get endpoints "$1" -o json | jq -r '[.subsets[]?.notReadyAddresses[]?.ip] | sort | join(" ")'; }
sorted_ips() { for p in "$@"; do pod_ip "$p"; echo; done | sort | xargs; }
# wait_until SECONDS command...: polls every 10ms; prints the seconds taken.
wait_until() {
  local timeout=$1 start=$EPOCHREALTIME; shift
  while ! "$@" >/dev/null 2>&1; do
    if awk -v a="$start" -v b="$EPOCHREALTIME" -v t="$timeout" 'BEGIN { exit !(b - a > t) }'; then
      echo "timeout"; return 1
    fi
    sleep 0.01
  done
  awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f", b - a }'
}
within_a_second() {  # within_a_second description command...
  local desc=$1; shift
  local took; took=$(wait_until 5 "$@")
  check "$desc (took ${took}s)" awk -v t="$took" 'BEGIN { exit !(t != "timeout" && t < 1.0) }'
}
is() { expect_eq "$1" "$("${@:2}")"; }

# --- The seed's headless Service and StatefulSet ---------------------------
k apply -f "$FIX/qdrant-service.yaml" >/dev/null
k apply -f "$FIX/qdrant-statefulset.yaml" >/dev/null
check "qdrant becomes 3/3 Ready" eventually 60 ready_is qdrant 3
check "all three endpoints are ready" eventually 10 is \
  "qdrant-0 true true false
qdrant-1 true true false
qdrant-2 true true false" conditions qdrant-service

json=$(slices qdrant-service)
check "one slice" expect_eq 1 "$(jq '.items | length' <<<"$json")"
check "slice name from generateName qdrant-service-" expect_match '^qdrant-service-[a-z0-9]{5}$' \
  "$(jq -r '.items[0].metadata.name' <<<"$json")"
check "addressType IPv4" expect_eq IPv4 "$(jq -r '.items[0].addressType' <<<"$json")"
check "labels: service-name, managed-by, headless" expect_eq \
  'endpointslice-controller.k8s.io|qdrant-service|' \
  "$(jq -r '.items[0].metadata.labels | "\(."endpointslice.kubernetes.io/managed-by")|\(."kubernetes.io/service-name")|\(."service.kubernetes.io/headless")"' <<<"$json")"
check "controller owner reference to the Service" expect_eq \
  "v1 Service qdrant-service true true $(k get svc qdrant-service -o jsonpath='{.metadata.uid}')" \
  "$(jq -r '.items[0].metadata.ownerReferences[] | "\(.apiVersion) \(.kind) \(.name) \(.controller) \(.blockOwnerDeletion) \(.uid)"' <<<"$json")"
check "ports from the Service" expect_eq '[{"name":"api","port":6333,"protocol":"TCP"}]' \
  "$(jq -c '.items[0].ports' <<<"$json")"
check "hostnames qdrant-0..2" expect_eq "qdrant-0 qdrant-1 qdrant-2" \
  "$(jq -r '[.items[0].endpoints[].hostname] | sort | join(" ")' <<<"$json")"
check "addresses are the pod IPs" expect_eq "$(sorted_ips qdrant-0 qdrant-1 qdrant-2)" \
  "$(jq -r '[.items[0].endpoints[].addresses[0]] | sort | join(" ")' <<<"$json")"
check "nodeName is the pod's node" expect_eq "$(k get pod qdrant-1 -o jsonpath='{.spec.nodeName}')" \
  "$(jq -r '.items[0].endpoints[] | select(.targetRef.name == "qdrant-1") | .nodeName' <<<"$json")"
check "targetRef is the pod" expect_eq "Pod default qdrant-1 $(k get pod qdrant-1 -o jsonpath='{.metadata.uid}')" \
  "$(jq -r '.items[0].endpoints[] | select(.targetRef.name == "qdrant-1") | .targetRef | "\(.kind) \(.namespace) \(.name) \(.uid)"' <<<"$json")"
check "kubectl get endpointslices" expect_match \
  "qdrant-service-[a-z0-9]+ +IPv4 +6333 +10\.244\.[0-9.]+,10\.244\.[0-9.]+,10\.244\.[0-9.]+" \
  "$(k get endpointslices 2>&1)"

check "Endpoints lists the three IPs" eventually 5 is "$(sorted_ips qdrant-0 qdrant-1 qdrant-2)" ep_ready qdrant-service
ip0=$(pod_ip qdrant-0)
check "kubectl get endpoints shows IP:6333" expect_match "qdrant-service +([0-9.]+:6333,){2}[0-9.]+:6333" \
  "$(k get endpoints qdrant-service 2>&1)"
epjson=$(k get endpoints qdrant-service -o json)
check "Endpoints hostnames, nodeName, targetRef" expect_eq "qdrant-0 Pod qdrant-0 true" \
  "$(jq -r --arg ip "$ip0" '.subsets[].addresses[] | select(.ip == $ip) | "\(.hostname) \(.targetRef.kind) \(.targetRef.name) \(.nodeName != null)"' <<<"$epjson")"
check "Endpoints port and headless label" expect_eq 'api 6333 TCP |' \
  "$(jq -r '"\(.subsets[0].ports[0].name) \(.subsets[0].ports[0].port) \(.subsets[0].ports[0].protocol) |\(.metadata.labels."service.kubernetes.io/headless")"' <<<"$epjson")"

# --- Readiness ----------------------------------------------------------------
ip1=$(pod_ip qdrant-1)
rv=$(k get endpointslices -l kubernetes.io/service-name=qdrant-service -o jsonpath='{.items[0].metadata.resourceVersion}')
k annotate pod qdrant-1 sim.stead.dev/ready=false >/dev/null
within_a_second "not-ready pod flips to ready=false in its slice" is "false false false" condition_of qdrant-service qdrant-1
within_a_second "and moves to notReadyAddresses" is "$ip1" ep_not_ready qdrant-service
check "the other two stay ready" expect_eq "true true false|true true false" \
  "$(condition_of qdrant-service qdrant-0)|$(condition_of qdrant-service qdrant-2)"
check "the slice was updated in place" expect_eq 1 "$(slices qdrant-service | jq '.items | length')"
check "its generation grew" test "$(k get endpointslices -l kubernetes.io/service-name=qdrant-service -o jsonpath='{.items[0].metadata.resourceVersion}')" != "$rv"
k annotate pod qdrant-1 sim.stead.dev/ready=true --overwrite >/dev/null
within_a_second "ready again" is "true true false" condition_of qdrant-service qdrant-1
within_a_second "and back in addresses" is "" ep_not_ready qdrant-service

k patch svc qdrant-service -p '{"spec":{"publishNotReadyAddresses":true}}' >/dev/null
k annotate pod qdrant-2 sim.stead.dev/ready=false >/dev/null
check "publishNotReadyAddresses: a not-ready pod is not serving" eventually 5 is "true false false" condition_of qdrant-service qdrant-2
check "but stays ready in its slice" is "true false false" condition_of qdrant-service qdrant-2
check "and in the Endpoints' addresses" is "$(sorted_ips qdrant-0 qdrant-1 qdrant-2)" ep_ready qdrant-service
k patch svc qdrant-service -p '{"spec":{"publishNotReadyAddresses":false}}' >/dev/null
check "without it the pod turns not ready" eventually 5 is "false false false" condition_of qdrant-service qdrant-2
k annotate pod qdrant-2 sim.stead.dev/ready=true --overwrite >/dev/null
check "ready again" eventually 5 is "true true false" condition_of qdrant-service qdrant-2

# --- A deleted pod: terminating, then replaced ----------------------------
k annotate pod qdrant-0 sim.stead.dev/terminate-delay=3s >/dev/null
uid0=$(k get pod qdrant-0 -o jsonpath='{.metadata.uid}')
k delete pod qdrant-0 --wait=false >/dev/null
within_a_second "deleted pod shows terminating=true, ready=false" \
  eval 'condition_of qdrant-service qdrant-0 | grep -q "^false [a-z]* true$"'
check "and leaves the Endpoints" eventually 5 is "$(sorted_ips qdrant-1 qdrant-2)" ep_ready qdrant-service
replaced() { local u; u=$(k get pod qdrant-0 -o jsonpath='{.metadata.uid}' 2>/dev/null); [ -n "$u" ] && [ "$u" != "$uid0" ] && [ -n "$(pod_ip qdrant-0)" ]; }
check "qdrant-0 is recreated" eventually 30 replaced
check "the new pod's IP is in the slice, ready" eventually 10 eval \
  'slices qdrant-service | jq -e --arg ip "$(pod_ip qdrant-0)" --arg uid "$(k get pod qdrant-0 -o jsonpath={.metadata.uid})" \
     "[.items[].endpoints[] | select(.addresses[0] == \$ip and .targetRef.uid == \$uid and .conditions.ready)] | length == 1"'
check "and in the Endpoints" eventually 10 is "$(sorted_ips qdrant-0 qdrant-1 qdrant-2)" ep_ready qdrant-service
check "three endpoints again" expect_eq 3 "$(slices qdrant-service | jq '[.items[].endpoints[]] | length')"

# --- ClusterIP Service with a named targetPort ------------------------------
cat >"$E2E_TMP/web.yaml" <<'YAML'
apiVersion: v1
kind: Service
metadata:
  name: web
  labels: {tier: frontend}
spec:
  selector: {app: web}
  ports:
  - {name: http, port: 80, targetPort: http}
---
apiVersion: v1
kind: Pod
metadata: {name: web-a, labels: {app: web}}
spec:
  containers:
  - {name: c, image: nginx, ports: [{name: http, containerPort: 8080}]}
---
apiVersion: v1
kind: Pod
metadata: {name: web-b, labels: {app: web}}
spec:
  containers:
  - {name: c, image: nginx, ports: [{name: http, containerPort: 9090}]}
YAML
k apply -f "$E2E_TMP/web.yaml" >/dev/null
web_ports() { slices web | jq -r '[.items[] | "\(.ports[0].port):\(.endpoints | length)"] | sort | join(" ")'; }
check "pods resolving the name differently get separate slices" eventually 20 is "8080:1 9090:1" web_ports
check "each slice's port is named http" expect_eq "http http" "$(slices web | jq -r '[.items[].ports[0].name] | join(" ")')"
check "the Service's labels are mirrored, no headless label" expect_eq "frontend false" \
  "$(slices web | jq -r '.items[0].metadata.labels | "\(.tier) \(has("service.kubernetes.io/headless"))"')"
check "Endpoints: one subset per port" eventually 10 is "8080 9090" eval \
  "k get endpoints web -o json | jq -r '[.subsets[].ports[0].port] | sort | join(\" \")'"
check "Endpoints labels: the Service's, no headless label" expect_eq '{"tier":"frontend"}' \
  "$(k get endpoints web -o json | jq -c '.metadata.labels')"

# --- Zones and trafficDistribution: PreferClose ------------------------------
for i in 0 1 2; do k label node "sim-node-$i" "topology.kubernetes.io/zone=zone-$i" >/dev/null; done
k apply -f - >/dev/null <<'YAML'
apiVersion: v1
kind: Service
metadata: {name: close}
spec:
  selector: {app: qdrant}
  trafficDistribution: PreferClose
  ports: [{name: api, port: 6333}]
YAML
zone_hints() {
  slices close | jq -r '[.items[].endpoints[] | "\(.zone)=\(.hints.forZones[0].name)"] | unique | join(" ")'
}
node_zones() {
  for p in qdrant-0 qdrant-1 qdrant-2; do
    k get node "$(k get pod $p -o jsonpath='{.spec.nodeName}')" -o jsonpath='{.metadata.labels.topology\.kubernetes\.io/zone}'; echo
  done | sort -u | awk '{ printf "%s%s=%s", (NR > 1 ? " " : ""), $1, $1 }'
}
check "endpoints carry their node's zone and a PreferClose hint for it" eventually 10 is "$(node_zones)" zone_hints

# --- Selector-less Services are left alone --------------------------------
k apply -f - >/dev/null <<'YAML'
apiVersion: v1
kind: Service
metadata: {name: manual}
spec:
  ports: [{port: 80}]
YAML
sleep 0.5
check "no slices for a Service without selector" expect_eq 0 "$(slices manual | jq '.items | length')"
check "no Endpoints for it" eval '! k get endpoints manual >/dev/null 2>&1'

# --- 150 pods: two slices ---------------------------------------------------
cat >"$E2E_TMP/big.yaml" <<'YAML'
apiVersion: v1
kind: Service
metadata: {name: big}
spec:
  clusterIP: None
  selector: {app: big}
  ports: [{name: tcp, port: 5000}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: big}
spec:
  serviceName: big
  replicas: 150
  podManagementPolicy: Parallel
  selector: {matchLabels: {app: big}}
  template:
    metadata: {labels: {app: big}}
    spec:
      containers: [{name: c, image: busybox}]
YAML
k apply -f "$E2E_TMP/big.yaml" >/dev/null
check "150 replicas become Ready" eventually 60 ready_is big 150
big_sizes() { slices big | jq -r '[.items[] | .endpoints | length] | sort | join(" ")'; }
check "150 endpoints in two slices (100 + 50)" eventually 10 is "50 100" big_sizes
check "every big endpoint is ready" expect_eq 150 \
  "$(slices big | jq '[.items[].endpoints[] | select(.conditions.ready)] | length')"
check "Endpoints has 150 addresses, not over capacity" eventually 10 is "150 null" eval \
  "k get endpoints big -o json | jq -r '\"\([.subsets[].addresses[]] | length) \(.metadata.annotations.\"endpoints.kubernetes.io/over-capacity\")\"'"
k scale sts big --replicas=120 >/dev/null
check "scaled to 120: still two slices, the full one kept" eventually 20 is "20 100" big_sizes

# --- Service deletion -------------------------------------------------------
k delete svc big >/dev/null
check "slices of a deleted Service are removed" eventually 20 is 0 eval "slices big | jq '.items | length'"
check "so is its Endpoints" eventually 10 eval '! k get endpoints big >/dev/null 2>&1'

check "no reconcile errors logged" eval '! grep -E "(endpoint|endpoint_slice)\] Reconciler error" "$SERVER_LOG"'
check "metrics count slice changes" eventually 5 eval \
  "k get --raw /metrics | grep -q 'endpoint_slice_controller_changes{operation=\"create\"}'"
check "gauges: slices now and with perfect packing" eventually 5 eval \
  "k get --raw /metrics | grep -Eq '^endpoint_slice_controller_num_endpoint_slices [1-9]' &&
   k get --raw /metrics | grep -Eq '^endpoint_slice_controller_desired_endpoint_slices [1-9]'"
e2e_finish
