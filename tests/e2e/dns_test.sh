#!/usr/bin/env bash
# The cluster DNS built into `stead server`, queried with the real `dig` on
# a free loopback port: ClusterIP and headless Services (EndpointSlices
# written with kubectl, as any EndpointSlice producer does), hostname names,
# SRV, PTR, NXDOMAIN/NODATA, TCP and truncation, ExternalName, pod names,
# forwarding of other names to a fake upstream (dnsmasq on loopback with a
# hosts file, started here) and the cache of its replies, a name whose address changes, and the seed's
# headless qdrant-service with StatefulSet qdrant on a simulated node,
# published by the EndpointSlice controller.
source "$(dirname "$0")/lib.sh"
FIX=$(dirname "$0")/fixtures

# The fake upstream: answers outside.example from a hosts file, logs every
# query (so the test can see that no cluster.local name ever reaches it).
UP_PORT=$(free_dns_port)
echo "192.0.2.55 outside.example" >"$E2E_TMP/hosts"
dnsmasq --keep-in-foreground --conf-file=/dev/null --no-resolv --no-hosts \
  --addn-hosts="$E2E_TMP/hosts" --listen-address=127.0.0.1 --bind-interfaces \
  --port="$UP_PORT" --local-ttl=60 --user="$(id -un)" --pid-file= --log-queries \
  --log-facility="$E2E_TMP/dnsmasq.log" 2>>"$E2E_TMP/dnsmasq.err" &
E2E_PIDS+=($!)

e2e_start --dns-upstream "127.0.0.1:$UP_PORT" --simulated-nodes 1 --sim-start-delay 200ms || exit 1

q() { dig @127.0.0.1 -p "$DNS_PORT" +time=2 +tries=1 "$@"; }
short() { q +short "$@" | sort | tr '\n' ' ' | sed 's/ $//'; }
status() { q "$@" | sed -n 's/.*status: \([A-Z]*\),.*/\1/p'; }
answers() { q "$@" | sed -n 's/.*ANSWER: \([0-9]*\),.*/\1/p'; }
# Predicates (re-run by `eventually`): short_is WANT ARGS..., status_is
# WANT ARGS..., answers_are WANT ARGS..., nodata ARGS...
short_is() { local want=$1; shift; expect_eq "$want" "$(short "$@")"; }
status_is() { local want=$1; shift; expect_eq "$want" "$(status "$@")"; }
answers_are() { local want=$1; shift; expect_eq "$want" "$(answers "$@")"; }
nodata() { expect_eq "NOERROR 0" "$(status "$@") $(answers "$@")"; }
cname_chain_is() { expect_eq "$1" "$(q +short "${@:2}" | tr '\n' ' ' | sed 's/ $//')"; }

# EndpointSlice <name> <service> <port-name> <port> then "ip hostname ready" lines.
slice() {
  local name=$1 svc=$2 port_name=$3 port=$4; shift 4
  echo "apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: $name
  labels:
    kubernetes.io/service-name: $svc
addressType: IPv4
ports:
- name: $port_name
  port: $port
  protocol: TCP
endpoints:"
  local line ip host ready
  for line in "$@"; do
    read -r ip host ready <<<"$line"
    echo "- addresses: [\"$ip\"]"
    [ "$host" != "-" ] && echo "  hostname: $host"
    [ -n "$ready" ] && echo "  conditions: {ready: $ready}"
  done
}

check "the server logs that DNS serves" grep -q "dns\] serving zone=cluster.local" "$SERVER_LOG"
check "bootstrap created kube-system/kube-dns at 10.96.0.10" expect_eq \
  "10.96.0.10 dns:53/UDP dns-tcp:53/TCP metrics:9153/TCP kube-dns CoreDNS" \
  "$(k get svc -n kube-system kube-dns -o jsonpath='{.spec.clusterIP} {range .spec.ports[*]}{.name}:{.port}/{.protocol} {end}{.metadata.labels.k8s-app} {.metadata.labels.kubernetes\.io/name}')"
check "PTR of 10.96.0.10 is kube-dns (as nslookup shows it)" \
  short_is "kube-dns.kube-system.svc.cluster.local." -x 10.96.0.10
check "kubernetes.default is 10.96.0.1" short_is "10.96.0.1" kubernetes.default.svc.cluster.local

