#!/usr/bin/env bash
# The StatefulSet conformance scenarios C1-C9 of E2E-SCENARIOS.md with the
# real kubectl on simulated nodes.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/sts_lib.sh"
e2e_start --simulated-nodes 2 --sim-start-delay 100ms --sim-stop-delay 50ms || exit 1

revision_count() { kn get controllerrevisions -l "$SEL" -o name | wc -l; }
all_images_are() { local p; for p in $(pod_names); do [ "$(pod_image "$p")" = "$1" ] || return 1; done; }
revision_differs() { [ "$(current_revision "$1")" != "$(update_revision "$1")" ]; }

scenario c1
fixture ss2 3
check "C1 three pods Running and Ready" wait_running_and_ready 3
check "C1 status observed" wait_for_status ss2
rev1=$(update_revision ss2)
check "C1 current == update revision, pods carry it" rolled_out ss2
check "C1 break readiness of ss2-1" break_readiness ss2-1
set_image ss2 "$NEW_IMAGE"
check "C1 status observed after the update" wait_for_status ss2
check "C1 a new update revision" eventually 10 revision_differs ss2
rev2=$(update_revision ss2)
check "C1 restore readiness of ss2-1" restore_readiness ss2-1
check "C1 the rolling update completes" wait_for_rolling_update ss2
check "C1 current revision is the new one" expect_eq "$rev2" "$(current_revision ss2)"
check "C1 every pod runs the new image" all_images_are "$NEW_IMAGE"
check "C1 break readiness of ss2-1 again" break_readiness ss2-1
set_image ss2 "$OLD_IMAGE"
check "C1 rollback reuses the first revision" eventually 10 eval '[ "$(update_revision ss2)" = "$rev1" ]'
check "C1 rollback is in progress" revision_differs ss2
check "C1 restore ss2-1" restore_readiness ss2-1
check "C1 the rollback completes" wait_for_rolling_update ss2
check "C1 current revision is the first one" expect_eq "$rev1" "$(current_revision ss2)"
check "C1 every pod runs the old image" all_images_are "$OLD_IMAGE"
check "C1 exactly two ControllerRevisions" expect_eq 2 "$(revision_count)"
check "C1 the reused revision is now number 3" expect_eq "3" \
  "$(kn get controllerrevision "$rev1" -o jsonpath='{.revision}')"
check "C1 the new one is number 2" expect_eq "2" \
  "$(kn get controllerrevision "$rev2" -o jsonpath='{.revision}')"

scenario c2
fixture ss2 3 '{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":3}}}'
check "C2 three pods Running and Ready" wait_running_and_ready 3
check "C2 status observed" wait_for_status ss2
check "C2 current == update" rolled_out ss2
cur=$(current_revision ss2)
set_image ss2 "$NEW_IMAGE"
check "C2 a new update revision" eventually 10 revision_differs ss2
upd=$(update_revision ss2)
check "C2 partition above replicas updates nothing" holds 3 all_images_are "$OLD_IMAGE"
kn patch sts ss2 -p '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":2}}}}' >/dev/null
check "C2 canary: partition 2" wait_for_partitioned_rolling_update ss2
check "C2 ss2-0 and ss2-1 stay at the current revision" expect_eq "$OLD_IMAGE $cur $OLD_IMAGE $cur" \
  "$(pod_image ss2-0) $(pod_revision ss2-0) $(pod_image ss2-1) $(pod_revision ss2-1)"
check "C2 ss2-2 runs the update revision" expect_eq "$NEW_IMAGE $upd" "$(pod_image ss2-2) $(pod_revision ss2-2)"
uid0=$(pod_uid ss2-0); uid2=$(pod_uid ss2-2)
delete_pod ss2-0; delete_pod ss2-2
recreated_both() { [ "$(pod_uid ss2-0)" != "$uid0" ] && [ "$(pod_uid ss2-2)" != "$uid2" ] && running_and_ready 3; }
check "C2 deleted pods come back" eventually 60 recreated_both
check "C2 ss2-0 is restored at the current revision" expect_eq "$OLD_IMAGE $cur" "$(pod_image ss2-0) $(pod_revision ss2-0)"
check "C2 ss2-2 is restored at the update revision" expect_eq "$NEW_IMAGE $upd" "$(pod_image ss2-2) $(pod_revision ss2-2)"
kn patch sts ss2 -p '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":1}}}}' >/dev/null
check "C2 phased: partition 1" wait_for_partitioned_rolling_update ss2
check "C2 ss2-0 still at the current revision" expect_eq "$OLD_IMAGE" "$(pod_image ss2-0)"
kn patch sts ss2 -p '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":0}}}}' >/dev/null
check "C2 phased: partition 0" wait_for_partitioned_rolling_update ss2
check "C2 all pods run the new image" all_images_are "$NEW_IMAGE"
check "C2 the update completes" eventually 30 eval '[ "$(current_revision ss2)" = "$upd" ]'

