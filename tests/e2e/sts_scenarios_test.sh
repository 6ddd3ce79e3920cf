#!/usr/bin/env bash
# The StatefulSet scenarios E1-E19 of E2E-SCENARIOS.md (E1 without its
# writes to /data, which need real containers; E20 deploys real clustered
# applications) and the stuck roll-out rule, with the real kubectl on simulated nodes. F+pause pods start unready (sim.stead.dev/ready: "false"
# in the template) and are resumed by flipping the pod's annotation.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/sts_lib.sh"
e2e_start --simulated-nodes 2 --sim-start-delay 100ms --sim-stop-delay 50ms || exit 1

scenario e1
fixture ss 3 "{$PVC_SPEC, $PAUSE_TEMPLATE}"
saturate() {  # resume the pods one by one, each once the previous runs
  local i
  for i in 0 1 2; do
    eventually 30 eval "[ \"\$(pod_field ss-$i '{.status.phase}')\" = Running ]" && resume "ss-$i" || return 1
  done
  wait_running_and_ready 3
}
check "E1 saturate: three pods Running and Ready" saturate
identity() {
  local i
  for i in 0 1 2; do
    kn get pod "ss-$i" -o json | jq -e --arg i "$i" '.spec.hostname == "ss-\($i)" and .spec.subdomain == "test"
      and ([.spec.volumes[] | select(.name == "datadir") | .persistentVolumeClaim.claimName] == ["datadir-ss-\($i)"])' || return 1
  done
}
check "E1 each pod's hostname, subdomain and claim" identity
claim_uids() { kn get pvc -o json | jq -r '[.items[] | "\(.metadata.name)=\(.metadata.uid)"] | sort | join(" ")'; }
uids=$(claim_uids)
kn scale sts ss --replicas=0 >/dev/null
check "E1 scale to 0: no pods" eventually 60 count_is 0
kn scale sts ss --replicas=3 >/dev/null
check "E1 scale back to 3 and saturate" saturate
check "E1 the same claims re-attach to the same ordinals" eval 'identity && [ "$(claim_uids)" = "$uids" ]'

scenario e2
fixture ss 1 "{$PVC_SPEC}"
check "E2 ss-0 Running and Ready" wait_running_and_ready 1
set_ref="StatefulSet/ss/$(sts_field ss '{.metadata.uid}')"
check "E2 ss-0 is controlled by the set" expect_eq "$set_ref" "$(controller_ref ss-0)"
kn patch pod ss-0 --type=json -p '[{"op":"remove","path":"/metadata/ownerReferences"}]' >/dev/null
ref_is() { [ "$(controller_ref "$1")" = "$2" ]; }
check "E2 an orphaned ss-0 is adopted again" eventually 30 ref_is ss-0 "$set_ref"
kn patch pod ss-0 --type=json -p '[{"op":"remove","path":"/metadata/labels"}]' >/dev/null
check "E2 ss-0 without labels is released" eventually 30 ref_is ss-0 ""
# Upstream sinks the AlreadyExists error of re-creating ss-0 (no event):
# the released pod is simply left alone.
uid0=$(pod_uid ss-0)
check "E2 the released pod keeps running untouched" holds 2 eval '[ "$(pod_uid ss-0)" = "$uid0" ] && [ "$(pod_field ss-0 "{.status.phase}")" = Running ]'
kn label pod ss-0 foo=bar baz=blah >/dev/null
check "E2 restoring the labels re-adopts ss-0" eventually 30 ref_is ss-0 "$set_ref"

scenario e3
fixture ss 2 "{$PVC_SPEC, $PAUSE_TEMPLATE}"
check "E3 ss-0 runs (unready)" eventually 30 running_count_is 1
check "E3 resume ss-0" resume ss-0
check "E3 ss-1 runs (unready)" eventually 30 running_count_is 2
uid1=$(pod_uid ss-1)
delete_pod ss-0
recreated_0() { [ -n "$(pod_uid ss-0)" ] && running_count_is 2; }
check "E3 ss-0 is recreated although ss-1 is unhealthy" eventually 30 recreated_0
check "E3 ss-1 was not deleted" expect_eq "$uid1" "$(pod_uid ss-1)"
check "E3 resume ss-1" resume ss-1
check "E3 resume ss-0" resume ss-0
check "E3 both Running and Ready" wait_running_and_ready 2