# A ClusterIP Service.
k create service clusterip web --tcp=80:8080 >/dev/null
WEB_IP=$(k get svc web -o jsonpath='{.spec.clusterIP}')
check "ClusterIP service A record" eventually 5 short_is "$WEB_IP" web.default.svc.cluster.local
check "answers are authoritative with TTL 5" expect_match \
  "flags: qr aa rd ra.*web\.default\.svc\.cluster\.local\. 5 IN A $WEB_IP" \
  "$(q web.default.svc.cluster.local +noall +comments +answer | tr '\n\t' '  ' | tr -s ' ')"
check "names are case-insensitive" short_is "$WEB_IP" WEB.Default.SVC.cluster.local
check "over TCP" short_is "$WEB_IP" +tcp web.default.svc.cluster.local
check "SRV of the named port" short_is "0 100 80 web.default.svc.cluster.local." \
  SRV _80-8080._tcp.web.default.svc.cluster.local
check "PTR of the ClusterIP" short_is "web.default.svc.cluster.local." -x "$WEB_IP"
check "unknown service is NXDOMAIN" expect_eq NXDOMAIN "$(status nope.default.svc.cluster.local)"
check "NXDOMAIN carries the SOA" expect_match \
  "cluster\.local\. 5 IN SOA ns\.dns\.cluster\.local\. hostmaster\.cluster\.local\. [0-9]+ 7200 1800 86400 5" \
  "$(q nope.default.svc.cluster.local +noall +authority | tr '\t' ' ' | tr -s ' ')"
check "AAAA of an IPv4 service is NODATA" nodata AAAA web.default.svc.cluster.local
check "NODATA carries the SOA" expect_match "IN SOA ns\.dns\.cluster\.local\." \
  "$(q AAAA web.default.svc.cluster.local +noall +authority | tr '\t' ' ')"
check "an existing namespace is NODATA, a missing one NXDOMAIN" expect_eq "NOERROR NXDOMAIN" \
  "$(status default.svc.cluster.local) $(status nosuchns.svc.cluster.local)"
check "zone apex SOA and NS" expect_eq "ns.dns.cluster.local." "$(short NS cluster.local)"
check "ns.dns.cluster.local is the kube-dns address" short_is "10.96.0.10" ns.dns.cluster.local
check "dns-version TXT" short_is '"1.1.0"' TXT dns-version.cluster.local
check "pod A record from the dashed address" short_is "10.244.0.5" 10-244-0-5.default.pod.cluster.local
check "NOTIFY is REFUSED" expect_eq REFUSED "$(status +opcode=notify cluster.local SOA)"

# A headless Service with hand-written EndpointSlices (a selector-less
# Service, whose endpoints are whatever slices name it).
k apply -f - >/dev/null <<'EOF'
apiVersion: v1
kind: Service
metadata: {name: db}
spec:
  clusterIP: None
  ports: [{name: api, port: 6333}]
EOF
slice db-1 db api 6333 "10.244.0.11 db-0 true" "10.244.0.12 db-1" "10.244.0.13 db-2 false" \
  "10.244.0.14 -" | k apply -f - >/dev/null
check "headless service answers every ready endpoint" eventually 5 short_is \
  "10.244.0.11 10.244.0.12 10.244.0.14" db.default.svc.cluster.local
check "hostname name of an endpoint" short_is "10.244.0.11" db-0.db.default.svc.cluster.local
check "a not-ready endpoint has no name" expect_eq NXDOMAIN "$(status db-2.db.default.svc.cluster.local)"
check "an endpoint without hostname gets the dashed name" short_is "10.244.0.14" \
  10-244-0-14.db.default.svc.cluster.local
check "SRV _api._tcp names each ready endpoint" short_is \
  "0 33 6333 10-244-0-14.db.default.svc.cluster.local. 0 33 6333 db-0.db.default.svc.cluster.local. 0 33 6333 db-1.db.default.svc.cluster.local." \
  SRV _api._tcp.db.default.svc.cluster.local
check "SRV answers come with the targets' addresses" expect_match \
  "db-0\.db\.default\.svc\.cluster\.local\. 5 IN A 10\.244\.0\.11" \
  "$(q SRV _api._tcp.db.default.svc.cluster.local +noall +additional | tr '\t' ' ' | tr -s ' ')"
