#!/usr/bin/env bash
# ClusterIP Services with real traffic: `stead server --proxy-mode nftables`
# runs inside a "node" network namespace this test creates (so every nft
# rule lives there, never in the host's netfilter), with a client and three
# backends in namespaces of their own:
#
#   client 10.244.98.2/24 ──veth── node 10.244.98.1   node: bridge br0 10.244.99.1/24
#                                                       ├─veth── b1 10.244.99.11/24
#                                                       ├─veth── b2 10.244.99.12/24
#                                                       └─veth── b3 10.244.99.13/24
#
# The client sits on its own subnet so that replies from the backends are
# routed back through the node, where conntrack reverses the DNAT (stead does
# no SNAT; on one shared L2 segment the backend would answer the client
# directly). Routes exist only for the test subnets and the service CIDR
# 10.96.0.0/12 (never a default route); IP forwarding is enabled inside the
# node namespace only. Backends run small python3 TCP and UDP servers that
# answer with their own name. Every namespace is deleted on exit.
#
# Needs root, iproute2, nftables, conntrack and python3; skipped (exit 0)
# otherwise.
source "$(dirname "$0")/lib.sh"

if [ "$(id -u)" != 0 ] || ! command -v nft >/dev/null || ! command -v ip >/dev/null ||
  ! command -v conntrack >/dev/null; then
  echo "skipped: needs root, ip, nft and conntrack"
  exit 0
fi

NODE=stead-node-$$
CLIENT=stead-client-$$
BACKENDS=(b1 b2 b3)
NETNS=("$NODE" "$CLIENT")
for b in "${BACKENDS[@]}"; do NETNS+=("stead-$b-$$"); done

cleanup() {
  e2e_cleanup
  local ns
  for ns in "${NETNS[@]}"; do ip netns del "$ns" 2>/dev/null; done
}
trap cleanup EXIT

in_ns() { local ns=$1; shift; ip netns exec "$ns" "$@"; }

setup_network() {
  local ns
  for ns in "${NETNS[@]}"; do ip netns add "$ns" || return 1; ip -n "$ns" link set lo up; done
  in_ns "$NODE" sysctl -qw net.ipv4.ip_forward=1 || return 1
  # The rejects are ICMP errors, which the kernel rate-limits per client
  # (icmp_ratelimit); the test sends many in a row.
  in_ns "$NODE" sysctl -qw net.ipv4.icmp_ratelimit=0 || return 1
  ip -n "$NODE" link add br0 type bridge
  ip -n "$NODE" addr add 10.244.99.1/24 dev br0
  ip -n "$NODE" link set br0 up
  # Without a route for the service CIDR, traffic to a ClusterIP with no
  # endpoints would be refused by routing before it reaches stead's rules.
  ip -n "$NODE" route add 10.96.0.0/12 dev br0
  ip -n "$NODE" link add vc type veth peer name eth0 netns "$CLIENT"
  ip -n "$NODE" addr add 10.244.98.1/24 dev vc
  ip -n "$NODE" link set vc up
  ip -n "$CLIENT" addr add 10.244.98.2/24 dev eth0
  ip -n "$CLIENT" link set eth0 up
  ip -n "$CLIENT" route add 10.96.0.0/12 via 10.244.98.1
  ip -n "$CLIENT" route add 10.244.99.0/24 via 10.244.98.1
  local i=11 b
  for b in "${BACKENDS[@]}"; do
    ns=stead-$b-$$
    ip -n "$NODE" link add "v$b" type veth peer name eth0 netns "$ns"
    ip -n "$NODE" link set "v$b" master br0 up
    ip -n "$ns" addr add "10.244.99.$i/24" dev eth0
    ip -n "$ns" link set eth0 up
    ip -n "$ns" route add 10.244.98.0/24 via 10.244.99.1
    i=$((i + 1))
  done
}