scenario e4
fixture ss 3 "{$PVC_SPEC}"
check "E4 three pods Running and Ready" wait_running_and_ready 3
claim_uids() { kn get pvc datadir-ss-0 datadir-ss-1 datadir-ss-2 -o jsonpath='{.items[*].metadata.uid}'; }
uids=$(claim_uids)
check "E4 three claims" expect_match '^[^ ]+ [^ ]+ [^ ]+$' "$uids"
rev1=$(update_revision ss)
set_image ss "$NEW_IMAGE"
check "E4 the rolling update completes" eventually 10 eval '[ "$(update_revision ss)" != "$rev1" ]'
check "E4 every pod updated" wait_for_rolling_update ss
check "E4 claims kept through the update" expect_eq "$uids" "$(claim_uids)"
set_image ss "$OLD_IMAGE"
check "E4 rollback to the first revision" eventually 10 eval '[ "$(update_revision ss)" = "$rev1" ]'
check "E4 the rollback completes" wait_for_rolling_update ss
check "E4 claims kept through the rollback" expect_eq "$uids" "$(claim_uids)"
check "E4 each pod mounts its own claim" expect_eq "datadir-ss-0 datadir-ss-1 datadir-ss-2" \
  "$(for p in ss-0 ss-1 ss-2; do pod_field "$p" '{.spec.volumes[?(@.name=="datadir")].persistentVolumeClaim.claimName}'; echo; done | paste -sd' ')"

# E5, and E6 (whose pod-0 fails on SIGTERM: phase Failed while the
# finalizer holds it) with the same observations.
partition_finalizer_flow() {
  local id=$1 set=$2 sigterm_exit=$3
  scenario "$id"
  fixture "$set" 3 '{"updateStrategy":{"rollingUpdate":{"partition":1}}}'
  local ID=${id^^}
  check "$ID three pods Running and Ready" wait_running_and_ready 3
  local cur upd
  cur=$(current_revision "$set")
  kn patch pod "$set-0" --type=merge -p '{"metadata":{"finalizers":["example.com/test-finalizer"]}}' >/dev/null
  [ -n "$sigterm_exit" ] && kn annotate pod "$set-0" sim.stead.dev/terminate-exit-code="$sigterm_exit" >/dev/null
  set_image "$set" "$NEW_IMAGE"
  partially_updated() { status_is "$set" updatedReplicas 2 && status_is "$set" replicas 3 && status_is "$set" readyReplicas 3; }
  check "$ID two pods updated, three ready" eventually 60 partially_updated
  upd=$(update_revision "$set")
  check "$ID $set-0 at the current revision, others updated" expect_eq "$cur $upd $upd" \
    "$(pod_revision "$set-0") $(pod_revision "$set-1") $(pod_revision "$set-2")"
  delete_pod "$set-0"
  check "$ID readyReplicas drops to 2 while $set-0 is held" eventually 30 status_is "$set" readyReplicas 2
  if [ -n "$sigterm_exit" ]; then
    check "$ID the held $set-0 failed on SIGTERM" eventually 30 eval "[ \"\$(pod_field $set-0 '{.status.phase}')\" = Failed ]"
  fi
  kn patch pod "$set-0" --type=json -p '[{"op":"remove","path":"/metadata/finalizers"}]' >/dev/null
  check "$ID readyReplicas returns to 3" eventually 60 status_is "$set" readyReplicas 3
  check "$ID $set-0 is recreated at the current revision" expect_eq "$OLD_IMAGE $cur" "$(pod_image "$set-0") $(pod_revision "$set-0")"
  check "$ID the others are unchanged" expect_eq "$upd $upd" "$(pod_revision "$set-1") $(pod_revision "$set-2")"
}
partition_finalizer_flow e5 ss2 ""
partition_finalizer_flow e6 ss3 1