scenario c3
kn get pods -l "$SEL" --watch --output-watch-events -o jsonpath='{.type} {.object.metadata.name}{"\n"}' \
  >"$E2E_TMP/c3.events" 2>&1 &
E2E_PIDS+=($!); C3_WATCH=$!
sleep 0.3
fixture ss 1
check "C3 one pod Running and Ready" wait_running_and_ready 1
check "C3 break readiness of ss-0" break_readiness ss-0
check "C3 readyReplicas drops to 0" eventually 30 status_is ss readyReplicas 0
kn scale sts ss --replicas=3 >/dev/null
check "C3 scale-up halts while ss-0 is unready" holds 3 count_is 1
check "C3 restore readiness" each_pod restore_readiness
check "C3 three pods Running and Ready" wait_running_and_ready 3
check "C3 break readiness of all pods" each_pod break_readiness
check "C3 readyReplicas drops to 0 again" eventually 30 status_is ss readyReplicas 0
kn scale sts ss --replicas=0 >/dev/null
check "C3 scale-down halts while pods are unready" holds 3 count_is 3
check "C3 restore readiness of all pods" each_pod restore_readiness
kn scale sts ss --replicas=0 >/dev/null
check "C3 all pods are removed" eventually 60 count_is 0
kill "$C3_WATCH" 2>/dev/null
order() { grep "^$1 " "$E2E_TMP/c3.events" | awk '{print $2}' | awk '!seen[$0]++' | paste -sd' '; }
check "C3 pods were created in order" expect_eq "ss-0 ss-1 ss-2" "$(order ADDED)"
check "C3 pods were deleted in reverse order" expect_eq "ss-2 ss-1 ss-0" "$(order DELETED)"

scenario c4
fixture ss 1 '{"podManagementPolicy":"Parallel"}'
check "C4 one pod Running and Ready" wait_running_and_ready 1
check "C4 break readiness of ss-0" break_readiness ss-0
check "C4 readyReplicas drops to 0" eventually 30 status_is ss readyReplicas 0
kn scale sts ss --replicas=3 >/dev/null
check "C4 burst scale-up reaches 3 pods despite the unready one" eventually 10 count_is 3
check "C4 restore readiness" restore_readiness ss-0
check "C4 three pods Running and Ready" wait_running_and_ready 3
check "C4 break readiness of all pods" each_pod break_readiness
check "C4 readyReplicas drops to 0 again" eventually 30 status_is ss readyReplicas 0
kn scale sts ss --replicas=0 >/dev/null
check "C4 burst scale-down removes every pod" eventually 30 count_is 0
check "C4 status.replicas is present and 0" eventually 10 eval '[ "$(sts_field ss "{.status.replicas}")" = 0 ]'

scenario c5
kn apply -f - >/dev/null <<'YAML'
apiVersion: v1
kind: Pod
metadata: {name: test-pod}
spec:
  nodeName: sim-node-0
  containers:
  - {name: webserver, image: httpd:2.4.38, ports: [{containerPort: 21017, hostPort: 21017}]}
YAML
pod_phase_is() { [ "$(pod_field "$1" '{.status.phase}')" = "$2" ]; }
check "C5 test-pod Running on sim-node-0" eventually 30 pod_phase_is test-pod Running
kn get pods --field-selector metadata.name=ss-0 --watch --output-watch-events \
  -o jsonpath='{.type} {.object.metadata.uid}{"\n"}' >"$E2E_TMP/c5.events" 2>&1 &