check "_tcp.db is an empty non-terminal (NODATA)" expect_eq NOERROR "$(status _tcp.db.default.svc.cluster.local)"
check "PTR of an endpoint is its hostname name" short_is "db-0.db.default.svc.cluster.local." -x 10.244.0.11

# Truncation: a headless Service with 150 endpoints.
k apply -f - >/dev/null <<'EOF'
apiVersion: v1
kind: Service
metadata: {name: big}
spec:
  clusterIP: None
  ports: [{name: api, port: 80}]
EOF
mapfile -t eps < <(for i in $(seq 1 150); do echo "10.245.$((i / 200)).$((i % 200 + 1)) -"; done)
slice big-1 big api 80 "${eps[@]}" | k apply -f - >/dev/null
check "the large service resolves (dig retries over TCP)" eventually 5 answers_are 150 \
  big.default.svc.cluster.local
check "over UDP it is truncated to the EDNS size" expect_match "flags: qr aa tc rd ra" \
  "$(q +ignore +bufsize=1232 big.default.svc.cluster.local)"
check "a truncated reply fits in the EDNS size" expect_match "MSG SIZE +rcvd: (1[01][0-9][0-9]|12[0-3][0-9]|[0-9]{1,3})$" \
  "$(q +ignore +bufsize=1232 big.default.svc.cluster.local | grep 'MSG SIZE')"
check "without EDNS it fits in 512 bytes" expect_match "MSG SIZE +rcvd: ([1-4][0-9][0-9]|50[0-9]|51[0-2])$" \
  "$(q +ignore +noedns big.default.svc.cluster.local | grep 'MSG SIZE')"
check "over TCP nothing is truncated" expect_eq 150 "$(answers +tcp big.default.svc.cluster.local)"

# Forwarding to the upstream.
check "an outside name is forwarded" short_is "192.0.2.55" outside.example
check "over TCP too" short_is "192.0.2.55" +tcp outside.example
k create service externalname ext --external-name outside.example >/dev/null
check "ExternalName is a CNAME followed upstream" eventually 5 cname_chain_is \
  "outside.example. 192.0.2.55" ext.default.svc.cluster.local
check "no cluster.local query ever reached the upstream" \
  bash -c "! grep -q 'cluster\.local' '$E2E_TMP/dnsmasq.log'"
check "the upstream saw the forwarded queries" grep -q "query\[A\] outside.example" "$E2E_TMP/dnsmasq.log"
upstream_asked() { grep -c "query\[A\] outside.example from" "$E2E_TMP/dnsmasq.log"; }
asked=$(upstream_asked)
short outside.example >/dev/null
check "a repeated outside name is answered from the cache" expect_eq "$asked" "$(upstream_asked)"
check "cached answers count down their TTL" expect_match "outside\.example\. [0-9]+ IN A 192\.0\.2\.55" \
  "$(q outside.example +noall +answer | tr '\t' ' ' | tr -s ' ')"

# A name whose address changes resolves to the new one within a second.
slice db-1 db api 6333 "10.244.0.21 db-0 true" "10.244.0.12 db-1" | k apply -f - >/dev/null
changed=$EPOCHREALTIME
while [ "$(short db-0.db.default.svc.cluster.local)" != "10.244.0.21" ]; do
  awk -v a="$changed" -v b="$EPOCHREALTIME" 'BEGIN { exit !(b - a > 5) }' && break
  sleep 0.02
