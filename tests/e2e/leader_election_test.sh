#!/usr/bin/env bash
# Two `stead server` processes on one etcd form one cluster: both serve the
# API, exactly one (the holder of the kube-system/stead-controller-manager
# Lease) runs the controllers, and when it dies the other takes over.
source "$(dirname "$0")/lib.sh"
check "etcd starts" e2e_start_etcd || { e2e_finish; exit 1; }

DATA_DIR=$E2E_TMP/a SERVER_LOG=$E2E_TMP/a.log e2e_start --etcd-servers "$ETCD_URL" || exit 1
PID_A=$SERVER_PID; KUBE_A=$KUBECONFIG
leads() { grep -q "started controller=statefulset" "$1"; }
check "server A campaigns and leads" eventually 20 leads "$E2E_TMP/a.log"
DATA_DIR=$E2E_TMP/b SERVER_LOG=$E2E_TMP/b.log e2e_start --etcd-servers "$ETCD_URL" \
  --simulated-nodes 2 --sim-start-delay 100ms --sim-stop-delay 50ms || exit 1
PID_B=$SERVER_PID; KUBE_B=$KUBECONFIG
ka() { KUBECONFIG=$KUBE_A k "$@"; }
kb() { KUBECONFIG=$KUBE_B k "$@"; }

observed_a() { grep -q "leader observed.*self=false" "$E2E_TMP/b.log"; }
check "server B observes A as the leader" eventually 10 observed_a
holder() { kb -n kube-system get lease stead-controller-manager -o jsonpath='{.spec.holderIdentity}'; }
leader_a=$(grep -o 'leader observed leader=[^ ]* self=true' "$E2E_TMP/a.log" | head -1 | sed 's/.*leader=\([^ ]*\) .*/\1/')
check "the Lease names A, read through B" expect_eq "$leader_a" "$(holder)"
check "B's nodes are visible through A" eventually 10 eval '[ "$(ka get nodes -o name | wc -l)" -eq 2 ]'

# A StatefulSet created through B is run by A's controllers on B's nodes.
kb create service clusterip qdrant-service --clusterip=None >/dev/null
kb apply -f - >/dev/null <<'YAML'
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  serviceName: qdrant-service
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: app, image: nginx:1.27}]
YAML
ready_is() { [ "$(ka get sts web -o jsonpath='{.status.readyReplicas}')" = "$1" ]; }
check "web reaches 3/3 Ready" eventually 60 ready_is 3
creates() { kb get events --field-selector involvedObject.kind=StatefulSet,involvedObject.name=web,reason=SuccessfulCreate -o json | jq '[.items[] | .count // 1] | add // 0'; }
creates_are() { [ "$(creates)" = "$1" ]; }
check "each pod was created exactly once" eventually 5 creates_are 3
check "B runs no controllers while A leads" eval '! grep -q "controller=" "$E2E_TMP/b.log"'

# A dies without releasing the Lease: B takes over once it expires (15 s).
kill -9 "$PID_A"; wait "$PID_A" 2>/dev/null
check "B takes over after the lease duration" eventually 40 leads "$E2E_TMP/b.log"
check "the Lease now names B" eventually 10 eval '[ -n "$(holder)" ] && [ "$(holder)" != "$leader_a" ]'
check "transitions counted" expect_eq 1 "$(kb -n kube-system get lease stead-controller-manager -o jsonpath='{.spec.leaseTransitions}')"
kb scale sts web --replicas=4 >/dev/null
check "B's controllers scale web to 4" eventually 60 eval '[ "$(kb get sts web -o jsonpath="{.status.readyReplicas}")" = 4 ]'
check "web-3 exists" eventually 10 eval 'kb get pod web-3 >/dev/null'
check "still one SuccessfulCreate per pod" eventually 5 creates_are 4

# A restarted on the same etcd and data dir rejoins as a follower.
DATA_DIR=$E2E_TMP/a SERVER_LOG=$E2E_TMP/a2.log e2e_start --etcd-servers "$ETCD_URL" || exit 1
observed_b() { grep -q "leader observed.*self=false" "$E2E_TMP/a2.log"; }
check "restarted A follows B" eventually 10 observed_b
check "restarted A sees every object" expect_eq 4 "$(ka get pods -l app=web -o name | wc -l)"
e2e_finish