E2E_PIDS+=($!); C5_WATCH=$!
sleep 0.3
fixture ss 1 '{"template":{"spec":{"nodeName":"sim-node-0","containers":[{"name":"webserver","image":"httpd:2.4.38","ports":[{"containerPort":21017,"hostPort":21017}]}]}}}'
deleted_after_seen() { grep -q '^ADDED ' "$E2E_TMP/c5.events" && grep -q '^DELETED ' "$E2E_TMP/c5.events"; }
check "C5 the rejected ss-0 is deleted by the controller" eventually 30 deleted_after_seen
first_uid=$(awk 'NF == 2 {print $2; exit}' "$E2E_TMP/c5.events")
event_messages() { kn get events --field-selector "$1" -o jsonpath='{.items[*].message}'; }
kubelet_says_why() { event_messages involvedObject.name=ss-0,reason=NodePorts | grep -q "Predicate NodePorts failed"; }
check "C5 the kubelet's Warning event says why" eventually 10 kubelet_says_why
# (1.32 reports the replacement as SuccessfulDelete; RecreatingFailedPod is gone.)
controller_deleted() { event_messages involvedObject.kind=StatefulSet,reason=SuccessfulDelete | grep -q "delete Pod ss-0 in StatefulSet ss successful"; }
check "C5 the controller's SuccessfulDelete event" eventually 10 controller_deleted
kn delete pod test-pod --grace-period=0 --force >/dev/null 2>&1
ss0_replaced() { pod_phase_is ss-0 Running && [ "$(pod_uid ss-0)" != "$first_uid" ]; }
check "C5 ss-0 Running with a new UID once the port is free" eventually 30 ss0_replaced
kill "$C5_WATCH" 2>/dev/null

scenario c6
fixture ss 1
check "C6 one pod Running and Ready" wait_running_and_ready 1
check "C6 status observed" wait_for_status ss
scale_url=/apis/apps/v1/namespaces/c6/statefulsets/ss/scale
scale=$(k get --raw "$scale_url")
check "C6 scale: spec.replicas 1, status.replicas 1, selector" expect_eq "1 1 baz=blah,foo=bar" \
  "$(jq -r '"\(.spec.replicas) \(.status.replicas) \(.status.selector)"' <<<"$scale")"
put=$(jq -c '.spec.replicas = 2 | .metadata.resourceVersion = ""' <<<"$scale" |
  k replace --raw "$scale_url" -f - 2>&1)
check "C6 PUT scale answers spec.replicas 2" expect_eq 2 "$(jq -r .spec.replicas <<<"$put")"
check "C6 the set has 2 replicas" expect_eq 2 "$(sts_field ss '{.spec.replicas}')"
check "C6 PATCH scale" expect_match "patched" \
  "$(kn patch sts ss --subresource=scale --type=strategic -p '{"spec":{"replicas":4}}' 2>&1)"
check "C6 the set has 4 replicas" expect_eq 4 "$(sts_field ss '{.spec.replicas}')"

scenario c7
fixture test-ss 1
kn label sts test-ss name=sample-pod pod=httpd >/dev/null
check "C7 one pod Running and Ready" wait_running_and_ready 1
check "C7 status observed" wait_for_status test-ss
check "C7 strategic merge patch" expect_match "patched" "$(kn patch sts test-ss --type=strategic -p \
  '{"metadata":{"labels":{"test-ss":"patched"}},"spec":{"replicas":2,"template":{"spec":{"TerminationGracePeriodSeconds":1,"containers":[{"name":"test-ss","image":"registry.k8s.io/pause:3.10"}]}}}}' 2>&1)"
check "C7 replicas and first container image" expect_eq "2 registry.k8s.io/pause:3.10" \
  "$(sts_field test-ss '{.spec.replicas} {.spec.template.spec.containers[0].image}')"
check "C7 two pods Running and Ready" wait_running_and_ready 2
check "C7 the new revision rolls out" wait_for_rolling_update test-ss
check "C7 list across namespaces by label" expect_eq 1 \
  "$(k get sts -A -l test-ss=patched -o name | wc -l)"
check "C7 delete collection" expect_match "deleted" \
  "$(kn delete sts -l test-ss=patched --grace-period=1 --wait=false 2>&1)"
check "C7 list is empty" eventually 10 eval '[ -z "$(k get sts -A -l test-ss=patched -o name)" ]'