done
took=$(awk -v a="$changed" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f", b - a }')
check "db-0 resolves to its new address within 1 s (took ${took}s)" \
  awk -v t="$took" 'BEGIN { exit !(t < 1.0) }'
check "the old address has no PTR any more" expect_eq "" "$(short -x 10.244.0.11 | grep db-0)"
k delete endpointslice db-1 >/dev/null
check "without ready endpoints the headless service is NXDOMAIN (spec 2.4.1)" eventually 5 \
  status_is NXDOMAIN db.default.svc.cluster.local
k delete svc web >/dev/null
check "a deleted service is NXDOMAIN" eventually 5 status_is NXDOMAIN web.default.svc.cluster.local

# The seed's headless qdrant-service and StatefulSet qdrant: the
# EndpointSlice controller publishes the pods, the DNS follows.
k apply -f "$FIX/qdrant-service.yaml" >/dev/null
k apply -f "$FIX/qdrant-statefulset.yaml" >/dev/null
sts_ready() { test "$(k get sts qdrant -o jsonpath='{.status.readyReplicas}')" = 3; }
pod_ip() { k get pod "$1" -o jsonpath='{.status.podIP}'; }
pod_ips() { for p in qdrant-0 qdrant-1 qdrant-2; do pod_ip $p; echo; done | sort | tr '\n' ' ' | sed 's/ $//'; }
check "qdrant becomes Ready (3/3)" eventually 60 sts_ready
check "qdrant-0.qdrant-service resolves to qdrant-0's pod IP" eventually 5 short_is \
  "$(pod_ip qdrant-0)" qdrant-0.qdrant-service.default.svc.cluster.local
check "nslookup shows the seed's answer" expect_match \
  "Name:[[:space:]]+qdrant-0\.qdrant-service\.default\.svc\.cluster\.local[[:space:]]+Address: $(pod_ip qdrant-0)" \
  "$(nslookup -port="$DNS_PORT" qdrant-0.qdrant-service.default.svc.cluster.local 127.0.0.1 | tr '\n' ' ')"
check "qdrant-service returns all three pods" eventually 5 short_is "$(pod_ips)" \
  qdrant-service.default.svc.cluster.local
check "SRV _api._tcp.qdrant-service names the three pods" expect_eq \
  "0 33 6333 qdrant-0.qdrant-service.default.svc.cluster.local. 0 33 6333 qdrant-1.qdrant-service.default.svc.cluster.local. 0 33 6333 qdrant-2.qdrant-service.default.svc.cluster.local." \
  "$(short SRV _api._tcp.qdrant-service.default.svc.cluster.local)"
check "PTR of qdrant-1's IP" short_is "qdrant-1.qdrant-service.default.svc.cluster.local." -x "$(pod_ip qdrant-1)"

# A pod that stops being Ready leaves the answer, unless the Service
# publishes not-ready addresses.
IP2=$(pod_ip qdrant-2)
k annotate pod qdrant-2 sim.stead.dev/ready=false >/dev/null
check "a not-ready pod disappears from the service name" eventually 10 short_is \
  "$(pod_ip qdrant-0) $(pod_ip qdrant-1)" qdrant-service.default.svc.cluster.local
check "and its own name is gone" eventually 5 status_is NXDOMAIN qdrant-2.qdrant-service.default.svc.cluster.local
k patch svc qdrant-service -p '{"spec":{"publishNotReadyAddresses":true}}' >/dev/null
check "with publishNotReadyAddresses it is back" eventually 10 short_is "$IP2" \
  qdrant-2.qdrant-service.default.svc.cluster.local
k patch svc qdrant-service -p '{"spec":{"publishNotReadyAddresses":false}}' >/dev/null
k annotate pod qdrant-2 sim.stead.dev/ready- >/dev/null

# The pod is recreated with a new IP: the name follows within a second of
# the new pod being Ready. A pod watch and a dig loop, both timestamping
# what they see, run across the deletion.
OLD_IP=$(pod_ip qdrant-0)
OLD_UID=$(k get pod qdrant-0 -o jsonpath='{.metadata.uid}')
mkfifo "$E2E_TMP/pod.fifo"
k get pod qdrant-0 --watch -o jsonpath='{.metadata.uid} {.status.podIP} {.status.conditions[?(@.type=="Ready")].status}{"\n"}' \
  >"$E2E_TMP/pod.fifo" 2>/dev/null &
KWATCH_PID=$!
while read -r uid ip ready; do echo "$EPOCHREALTIME $uid $ip $ready"; done <"$E2E_TMP/pod.fifo" >"$E2E_TMP/pod.watch" &
WATCH_PID=$!
E2E_PIDS+=("$KWATCH_PID" "$WATCH_PID")
(while :; do echo "$EPOCHREALTIME $(short qdrant-0.qdrant-service.default.svc.cluster.local)"; sleep 0.01; done) \
  >"$E2E_TMP/dig.loop" &
DIG_PID=$!
E2E_PIDS+=("$DIG_PID")
sleep 0.3
k delete pod qdrant-0 --wait=false >/dev/null
new_pod_ready() { awk -v old="$OLD_UID" '$2 != old && $4 == "True" { found = 1 } END { exit !found }' "$E2E_TMP/pod.watch"; }
check "qdrant-0 is recreated and Ready" eventually 60 new_pod_ready
NEW_IP=$(awk -v old="$OLD_UID" '$2 != old && $4 == "True" { print $3; exit }' "$E2E_TMP/pod.watch")
READY_AT=$(awk -v old="$OLD_UID" '$2 != old && $4 == "True" { print $1; exit }' "$E2E_TMP/pod.watch")
dns_has_new_ip() { awk -v ip="$NEW_IP" '$2 == ip { found = 1 } END { exit !found }' "$E2E_TMP/dig.loop"; }
eventually 5 dns_has_new_ip
kill "$DIG_PID" "$KWATCH_PID" "$WATCH_PID" 2>/dev/null
ANSWERED_AT=$(awk -v ip="$NEW_IP" '$2 == ip { print $1; exit }' "$E2E_TMP/dig.loop")
took=$(awk -v a="$READY_AT" -v b="$ANSWERED_AT" 'BEGIN { printf "%.3f", b - a }')
check "the new pod has a new IP ($OLD_IP -> $NEW_IP)" test -n "$NEW_IP" -a "$NEW_IP" != "$OLD_IP"
check "qdrant-0.qdrant-service resolves to the new IP within 1 s of Ready (${took}s)" \
  awk -v t="$took" -v ans="$ANSWERED_AT" 'BEGIN { exit !(ans != "" && t < 1.0) }'
check "nobody was told the old IP after the new pod was Ready" \
  awk -v ip="$OLD_IP" -v t="$READY_AT" '$2 == ip && $1 > t + 1 { bad = 1 } END { exit bad }' "$E2E_TMP/dig.loop"

# The defaults, in a network namespace of our own (so port 53 and the
# 10.96.0.10 address touch nothing outside it): without --dns-listen the
# server answers on 127.0.0.1:53, and on 10.96.0.10:53 as soon as an
# interface gets that address (the node bridge does, later than the server
# starts).
NS=stead-dns-$$
dns_cleanup() { e2e_cleanup; ip netns del "$NS" 2>/dev/null; }
trap dns_cleanup EXIT
if ip netns add "$NS" 2>/dev/null; then
  ip netns exec "$NS" ip link set lo up
  ip netns exec "$NS" "$STEAD_BIN" server --data-dir "$E2E_TMP/nsdata" --listen 127.0.0.1:0 \
    --no-controllers >"$E2E_TMP/ns.log" 2>&1 &
  E2E_PIDS+=($!)
  ns_dig() { ip netns exec "$NS" dig +time=1 +tries=1 +short "$@"; }
  ns_serving() { grep -q "dns\] serving" "$E2E_TMP/ns.log"; }
  check "in a fresh netns the server starts with the default DNS addresses" eventually 20 ns_serving
  check "the default 127.0.0.1:53 answers" expect_eq "10.96.0.1" \
    "$(ns_dig @127.0.0.1 kubernetes.default.svc.cluster.local)"
  check "10.96.0.10 is not served while no interface has it" \
    bash -c "! grep -q 'listening address=10.96.0.10' '$E2E_TMP/ns.log'"
  ip netns exec "$NS" ip addr add 10.96.0.10/32 dev lo
  ns_answers_on_dns_ip() { expect_eq "10.96.0.1" "$(ns_dig @10.96.0.10 kubernetes.default.svc.cluster.local)"; }
  check "once the address appears, 10.96.0.10:53 answers" eventually 10 ns_answers_on_dns_ip
  check "nslookup through 10.96.0.10 names the server kube-dns" expect_eq "kube-dns.kube-system.svc.cluster.local." \
    "$(ns_dig @10.96.0.10 -x 10.96.0.10)"
else
  echo "skip - network namespace checks (ip netns add failed; needs root)"
fi

check "metrics count the requests" expect_match 'dns_requests_total\{proto="udp",rcode="NXDOMAIN",type="A"\} [1-9]' \
  "$(k get --raw /metrics)"
check "zone size metrics" expect_match 'dns_zone_services [0-9]+' "$(k get --raw /metrics)"
check "cache metrics" expect_match 'dns_cache_hits_total [1-9]' "$(k get --raw /metrics)"

e2e_finish