scenario e7
fixture ss2 3 '{"updateStrategy":{"type":"OnDelete"}}'
check "E7 three pods Running and Ready" wait_running_and_ready 3
check "E7 current == update" rolled_out ss2
uids=$(for p in $(pod_names); do pod_uid "$p"; done | paste -sd' ')
set_image ss2 "$NEW_IMAGE"
check "E7 a new update revision" eventually 10 eval '[ "$(current_revision ss2)" != "$(update_revision ss2)" ]'
same_uids() { [ "$(for p in $(pod_names); do pod_uid "$p"; done | paste -sd' ')" = "$uids" ]; }
check "E7 no pod is replaced by the controller" holds 3 same_uids
for p in ss2-0 ss2-1 ss2-2; do delete_pod "$p"; done
all_new() { local p; for p in $(pod_names); do [ "$(pod_image "$p")" = "$NEW_IMAGE" ] || return 1; done; running_and_ready 3; }
check "E7 deleted pods come back at the update revision" eventually 60 all_new
check "E7 the update completes (currentRevision == updateRevision)" eventually 30 rolled_out ss2
check "E7 currentReplicas is 3" eventually 10 status_is ss2 currentReplicas 3

scenario e8
fixture test-ss 1
check "E8 availableReplicas reaches 1" eventually 30 status_is test-ss availableReplicas 1

scenario e9
fixture test-ss 2 '{"minReadySeconds":4}'
# OrderedReady waits for test-ss-0 to be available before creating test-ss-1.
check "E9 the first pod is Ready" eventually 30 pod_ready_is test-ss-0 True
check "E9 not yet available" status_is test-ss availableReplicas 0
check "E9 both pods Running and Ready" wait_running_and_ready 2
check "E9 available after minReadySeconds" eventually 30 status_is test-ss availableReplicas 2
uids=$(for p in $(pod_names); do pod_uid "$p"; done | paste -sd' ')
kn patch sts test-ss -p '{"spec":{"minReadySeconds":3600}}' >/dev/null
check "E9 raising minReadySeconds makes them unavailable" eventually 30 status_is test-ss availableReplicas 0
check "E9 without restarting pods" same_uids
kn patch sts test-ss -p '{"spec":{"minReadySeconds":0}}' >/dev/null
check "E9 minReadySeconds 0 makes them available" eventually 30 status_is test-ss availableReplicas 2
check "E9 -o yaml shows availableReplicas: 2" expect_match "availableReplicas: 2" "$(kn get sts test-ss -o yaml)"

scenario e10
fixture ss 3 "{$PVC_SPEC, \"persistentVolumeClaimRetentionPolicy\":{\"whenDeleted\":\"Delete\"}}"
check "E10 three pods Running and Ready" wait_running_and_ready 3
set_owner='[{"kind":"StatefulSet","name":"ss","controller":true,"blockOwnerDeletion":true}]'
check "E10 claims are owned by the set only" expect_eq "$set_owner $set_owner $set_owner" \
  "$(claim_owners datadir-ss-0) $(claim_owners datadir-ss-1) $(claim_owners datadir-ss-2)"
kn delete sts ss --wait=false >/dev/null
check "E10 deleting the set deletes its claims" eventually 60 claims_are ""

scenario e11
fixture ss 3 "{$PVC_SPEC, \"persistentVolumeClaimRetentionPolicy\":{\"whenScaled\":\"Delete\"}}"
check "E11 three pods Running and Ready" wait_running_and_ready 3
kn scale sts ss --replicas=1 >/dev/null
check "E11 scaling to 1 keeps only datadir-ss-0" eventually 60 claims_are "datadir-ss-0"