scenario c8
k get sts -A -l e2e=testing --watch -o jsonpath='{.metadata.name} {.status.conditions[*].type}{"\n"}' \
  >"$E2E_TMP/c8.events" 2>&1 &
E2E_PIDS+=($!); C8_WATCH=$!
fixture ss 1
check "C8 one pod Running and Ready" wait_running_and_ready 1
check "C8 status observed" wait_for_status ss
kn patch sts ss -p '{"metadata":{"labels":{"e2e":"testing"}}}' >/dev/null
status=$(k get --raw /apis/apps/v1/namespaces/c8/statefulsets/ss/status)
check "C8 GET status decodes as a StatefulSet" expect_eq "StatefulSet ss" "$(jq -r '"\(.kind) \(.metadata.name)"' <<<"$status")"
updated=$(jq -c '.status.conditions = ((.status.conditions // []) + [{"type":"StatusUpdate","status":"True","reason":"E2E","message":"Set from e2e test"}])' <<<"$status" |
  k replace --raw /apis/apps/v1/namespaces/c8/statefulsets/ss/status -f - 2>&1)
check "C8 PUT status" expect_match '"StatusUpdate"' "$updated"
seen() { grep -q "$1" "$E2E_TMP/c8.events"; }
check "C8 the watch sees StatusUpdate" eventually 10 seen StatusUpdate
check "C8 PATCH status" expect_match "patched" "$(kn patch sts ss --subresource=status --type=merge \
  -p '{"status":{"conditions":[{"type":"StatusPatched","status":"True"}]}}' 2>&1)"
check "C8 the watch sees StatusPatched" eventually 10 seen StatusPatched
kill "$C8_WATCH" 2>/dev/null
# C9 drives the generic ControllerRevision API; upstream uses a DaemonSet as
# the owner, stead (which serves no DaemonSets) the StatefulSet.
scenario c9
fixture ss 1 '{"template":{"metadata":{"labels":{"set-name":"c9-ss"}}}}'
check "C9 one pod Running and Ready" wait_running_and_ready 1
revs() { k get controllerrevisions -A -l set-name=c9-ss -o json; }
rev_count_is() { [ "$(revs | jq '.items | length')" -eq "$1" ]; }
check "C9 exactly one revision across namespaces" rev_count_is 1
rev1=$(revs | jq -r '.items[0].metadata.name')
check "C9 owned by the set" expect_eq "StatefulSet/ss/$(sts_field ss '{.metadata.uid}')" \
  "$(revs | jq -r '.items[0].metadata.ownerReferences[] | select(.controller) | "\(.kind)/\(.name)/\(.uid)"')"
kn patch controllerrevision "$rev1" --type=merge -p "{\"metadata\":{\"labels\":{\"$rev1\":\"patched\"}}}" >/dev/null
check "C9 PATCH adds the label" expect_eq patched "$(kn get controllerrevision "$rev1" -o json | jq -r --arg l "$rev1" '.metadata.labels[$l]')"
kn get controllerrevision "$rev1" -o json |
  jq '{apiVersion, kind, metadata: {name: "ss-copy", labels: .metadata.labels,
       ownerReferences: .metadata.ownerReferences}, data, revision: (.revision + 1)}' |
  kn create -f - >/dev/null
check "C9 CREATE a second revision" rev_count_is 2
kn delete controllerrevision "$rev1" >/dev/null
check "C9 DELETE the first" eventually 10 rev_count_is 1
kn get controllerrevision ss-copy -o json | jq '.metadata.labels.c9 = "updated"' | kn replace -f - >/dev/null
check "C9 UPDATE adds a label" expect_eq updated "$(kn get controllerrevision ss-copy -o jsonpath='{.metadata.labels.c9}')"
kn patch sts ss --type=merge -p '{"spec":{"template":{"spec":{"terminationGracePeriodSeconds":1}}}}' >/dev/null
check "C9 a template change makes a new revision" eventually 10 rev_count_is 2
kn delete controllerrevisions -l c9=updated >/dev/null
check "C9 DELETE collection by label" eventually 10 rev_count_is 1
check "C9 the remaining revision is number 3" expect_eq 3 "$(revs | jq '.items[0].revision')"
e2e_finish
