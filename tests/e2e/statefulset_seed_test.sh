#!/usr/bin/env bash
# The seed tutorial's StatefulSet journey, end to end with the real kubectl,
# on simulated nodes: ordered creation, ordered scale-down and back, claims
# that follow their pods, partitioned rolling update, rollback, pod and
# claim deletion.
source "$(dirname "$0")/lib.sh"
FIX=$(dirname "$0")/fixtures

e2e_start --simulated-nodes 1 --sim-start-delay 400ms || exit 1

pods_state() {  # "name:image:ready" for each qdrant pod, sorted
  k get pods -l app=qdrant -o jsonpath='{range .items[*]}{.metadata.name}:{.spec.containers[0].image}:{.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}' | sort
}
ready_count() { k get sts qdrant -o jsonpath='{.status.readyReplicas}'; }
pvc_uid() { k get pvc "$1" -o jsonpath='{.metadata.uid}'; }
pod_uid() { k get pod "$1" -o jsonpath='{.metadata.uid}' 2>/dev/null; }
# Predicates for `eventually`, which re-runs them until they hold.
ready_is() { test "$(ready_count)" = "$1"; }
pods_are() { expect_eq "$1" "$(pods_state)"; }
gone() { ! k get "$@" >/dev/null 2>&1; }
recreated() { local u; u=$(k get "$1" "$2" -o jsonpath='{.metadata.uid}' 2>/dev/null); [ -n "$u" ] && [ "$u" != "$3" ]; }
rollout_done() { k get sts qdrant -o jsonpath='{.status.currentRevision} {.status.updateRevision}' | awk '{exit !($1 == $2)}'; }
claim_bound() { k get pvc "$1" --no-headers | grep -q Bound; }
no_pods() { [ -z "$(k get pods -l app=qdrant -o name)" ]; }

k apply -f "$FIX/qdrant-service.yaml" >/dev/null
# Record every pod event in arrival order while the set comes up.
k get pods -l app=qdrant --watch --output-watch-events \
  -o jsonpath='{.type} {.object.metadata.name} {.object.status.conditions[?(@.type=="Ready")].status}{"\n"}' \
  >"$E2E_TMP/events" 2>&1 &
WATCH_PID=$!
E2E_PIDS+=("$WATCH_PID")
sleep 0.5
check "apply statefulset" expect_eq "statefulset.apps/qdrant created" "$(k apply -f "$FIX/qdrant-statefulset.yaml" 2>&1)"
check "get statefulsets right after apply shows 0/3" expect_match "qdrant +0/3" "$(k get statefulsets 2>&1)"
check "all three become Ready" eventually 60 ready_is 3
check "kubectl get sts shows 3/3" expect_match "qdrant +3/3" "$(k get sts qdrant 2>&1)"
kill "$WATCH_PID" 2>/dev/null
first_line() { grep -n "$1" "$E2E_TMP/events" | head -1 | cut -d: -f1; }
check "qdrant-1 is created only after qdrant-0 is Ready" \
  test "$(first_line 'ADDED qdrant-1')" -gt "$(first_line 'qdrant-0 True')"
check "qdrant-2 is created only after qdrant-1 is Ready" \
  test "$(first_line 'ADDED qdrant-2')" -gt "$(first_line 'qdrant-1 True')"
check "pods have stable names" expect_eq "qdrant-0 qdrant-1 qdrant-2" \
  "$(k get pods -l app=qdrant -o jsonpath='{.items[*].metadata.name}')"
check "pod hostname and subdomain" expect_eq "qdrant-1 qdrant-service" \
  "$(k get pod qdrant-1 -o jsonpath='{.spec.hostname} {.spec.subdomain}')"

pvcs=$(k get pvc --no-headers 2>&1)
for i in 0 1 2; do
  check "claim qdrant-data-qdrant-$i is Bound 10Gi RWO local" expect_match \
    "qdrant-data-qdrant-$i +Bound +pvc-[0-9a-f-]+ +10Gi +RWO +local" "$pvcs"
done
uid2=$(pvc_uid qdrant-data-qdrant-2)

# Ordered scale-down: the highest ordinal goes first.
check "scale to 2" expect_eq "statefulset.apps/qdrant scaled" "$(k scale statefulset qdrant --replicas=2 2>&1)"
check "qdrant-2 is removed" eventually 30 gone pod qdrant-2
check "qdrant-0 and qdrant-1 keep running" expect_eq "qdrant-0 qdrant-1" \
  "$(k get pods -l app=qdrant -o jsonpath='{.items[*].metadata.name}')"