scenario e12
fixture ss 3 "{$PVC_SPEC}"
check "E12 three pods Running and Ready" wait_running_and_ready 3
kn create configmap dummy-controller >/dev/null
cm_uid=$(kn get configmap dummy-controller -o jsonpath='{.metadata.uid}')
kn patch pvc datadir-ss-1 --type=merge -p "{\"metadata\":{\"ownerReferences\":[{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"name\":\"dummy-controller\",\"uid\":\"$cm_uid\",\"controller\":true}]}}" >/dev/null
kn patch sts ss -p '{"spec":{"persistentVolumeClaimRetentionPolicy":{"whenScaled":"Delete"}}}' >/dev/null
kn scale sts ss --replicas=0 >/dev/null
check "E12 a claim controlled by someone else survives scale-down" eventually 60 claims_are "datadir-ss-1"
kn patch pvc datadir-ss-1 --type=json -p '[{"op":"remove","path":"/metadata/ownerReferences"}]' >/dev/null
kn scale sts ss --replicas=2 >/dev/null
check "E12 scale to 2 brings claims 0 and 1" eventually 60 claims_are "datadir-ss-0 datadir-ss-1"
check "E12 two pods Running and Ready" wait_running_and_ready 2
kn scale sts ss --replicas=1 >/dev/null
check "E12 scale to 1 keeps only claim 0" eventually 60 claims_are "datadir-ss-0"

scenario e13
fixture ss 3 "{$PVC_SPEC, \"persistentVolumeClaimRetentionPolicy\":{\"whenDeleted\":\"Delete\"}}"
check "E13 three pods Running and Ready" wait_running_and_ready 3
kn patch pod ss-2 -p '{"metadata":{"ownerReferences":[]}}' >/dev/null
check "E13 ss-2 is re-adopted" eventually 30 eval '[ -n "$(controller_ref ss-2)" ]'
kn delete sts ss --wait=false >/dev/null
check "E13 deleting the set deletes every claim" eventually 60 claims_are ""

scenario e14
fixture ss 3 "{$PVC_SPEC, \"persistentVolumeClaimRetentionPolicy\":{\"whenScaled\":\"Delete\"}}"
check "E14 three pods Running and Ready" wait_running_and_ready 3
kn patch pod ss-2 -p '{"metadata":{"ownerReferences":[]}}' >/dev/null
check "E14 ss-2 is re-adopted" eventually 30 eval '[ -n "$(controller_ref ss-2)" ]'
kn scale sts ss --replicas=1 >/dev/null
check "E14 scaling to 1 keeps only claim 0" eventually 60 claims_are "datadir-ss-0"

scenario e15
fixture ss 4 "{$PVC_SPEC}"
check "E15 four pods Running and Ready" wait_running_and_ready 4
kn create configmap random-owner >/dev/null
cm_uid=$(kn get configmap random-owner -o jsonpath='{.metadata.uid}')
kn patch pvc datadir-ss-1 --type=merge -p "{\"metadata\":{\"ownerReferences\":[{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"name\":\"random-owner\",\"uid\":\"$cm_uid\"}]}}" >/dev/null
kn patch pvc datadir-ss-3 --type=merge -p '{"metadata":{"finalizers":["keep-with/stale-ref"],"ownerReferences":[{"apiVersion":"apps/v1","kind":"StatefulSet","name":"unknown","uid":"9d86d6ae-4e06-4ff1-bc55-f77f52e272e9","controller":true,"blockOwnerDeletion":true}]}}' >/dev/null
cm_owner='[{"kind":"ConfigMap","name":"random-owner","controller":null,"blockOwnerDeletion":null}]'
stale_owner='[{"kind":"StatefulSet","name":"unknown","controller":true,"blockOwnerDeletion":true}]'
check "E15 Retain leaves foreign and stale refs alone" holds 2 eval \
  '[ "$(claim_owners datadir-ss-1) $(claim_owners datadir-ss-3)" = "$cm_owner $stale_owner" ]'