# A backend: TCP 8080 and UDP 5353 answer with the backend's name.
start_backend() {
  local name=$1
  in_ns "stead-$name-$$" python3 -u -c '
import socket, sys, threading
name = sys.argv[1].encode()
def udp():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("0.0.0.0", 5353))
    while True:
        _, addr = s.recvfrom(512)
        s.sendto(name, addr)
threading.Thread(target=udp, daemon=True).start()
t = socket.socket()
t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
t.bind(("0.0.0.0", 8080))
t.listen(128)
print("listening", flush=True)
while True:
    c, _ = t.accept()
    c.sendall(name)
    c.close()
' "$name" >>"$E2E_TMP/$name.log" 2>&1 &
  E2E_PIDS+=($!)
}

# probe tcp|udp IP PORT N [affinity]: N fresh connections (TCP) or sockets
# (UDP) from the client; prints "b1=n b2=n b3=n refused=n timeout=n".
probe() {
  in_ns "$CLIENT" python3 -c '
import socket, sys, collections
proto, ip, port, n = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
counts = collections.Counter()
for _ in range(n):
    try:
        if proto == "tcp":
            s = socket.create_connection((ip, port), timeout=2)
            data = s.recv(64)
        else:
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.settimeout(2)
            s.connect((ip, port))
            s.send(b"who")
            data = s.recv(64)
        counts[data.decode() or "empty"] += 1
        s.close()
    except ConnectionRefusedError:
        counts["refused"] += 1
    except OSError:
        counts["timeout"] += 1
print(" ".join("%s=%d" % (k, counts[k]) for k in ["b1", "b2", "b3", "refused", "timeout"]))
' "$@"
}

count_of() { [[ "$2" =~ (^| )$1=([0-9]+) ]] && echo "${BASH_REMATCH[2]}"; }

# expect_balanced RESULT N: every backend answered, each at least N times,
# and nothing failed.
expect_balanced() {
  local result=$1 min=$2 b
  echo "$result"
  for b in b1 b2 b3; do
    [ "$(count_of "$b" "$result")" -ge "$min" ] || { echo "$b got less than $min"; return 1; }
  done
  [ "$(count_of refused "$result")" = 0 ] && [ "$(count_of timeout "$result")" = 0 ]
}

slice() {  # slice NAME SERVICE IP...: an EndpointSlice with http/8080 and dns/5353
  local name=$1 service=$2; shift 2
  cat <<EOF
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: $name
  namespace: default
  labels: {kubernetes.io/service-name: $service}
addressType: IPv4
ports:
- {name: http, port: 8080, protocol: TCP}
- {name: dns, port: 5353, protocol: UDP}
endpoints:
EOF
  local ip
  for ip in "$@"; do echo "- {addresses: [$ip], conditions: {ready: true}}"; done
}

service() {  # service NAME CLUSTER_IP [extra spec lines]
  cat <<EOF
apiVersion: v1
kind: Service
metadata: {name: $1, namespace: default}
spec:
  clusterIP: $2
  ports:
  - {name: http, port: 80, protocol: TCP, targetPort: http}
  - {name: dns, port: 53, protocol: UDP, targetPort: dns}
${3:-}
EOF
}

nft_node() { in_ns "$NODE" nft "$@"; }

check "network namespaces, bridge and veths" setup_network
for b in "${BACKENDS[@]}"; do start_backend "$b"; done
backends_listening() { grep -q listening "$E2E_TMP/b1.log" && grep -q listening "$E2E_TMP/b2.log" &&
  grep -q listening "$E2E_TMP/b3.log"; }
check "backends listen" eventually 10 backends_listening

# Before stead starts: a table of someone else's that must stay untouched,
# and a stale `ip stead` table as a crashed run would leave.
nft_node -f - <<'EOF'
table inet e2e-keep {
  chain input { type filter hook input priority 0; policy accept; tcp dport 9999 accept; }
}
table ip stead {
  chain leftover-from-crash { }
}
EOF
KEEP_BEFORE=$(nft_node list table inet e2e-keep)

