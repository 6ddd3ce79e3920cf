#!/usr/bin/env bash
# The EndpointSliceMirroring controller end to end with the real kubectl
# and dig: a selector-less Service `external-db` with hand-written Endpoints
# (two addresses, one notReadyAddress) gets a mirrored EndpointSlice, the
# cluster DNS answers its ClusterIP and, for a headless variant, the two
# ready addresses; the slice follows updates of the Endpoints and goes when
# the Endpoints is labelled skip-mirror=true, when the Service gains a
# selector (the EndpointSlice controller takes over) and when the
# Endpoints is deleted; a subset of 1005 addresses is mirrored up to 1000,
# with a TooManyAddressesToMirror event.
source "$(dirname "$0")/lib.sh"

e2e_start || exit 1

MIRROR=endpointslicemirroring-controller.k8s.io
slices() { k get endpointslices -l "kubernetes.io/service-name=$1" -o json; }
mirrored() { slices "$1" | jq "[.items[] | select(.metadata.labels[\"endpointslice.kubernetes.io/managed-by\"] == \"$MIRROR\")]"; }
count() { mirrored "$1" | jq length; }
# "ip ready" per endpoint of the mirrored slices, sorted, on one line.
endpoints_of() { mirrored "$1" | jq -r '[.[].endpoints[]? | "\(.addresses[0]) \(.conditions.ready)"] | sort | join(", ")'; }
is() { expect_eq "$1" "$("${@:2}")"; }
dig_short() { dig @127.0.0.1 -p "$DNS_PORT" +time=2 +tries=1 +short "$1" | sort | xargs; }

# endpoints_yaml NAME "ready ips" "not-ready ips" [labels]
endpoints_yaml() {
  echo "apiVersion: v1
kind: Endpoints
metadata:
  name: $1
  labels: {${4:-}}
  annotations: {owner: dba}
subsets:
- ports: [{name: pg, port: 5432, protocol: TCP}]"
  local ip
  [ -n "$2" ] && { echo "  addresses:"; for ip in $2; do echo "  - ip: $ip"; done; }
  [ -n "$3" ] && { echo "  notReadyAddresses:"; for ip in $3; do echo "  - ip: $ip"; done; }
}

k apply -f - >/dev/null <<'YAML'
apiVersion: v1
kind: Service
metadata: {name: external-db}
spec:
  ports: [{name: pg, port: 5432}]
---
apiVersion: v1
kind: Service
metadata: {name: external-db-headless}
spec:
  clusterIP: None
  ports: [{name: pg, port: 5432}]
YAML
endpoints_yaml external-db "10.20.0.1 10.20.0.2" "10.20.0.3" | k apply -f - >/dev/null
endpoints_yaml external-db-headless "10.20.1.1 10.20.1.2" "10.20.1.3" | k apply -f - >/dev/null

# --- The mirrored slice ------------------------------------------------------
check "one mirrored slice for external-db" eventually 10 is 1 count external-db
check "three endpoints with their ready conditions" is \
  "10.20.0.1 true, 10.20.0.2 true, 10.20.0.3 false" endpoints_of external-db
SLICE=$(mirrored external-db | jq -r '.[0].metadata.name')
check "named <endpoints>-..." expect_match '^external-db-[a-z0-9]+$' "$SLICE"
check "port 5432, IPv4, labels, owner Endpoints, annotation copied" is \
  "pg 5432 TCP IPv4 external-db Endpoints external-db true dba" \
  bash -c "$(declare -f k slices mirrored); MIRROR=$MIRROR; mirrored external-db | jq -r '.[0] |
    \"\(.ports[0].name) \(.ports[0].port) \(.ports[0].protocol) \(.addressType) \(.metadata.labels[\"kubernetes.io/service-name\"]) \(.metadata.ownerReferences[0].kind) \(.metadata.ownerReferences[0].name) \(.metadata.ownerReferences[0].controller) \(.metadata.annotations.owner)\"'"