check "the claim of qdrant-2 is retained" expect_eq "$uid2" "$(pvc_uid qdrant-data-qdrant-2)"
check "scale back to 3" expect_eq "statefulset.apps/qdrant scaled" "$(k scale statefulset qdrant --replicas=3 2>&1)"
check "qdrant-2 is recreated and Ready" eventually 30 ready_is 3
check "qdrant-2 reuses its claim" expect_eq "$uid2" "$(pvc_uid qdrant-data-qdrant-2)"
check "qdrant-2 mounts its claim" expect_eq "qdrant-data-qdrant-2" \
  "$(k get pod qdrant-2 -o jsonpath='{.spec.volumes[?(@.name=="qdrant-data")].persistentVolumeClaim.claimName}')"

# Partitioned rolling update: ordinals >= 1 move to the new image, 2 first.
check "partition patch" expect_eq "statefulset.apps/qdrant patched" \
  "$(k patch statefulset qdrant -p '{"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":1}}}}' 2>&1)"
check "set image" expect_match "image updated" "$(k set image statefulset/qdrant qdrant=qdrant/qdrant:v1.7.0 2>&1)"
check "qdrant-1 and qdrant-2 are updated, qdrant-0 is not" eventually 60 pods_are \
  "qdrant-0:qdrant/qdrant:latest:True
qdrant-1:qdrant/qdrant:v1.7.0:True
qdrant-2:qdrant/qdrant:v1.7.0:True"
check "status counts the partitioned update" expect_eq "2 3" \
  "$(k get sts qdrant -o jsonpath='{.status.updatedReplicas} {.status.readyReplicas}')"
check "rollout status reports the partitioned rollout" expect_match "partitioned roll out complete" \
  "$(k rollout status sts/qdrant --timeout=30s 2>&1)"
check "partition back to 0" expect_eq "statefulset.apps/qdrant patched" \
  "$(k patch statefulset qdrant -p '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":0}}}}' 2>&1)"
check "qdrant-0 is updated too" eventually 60 pods_are \
  "qdrant-0:qdrant/qdrant:v1.7.0:True
qdrant-1:qdrant/qdrant:v1.7.0:True
qdrant-2:qdrant/qdrant:v1.7.0:True"
check "the rollout completes" eventually 30 rollout_done
check "rollout history lists two revisions" expect_match "1 .*
2 " "$(k rollout history sts/qdrant 2>&1)"
check "rollout undo" expect_match "rolled back" "$(k rollout undo sts/qdrant 2>&1)"
check "undo restores the previous image" eventually 60 pods_are \
  "qdrant-0:qdrant/qdrant:latest:True
qdrant-1:qdrant/qdrant:latest:True
qdrant-2:qdrant/qdrant:latest:True"

# A deleted pod comes back under the same name with the same claim.
uid1=$(pvc_uid qdrant-data-qdrant-1)
pod_uid1=$(pod_uid qdrant-1)
check "delete pod qdrant-1" expect_eq 'pod "qdrant-1" deleted' "$(k delete pod qdrant-1 2>&1)"
check "qdrant-1 is recreated" eventually 30 recreated pod qdrant-1 "$pod_uid1"
check "with the same claim" expect_eq "$uid1" "$(pvc_uid qdrant-data-qdrant-1)"
check "and becomes Ready" eventually 30 ready_is 3

# The corrupted-cache recovery: delete the claim and the pod -> fresh claim.
k delete pvc qdrant-data-qdrant-1 --wait=false >/dev/null 2>&1
check "a claim in use stays Terminating" expect_match "Terminating" \
  "$(k get pvc qdrant-data-qdrant-1 --no-headers 2>&1)"
k delete pod qdrant-1 >/dev/null 2>&1
check "a fresh claim is created" eventually 60 recreated pvc qdrant-data-qdrant-1 "$uid1"
check "and bound" eventually 30 claim_bound qdrant-data-qdrant-1
check "qdrant-1 runs again" eventually 60 ready_is 3

check "describe shows the controller's events" expect_match "SuccessfulCreate" \
  "$(k describe sts qdrant 2>&1)"
check "delete the statefulset" expect_eq 'statefulset.apps "qdrant" deleted' "$(k delete sts qdrant 2>&1)"
check "its pods go away" eventually 60 no_pods
check "its claims stay (Retain)" expect_eq 3 "$(k get pvc --no-headers | wc -l)"
e2e_finish