E2E_EXEC=(ip netns exec "$NODE")
e2e_start --simulated-nodes 1 --proxy-mode nftables --proxy-min-sync-period 50ms \
  --log-level info || exit 1

table_programmed() { nft_node list table ip stead | grep -q 'map service-ips'; }
check "stead programs its table" eventually 10 table_programmed
stale_replaced() { ! nft_node list table ip stead | grep -q leftover-from-crash; }
check "a stale table from a crashed run is replaced" stale_replaced
check "the replacement is logged" grep -q "replacing the nftables table left by an earlier run" \
  "$SERVER_LOG"

apply() { k apply -f - >/dev/null; }
create_web() {
  { service web 10.96.100.10; echo ---; slice web-1 web 10.244.99.11 10.244.99.12 10.244.99.13; } |
    k apply -f -
}
check "selector-less Service + EndpointSlice with three backends" create_web
vip_ready() { nft_node list map ip stead service-ips | grep -q '10.96.100.10 . tcp . 80'; }
check "the VIP is programmed" eventually 10 vip_ready

TCP=$(probe tcp 10.96.100.10 80 90)
check "90 TCP connections to the VIP are balanced over all three backends" expect_balanced "$TCP" 12
UDP=$(probe udp 10.96.100.10 53 90)
check "90 UDP queries to the VIP are balanced over all three backends" expect_balanced "$UDP" 12
echo "     TCP: $TCP; UDP: $UDP"

# Removing b3 from the slice stops traffic to it promptly.
start=$EPOCHREALTIME
slice web-1 web 10.244.99.11 10.244.99.12 | apply
b3_gone() {
  ! nft_node list table ip stead | grep -q 'dnat to 10.244.99.13:8080'
}
check "b3's endpoint chains leave the ruleset" eventually 5 b3_gone
echo "     endpoint removal programmed in $(elapsed_since "$start")"
only_b1_b2() {
  local r; r=$(probe tcp 10.96.100.10 80 30); echo "$r"
  [ "$(count_of b3 "$r")" = 0 ] && [ "$(count_of b1 "$r")" -gt 0 ] &&
    [ "$(count_of b2 "$r")" -gt 0 ] && [ "$(count_of timeout "$r")" = 0 ]
}
check "after removal, traffic reaches b1 and b2 only" only_b1_b2
only_b1_b2_udp() {
  local r; r=$(probe udp 10.96.100.10 53 30); echo "$r"
  [ "$(count_of b3 "$r")" = 0 ] && [ "$(count_of b1 "$r")" -gt 0 ] && [ "$(count_of b2 "$r")" -gt 0 ]
}
check "after removal, UDP reaches b1 and b2 only" only_b1_b2_udp

# A UDP client that keeps its source port stays on one conntrack flow; when
# its endpoint goes away the flow is deleted, so it moves to another one.
udp_fixed() {  # udp_fixed SRC_PORT N: N queries from one socket; prints the answers
  in_ns "$CLIENT" python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", int(sys.argv[1])))
s.settimeout(2)
out = []
for _ in range(int(sys.argv[2])):
    try:
        s.sendto(b"who", ("10.96.100.10", 53))
        out.append(s.recv(64).decode())
    except OSError:
        out.append("timeout")
print(" ".join(out))
' "$@"
}
FIRST=$(udp_fixed 45000 5)
STUCK=${FIRST%% *}
one_flow() { echo "$FIRST"; [[ "$STUCK" =~ ^b[12]$ ]] && [ "$FIRST" = "$STUCK $STUCK $STUCK $STUCK $STUCK" ]; }
check "a fixed-port UDP client stays on one backend (one conntrack flow)" one_flow
if [ "$STUCK" = b1 ]; then KEEP=b2; KEEP_IP=10.244.99.12; else KEEP=b1; KEEP_IP=10.244.99.11; fi
slice web-1 web "$KEEP_IP" | apply
moved() { local r; r=$(udp_fixed 45000 3); echo "$r"; [ "$r" = "$KEEP $KEEP $KEEP" ]; }
check "after its backend is removed, the same UDP flow reaches the remaining one" eventually 5 moved
conntrack_metric() {
  k get --raw /metrics | grep -E '^kubeproxy_conntrack_reconciler_deleted_entries_total [1-9]'
}
check "the stale flow was deleted by the conntrack reconciler" conntrack_metric
slice web-1 web 10.244.99.11 10.244.99.12 | apply