# --- DNS ---------------------------------------------------------------------
DB_IP=$(k get svc external-db -o jsonpath='{.spec.clusterIP}')
check "DNS: external-db is its ClusterIP" eventually 5 is "$DB_IP" \
  dig_short external-db.default.svc.cluster.local
check "DNS: headless external-db-headless is the two ready addresses" eventually 5 is \
  "10.20.1.1 10.20.1.2" dig_short external-db-headless.default.svc.cluster.local

# --- Updates -----------------------------------------------------------------
endpoints_yaml external-db "10.20.0.1 10.20.0.3" "10.20.0.4" | k apply -f - >/dev/null
check "an updated Endpoints updates the slice" eventually 5 is \
  "10.20.0.1 true, 10.20.0.3 true, 10.20.0.4 false" endpoints_of external-db
check "in place (same slice)" is "$SLICE" bash -c \
  "$(declare -f k slices mirrored); MIRROR=$MIRROR; mirrored external-db | jq -r '.[0].metadata.name'"
endpoints_yaml external-db-headless "10.20.1.1 10.20.1.2 10.20.1.3" "" | k apply -f - >/dev/null
check "DNS follows: three ready headless addresses" eventually 5 is \
  "10.20.1.1 10.20.1.2 10.20.1.3" dig_short external-db-headless.default.svc.cluster.local

# --- skip-mirror -------------------------------------------------------------
k label endpoints external-db-headless endpointslice.kubernetes.io/skip-mirror=true >/dev/null
check "skip-mirror=true removes the mirrored slice" eventually 5 is 0 count external-db-headless
k label endpoints external-db-headless endpointslice.kubernetes.io/skip-mirror- >/dev/null
check "removing the label mirrors it again" eventually 5 is 1 count external-db-headless

# --- The Service gains a selector ---------------------------------------------
k patch svc external-db-headless -p '{"spec":{"selector":{"app":"db"}}}' >/dev/null
check "a selector removes the mirrored slice" eventually 5 is 0 count external-db-headless
check "the EndpointSlice controller's slice takes over" eventually 5 is \
  "endpointslice-controller.k8s.io" bash -c \
  "$(declare -f k slices); slices external-db-headless | jq -r '[.items[].metadata.labels[\"endpointslice.kubernetes.io/managed-by\"]] | unique | join(\" \")'"

# --- More than 1000 addresses in a subset -------------------------------------
k apply -f - >/dev/null <<'YAML'
apiVersion: v1
kind: Service
metadata: {name: big-db}
spec:
  ports: [{name: pg, port: 5432}]
YAML
{
  echo '{"apiVersion":"v1","kind":"Endpoints","metadata":{"name":"big-db"},"subsets":[{"ports":[{"name":"pg","port":5432}],"addresses":['
  for i in $(seq 0 1004); do
    [ "$i" -gt 0 ] && printf ','
    printf '{"ip":"10.30.%d.%d"}' $((i / 250)) $((i % 250 + 1))
  done
  echo ']}]}'
} | k create -f - >/dev/null
check "1000 of 1005 addresses mirrored" eventually 10 is 1000 bash -c \
  "$(declare -f k slices mirrored); MIRROR=$MIRROR; mirrored big-db | jq '[.[].endpoints[]] | length'"
events_of() { k get events --field-selector "involvedObject.name=$1" -o json | jq -r '.items[] | "\(.type) \(.reason) \(.involvedObject.kind) \(.message)"'; }
matches() { expect_match "$1" "$("${@:2}")"; }
check "TooManyAddressesToMirror Warning event on the Endpoints" eventually 10 matches \
  "Warning TooManyAddressesToMirror Endpoints A max of 1000 addresses can be mirrored to EndpointSlices per Endpoints subset. 5 addresses were skipped" \
  events_of big-db
check "mirroring metrics" expect_match \
  'endpoint_slice_mirroring_controller_changes\{operation="create"\} [1-9]' "$(k get --raw /metrics)"

# --- Deleting the Endpoints ---------------------------------------------------
k delete endpoints external-db >/dev/null
check "deleting the Endpoints removes the slice" eventually 5 is 0 count external-db

e2e_finish