kn patch sts ss -p '{"spec":{"persistentVolumeClaimRetentionPolicy":{"whenDeleted":"Delete"}}}' >/dev/null
e15_owned() {
  [ "$(claim_owners datadir-ss-0) $(claim_owners datadir-ss-2)" = "$set_owner $set_owner" ] &&
    [ "$(claim_owners datadir-ss-1)" = "[${cm_owner:1:-1},${set_owner:1:-1}]" ] &&
    [ "$(claim_owners datadir-ss-3)" = "$stale_owner" ]
}
check "E15 whenDeleted=Delete adds the set ref, keeps foreign ones" eventually 30 e15_owned
set_uid=$(sts_field ss '{.metadata.uid}')
kn patch pvc datadir-ss-0 --type=merge -p "{\"metadata\":{\"ownerReferences\":[{\"apiVersion\":\"apps/v1\",\"kind\":\"StatefulSet\",\"name\":\"ss\",\"uid\":\"$set_uid\",\"controller\":false,\"blockOwnerDeletion\":true}]}}" >/dev/null
kn patch sts ss -p '{"spec":{"persistentVolumeClaimRetentionPolicy":{"whenDeleted":"Delete","whenScaled":"Delete"}}}' >/dev/null
check "E15 the controller flag is repaired" eventually 30 eval '[ "$(claim_owners datadir-ss-0)" = "$set_owner" ]'
kn delete sts ss --wait=false >/dev/null
check "E15 deleting the set leaves exactly claims 1 and 3" eventually 60 claims_are "datadir-ss-1 datadir-ss-3"
kn patch pvc datadir-ss-3 --type=json -p '[{"op":"remove","path":"/metadata/finalizers"}]' >/dev/null

scenario e16
node=$(kn get nodes -o jsonpath='{.items[0].metadata.name}')
fixture ss 1 "{$PVC_SPEC, \"template\":{\"spec\":{\"nodeSelector\":{\"kubernetes.io/hostname\":\"$node\"}}}}"
check "E16 ss-0 Running and Ready" wait_running_and_ready 1
check "E16 on the chosen node" expect_eq "$node" "$(pod_field ss-0 '{.spec.nodeName}')"
k cordon "$node" >/dev/null
uid0=$(pod_uid ss-0)
delete_pod ss-0
replacement_pending() { local u; u=$(pod_uid ss-0); [ -n "$u" ] && [ "$u" != "$uid0" ] && status_is ss currentReplicas 1; }
check "E16 the replacement exists (unschedulable)" eventually 30 replacement_pending
check "E16 it stays Pending" expect_eq Pending "$(pod_field ss-0 '{.status.phase}')"
claim_uid=$(kn get pvc datadir-ss-0 -o jsonpath='{.metadata.uid}')
kn delete pvc datadir-ss-0 --wait=false >/dev/null
claim_recreated() { local u; u=$(kn get pvc datadir-ss-0 -o jsonpath='{.metadata.uid}' 2>/dev/null); [ -n "$u" ] && [ "$u" != "$claim_uid" ]; }
check "E16 the missing claim is recreated" eventually 30 claim_recreated
k uncordon "$node" >/dev/null
check "E16 ss-0 runs again" eventually 60 status_is ss readyReplicas 1
check "E16 on the chosen node" expect_eq "$node" "$(pod_field ss-0 '{.spec.nodeName}')"

scenario e17
pods_are() { [ "$(pod_names | paste -sd' ')" = "$1" ]; }
fixture ss 2
check "E17 set: ss-0 ss-1" eventually 30 pods_are "ss-0 ss-1"
kn patch sts ss -p '{"spec":{"ordinals":{"start":2},"replicas":3}}' >/dev/null
check "E17 start 2, replicas 3: ss-2 ss-3 ss-4" eventually 60 pods_are "ss-2 ss-3 ss-4"
check "E17 status counts 3 ready" eventually 30 eval 'status_is ss replicas 3 && status_is ss readyReplicas 3'
kn patch sts ss -p '{"spec":{"ordinals":{"start":4},"replicas":2}}' >/dev/null
check "E17 increase to 4: ss-4 ss-5" eventually 60 pods_are "ss-4 ss-5"
kn patch sts ss -p '{"spec":{"ordinals":{"start":3}}}' >/dev/null
check "E17 decrease to 3: ss-3 ss-4" eventually 60 pods_are "ss-3 ss-4"
kn patch sts ss --type=json -p '[{"op":"remove","path":"/spec/ordinals"}]' >/dev/null
check "E17 remove: ss-0 ss-1" eventually 60 pods_are "ss-0 ss-1"