# A Service without endpoints is refused at once, TCP and UDP.
service empty 10.96.100.11 | apply
empty_programmed() { nft_node list map ip stead no-endpoint-services | grep -q 10.96.100.11; }
check "a Service without endpoints is in no-endpoint-services" eventually 5 empty_programmed
refused() {
  local r start=$EPOCHREALTIME; r=$(probe "$1" 10.96.100.11 "$2" 5); echo "$r in $(elapsed_since "$start")"
  [ "$(count_of refused "$r")" = 5 ]
}
check "TCP to a Service without endpoints: connection refused (not a timeout)" refused tcp 80
check "UDP to a Service without endpoints: port unreachable" refused udp 53
wrong_port() {
  local r; r=$(probe tcp 10.96.100.10 81 3); echo "$r"
  [ "$(count_of refused "$r")" = 3 ]
}
check "a ClusterIP on a port it does not serve is refused" wrong_port

# sessionAffinity ClientIP: every connection from the client sticks to one backend.
{ service sticky 10.96.100.12 "  sessionAffinity: ClientIP
  sessionAffinityConfig: {clientIP: {timeoutSeconds: 60}}"; echo ---
  slice sticky-1 sticky 10.244.99.11 10.244.99.12 10.244.99.13; } | apply
sticky_ready() { nft_node list map ip stead service-ips | grep -q '10.96.100.12 . tcp . 80'; }
check "the affinity Service is programmed" eventually 5 sticky_ready
sticks() {
  local r; r=$(probe tcp 10.96.100.12 80 40); echo "$r"
  local hit=0 b
  for b in b1 b2 b3; do [ "$(count_of "$b" "$r")" = 40 ] && hit=1; done
  [ $hit = 1 ]
}
check "session affinity ClientIP: 40 connections, one backend" sticks
affinity_set_filled() { nft_node list table ip stead | grep -A6 'set affinity-' | grep -q 10.244.98.2; }
check "the client's address is in an affinity set" affinity_set_filled

metrics() {
  local m; m=$(k get --raw /metrics)
  grep -E '^kubeproxy_sync_proxy_rules_duration_seconds_count [1-9]' <<<"$m" &&
    grep -E '^stead_proxy_programmed_services 4$' <<<"$m" &&
    grep -E '^kubeproxy_sync_proxy_rules_nftables_sync_failures_total 0$' <<<"$m"
}
check "sync metrics" metrics

keep_untouched() { expect_eq "$KEEP_BEFORE" "$(nft_node list table inet e2e-keep)"; }
check "the unrelated nft table is untouched while stead runs" keep_untouched

kill -TERM "$SERVER_PID"
stopped() { ! kill -0 "$SERVER_PID" 2>/dev/null; }
check "stead stops on SIGTERM" eventually 20 stopped
wait "$SERVER_PID" 2>/dev/null
table_gone() { ! nft_node list table ip stead >/dev/null 2>&1; }
check "after SIGTERM the stead table is gone" table_gone
check "the unrelated nft table is still untouched" keep_untouched
after_stop() {
  local r; r=$(probe tcp 10.96.100.10 80 2); echo "$r"
  [ "$(count_of b1 "$r")$(count_of b2 "$r")" = 00 ]
}
check "the VIP no longer answers once stead is gone" after_stop

e2e_finish