scenario e18
fixture ss 5 '{"podManagementPolicy":"Parallel","updateStrategy":{"rollingUpdate":{"maxUnavailable":2}},"template":{"metadata":{"annotations":{"sim.stead.dev/start-delay":"1500ms"}}}}'
check "E18 five pods Running and Ready" wait_running_and_ready 5
unavailable() {
  kn get pods -l "$SEL" -o json | jq '5 - ([.items[] | select(.metadata.deletionTimestamp == null
    and .status.phase == "Running"
    and any(.status.conditions[]?; .type == "Ready" and .status == "True"))] | length)'
}
set_image ss "$NEW_IMAGE"
max=0
deadline=$((SECONDS + 60))
while [ $SECONDS -lt $deadline ] && ! rolled_out ss; do
  u=$(unavailable); [ "$u" -gt "$max" ] && max=$u
done
check "E18 the update completes" rolled_out ss
check "E18 at most 2 pods were unavailable, and 2 at once at some point" expect_eq 2 "$max"

scenario e19
fixture ss 1 '{"podManagementPolicy":"Parallel","template":{"metadata":{"annotations":{"sim.stead.dev/crash":"true","sim.stead.dev/run-duration":"100ms"}}}}'
crashing() { [ "$(pod_field ss-0 '{.status.containerStatuses[0].restartCount}')" -ge 1 ] 2>/dev/null; }
check "E19 ss-0 crash-loops" eventually 30 crashing
kn patch sts ss --type=json -p '[{"op":"remove","path":"/spec/template/metadata/annotations"}]' >/dev/null
check "E19 the fixed revision replaces ss-0 and it becomes Ready" eventually 60 rolled_out ss
check "E19 ss-0 is Ready" eventually 30 running_and_ready 1

# Stuck roll-out (T35 upstream, and stead's rule, see STUCK_ROLLOUT.md).
scenario stuck
fixture web 3 '{}'
kn annotate sts web stead.dev/replace-unready-after-seconds=1 >/dev/null
check "stuck: three pods Running and Ready" wait_running_and_ready 3
set_image web httpd:broken
pulling_fails() { pod_field web-2 '{.status.containerStatuses[0].state.waiting.reason}' | grep -q -E 'ErrImagePull|ImagePullBackOff'; }
check "stuck: web-2 cannot pull the broken image" eventually 30 pulling_fails
check "stuck: the roll-out halts at web-2" holds 2 eval '[ "$(pod_image web-1)" = "$OLD_IMAGE" ]'
check "stuck: rollout undo" expect_match "rolled back" "$(kn rollout undo sts/web 2>&1)"
check "stuck: the broken pod is replaced and the set converges" eventually 60 eval 'rolled_out web && running_and_ready 3'
replacing() { kn get events --field-selector involvedObject.name=web,reason=ReplacingUnreadyPod -o name | grep -q .; }
check "stuck: a ReplacingUnreadyPod event explains it" replacing

scenario upstream-stuck
fixture web 3 '{}'
kn annotate sts web stead.dev/replace-unready-after-seconds=-1 >/dev/null
check "T35: three pods Running and Ready" wait_running_and_ready 3
set_image web httpd:broken
check "T35: web-2 cannot pull the broken image" eventually 30 pulling_fails
broken_uid=$(pod_uid web-2)
kn rollout undo sts/web >/dev/null
check "T35: with the rule off, web-2 stays broken after the revert" holds 3 eval '[ "$(pod_uid web-2)" = "$broken_uid" ]'
delete_pod web-2
check "T35: deleting it by hand completes the roll-out" eventually 60 eval 'rolled_out web && running_and_ready 3'
e2e_finish
