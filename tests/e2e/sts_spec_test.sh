#!/usr/bin/env bash
# The spec-derived StatefulSet tests (T-series of E2E-SCENARIOS.md) with the
# real kubectl on simulated nodes: naming and ownership, defaults and
# validation, reconcile corner cases, updates and history, status counting.
# Left out here: T26 (stead serves maxUnavailable without a gate), T28
# (ResourceQuota is not served), T32 (a simulated Always-restart pod never
# ends Succeeded; the reconcile core's scenario r8_terminal_pod_recreated
# covers it), T35 (sts_scenarios_test.sh), T42 (Recreate is not a 1.32
# strategy: rejected as T17 shows). T44/T45 ask the cluster DNS with dig
# (on the host, not from a pod; /etc/hosts inside pods needs real ones).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/sts_lib.sh"
e2e_start --simulated-nodes 2 --sim-start-delay 50ms --sim-stop-delay 50ms || exit 1

# ---------------------------------------------------------------- naming
scenario t1
fixture web 3 '{"template":{"metadata":{"annotations":{"team":"search"}}}}'
check "T1 three pods Running and Ready" wait_running_and_ready 3
set_uid=$(sts_field web '{.metadata.uid}')
update_rev=$(update_revision web)
identity_ok() {
  local i=$1
  kn get pod "web-$i" -o json | jq -e --arg i "$i" --arg uid "$set_uid" --arg rev "$update_rev" '
    .metadata.generateName == "web-" and .spec.hostname == "web-\($i)" and .spec.subdomain == "test"
    and .metadata.labels == {foo: "bar", baz: "blah", "statefulset.kubernetes.io/pod-name": "web-\($i)",
      "apps.kubernetes.io/pod-index": $i, "controller-revision-hash": $rev}
    and .metadata.annotations.team == "search"
    and .metadata.ownerReferences == [{apiVersion: "apps/v1", kind: "StatefulSet", name: "web",
      uid: $uid, controller: true, blockOwnerDeletion: true}]'
}
check "T1 web-0 identity fields" identity_ok 0
check "T1 web-1 identity fields" identity_ok 1
check "T1 web-2 identity fields" identity_ok 2
check "T1 the revision hash names the set" expect_match '^web-[a-z0-9]+$' "$update_rev"

# T3/T4: identity repair on the same set.
kn label pod web-1 statefulset.kubernetes.io/pod-name- >/dev/null
uid1=$(pod_uid web-1)
label_is() { [ "$(pod_field "$1" "{.metadata.labels.$2}")" = "$3" ]; }
check "T3 the pod-name label is restored" eventually 30 label_is web-1 'statefulset\.kubernetes\.io/pod-name' web-1
check "T3 web-1 is the same pod" expect_eq "$uid1" "$(pod_uid web-1)"
updated_event() {
  kn get events --field-selector involvedObject.name=web,reason=SuccessfulUpdate -o jsonpath='{.items[*].message}' |
    grep -q "update Pod web-1 in StatefulSet web successful"
}
check "T3 a SuccessfulUpdate event tells" eventually 10 updated_event
kn label pod web-2 apps.kubernetes.io/pod-index- >/dev/null
check "T4 the pod-index label is not re-added while web-2 lives" holds 2 label_is web-2 'apps\.kubernetes\.io/pod-index' ""
delete_pod web-2
check "T4 the recreated web-2 carries it again" eventually 30 label_is web-2 'apps\.kubernetes\.io/pod-index' 2

scenario t2
fixture web 1 '{"template":{"metadata":{"labels":{"statefulset.kubernetes.io/pod-name":"bogus"}}}}'
check "T2 controller-managed labels win over the template" eventually 30 label_is web-0 'statefulset\.kubernetes\.io/pod-name' web-0

scenario t5
fixture web 1 '{"volumeClaimTemplates":[{"metadata":{"name":"data","labels":{"tier":"storage","foo":"other"},"annotations":{"note":"cache"}},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}}],
  "template":{"spec":{"volumes":[{"name":"data","emptyDir":{}}]}}}'
check "T5 web-0 runs" wait_running_and_ready 1
claim_ok() {
  kn get pvc data-web-0 -o json | jq -e --arg ns "$NS" '
    .metadata.labels == {tier: "storage", foo: "bar", baz: "blah"} and .metadata.namespace == $ns
    and .metadata.annotations.note == "cache" and (.metadata.ownerReferences // []) == []'
}
check "T5 claim data-web-0: selector labels win, annotations kept, no owners" claim_ok
volume_ok() {
  kn get pod web-0 -o json | jq -e '[.spec.volumes[] | select(.name == "data")] ==
    [{name: "data", persistentVolumeClaim: {claimName: "data-web-0"}}]'
}
check "T5 the template volume named data is replaced by the claim" volume_ok

scenario t6
kn create -f - >/dev/null <<'YAML'
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web, annotations: {owner: search}}
spec:
  serviceName: test
  selector: {matchLabels: {foo: bar, baz: blah}}
  template:
    metadata: {labels: {foo: bar, baz: blah}}
    spec: {containers: [{name: webserver, image: httpd:2.4.38}]}
YAML
check "T6 web-0 runs" wait_running_and_ready 1
revision_ok() {
  local rev; rev=$(update_revision web)
  [ "$(kn get controllerrevisions -o name | wc -l)" -eq 1 ] || return 1
  kn get controllerrevision "$rev" -o json | jq -e --arg uid "$(sts_field web '{.metadata.uid}')" '
    (.metadata.name | test("^web-[4-9bcdf]{1,10}$"))
    and .metadata.labels["controller.kubernetes.io/hash"] == (.metadata.name | ltrimstr("web-"))
    and .metadata.labels.foo == "bar" and .metadata.annotations.owner == "search"
    and ([.metadata.ownerReferences[] | select(.controller and .uid == $uid)] | length) == 1
    and .revision == 1 and (.data | keys) == ["spec"] and (.data.spec | keys) == ["template"]
    and .data.spec.template["$patch"] == "replace"
    and .data.spec.template.spec.containers[0].image == "httpd:2.4.38"'
}
check "T6 one ControllerRevision of upstream shape" revision_ok

scenario t7
long=$(printf 'a%.0s' $(seq 1 60))
check "T7 a set with a 60-character name is accepted" \
  eval "fixture_json $long 1 | kn create -f - >/dev/null"
failed_create() {
  kn get events --field-selector "involvedObject.name=$long,reason=FailedCreate" -o jsonpath='{.items[*].message}' |
    grep -q "must be no more than 63 characters"
}
check "T7 its pods are never created: FailedCreate says why" eventually 30 failed_create
check "T7 no pod exists" expect_eq 0 "$(pod_count)"

scenario t8
fixture web 1
check "T8 web-0 runs" wait_running_and_ready 1
orphan() {
  kn create -f - >/dev/null <<YAML
apiVersion: v1
kind: Pod
metadata: {name: $1, labels: {foo: bar, baz: blah}}
spec: {containers: [{name: webserver, image: httpd:2.4.38}]}
YAML
}
orphan webx-0; orphan web-a
gone() { [ -z "$(pod_uid "$1")" ]; }
orphan web-5
check "T8 orphan web-5 is adopted and deleted as condemned" eventually 30 gone web-5
check "T8 webx-0 and web-a are never adopted" holds 2 eval '[ -z "$(controller_ref webx-0)$(controller_ref web-a)" ]'

# ------------------------------------------------- defaults and validation
scenario t9
kn create -f - >/dev/null <<'YAML'
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: httpd:2.4.38}]}
  volumeClaimTemplates:
  - metadata: {name: data}
    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
YAML
defaults_ok() {
  kn get sts web -o json | jq -e '.spec | .replicas == 1 and .podManagementPolicy == "OrderedReady"
    and .updateStrategy == {type: "RollingUpdate", rollingUpdate: {partition: 0, maxUnavailable: 1}}
    and .revisionHistoryLimit == 10
    and .persistentVolumeClaimRetentionPolicy == {whenDeleted: "Retain", whenScaled: "Retain"}
    and (has("ordinals") | not)
    and .template.spec.restartPolicy == "Always" and .template.spec.dnsPolicy == "ClusterFirst"
    and .template.spec.containers[0].terminationMessagePath == "/dev/termination-log"'
}
check "T9 defaults of a minimal set" defaults_ok
fixture_json t10 1 '{"updateStrategy":{"type":"RollingUpdate"}}' | kn create -f - >/dev/null
check "T10 RollingUpdate without a rollingUpdate block stays so" \
  expect_eq '{"type":"RollingUpdate"}' "$(kn get sts t10 -o json | jq -c .spec.updateStrategy)"

# contains TEXT FRAGMENT: TEXT has FRAGMENT, literally.
contains() {
  [[ "$1" == *"$2"* ]] && return 0
  echo "expected to contain: [$2]"; echo "actual: [$1]"; return 1
}
# rejects JQ-FILTER FRAGMENT: F("bad", 1) edited by the filter is refused by
# `kubectl create` as Invalid with the fragment.
rejects() {
  local out
  out=$(fixture_json bad 1 | jq "$1" | kn create -f - 2>&1) && { echo "accepted"; return 1; }
  contains "$out" " is invalid: " && contains "$out" "$2"
}
check "T11 missing selector" rejects 'del(.spec.selector)' 'spec.selector: Required value'
check "T12 empty selector" rejects '.spec.selector = {}' 'empty selector is invalid for statefulset'
check "T13 selector/template mismatch" rejects '.spec.template.metadata.labels = {other: "x"}' '`selector` does not match template `labels`'
check "T14 restartPolicy Never" rejects '.spec.template.spec.restartPolicy = "Never"' 'Unsupported value: "Never": supported values: "Always"'
check "T15 activeDeadlineSeconds" rejects '.spec.template.spec.activeDeadlineSeconds = 5' 'activeDeadlineSeconds: Forbidden'
check "T16 podManagementPolicy Foo" rejects '.spec.podManagementPolicy = "Foo"' "must be 'OrderedReady' or 'Parallel'"
check "T17 updateStrategy Foo" rejects '.spec.updateStrategy = {type: "Foo"}' "must be 'RollingUpdate' or 'OnDelete'"
check "T17 updateStrategy Recreate (not a 1.32 strategy)" rejects '.spec.updateStrategy = {type: "Recreate"}' "must be 'RollingUpdate' or 'OnDelete'"
check "T18 OnDelete with rollingUpdate" rejects '.spec.updateStrategy = {type: "OnDelete", rollingUpdate: {}}' "only allowed for updateStrategy 'RollingUpdate'"
check "T19 partition -1" rejects '.spec.updateStrategy = {type: "RollingUpdate", rollingUpdate: {partition: -1}}' 'partition: Invalid value: -1: must be greater than or equal to 0'
check "T20 maxUnavailable 0" rejects '.spec.updateStrategy = {type: "RollingUpdate", rollingUpdate: {maxUnavailable: 0}}' 'maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: cannot be 0'
check "T21 maxUnavailable 120%" rejects '.spec.updateStrategy = {type: "RollingUpdate", rollingUpdate: {maxUnavailable: "120%"}}' 'StrVal:"120%"}: must not be greater than 100%'
check "T22 whenDeleted Foo" rejects '.spec.persistentVolumeClaimRetentionPolicy = {whenDeleted: "Foo"}' 'whenDeleted: Unsupported value: "Foo"'
check "T23 replicas -1" rejects '.spec.replicas = -1' 'spec.replicas: Invalid value: -1: must be greater than or equal to 0'
check "T23 minReadySeconds -1" rejects '.spec.minReadySeconds = -1' 'spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0'
check "T23 ordinals.start -1" rejects '.spec.ordinals = {start: -1}' 'spec.ordinals.start: Invalid value: -1: must be greater than or equal to 0'
check "T24 name a.b" rejects '.metadata.name = "a.b"' 'metadata.name: Invalid value: "a.b": must not contain dots'

scenario t25
fixture web 1 "{$PVC_SPEC}"
immutable() {
  local out
  out=$(kn patch sts web --type=json -p "$1" 2>&1) && { echo "accepted"; return 1; }
  contains "$out" "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"
}
check "T25 selector is immutable" immutable '[{"op":"add","path":"/spec/selector/matchLabels/x","value":"y"},{"op":"add","path":"/spec/template/metadata/labels/x","value":"y"}]'
check "T25 serviceName is immutable" immutable '[{"op":"replace","path":"/spec/serviceName","value":"other"}]'
check "T25 claim template size is immutable" immutable '[{"op":"replace","path":"/spec/volumeClaimTemplates/0/spec/resources/requests/storage","value":"2Gi"}]'
check "T25 podManagementPolicy is immutable" immutable '[{"op":"replace","path":"/spec/podManagementPolicy","value":"Parallel"}]'
mutable() { kn patch sts web --type=merge -p "$1" >/dev/null; }
check "T25 replicas, minReadySeconds, revisionHistoryLimit may change" mutable '{"spec":{"replicas":2,"minReadySeconds":1,"revisionHistoryLimit":5}}'
check "T25 updateStrategy, retention, ordinals may change" mutable '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":1}},"persistentVolumeClaimRetentionPolicy":{"whenScaled":"Delete"},"ordinals":{"start":0}}}'

status_rejected() {
  local out
  out=$(kn patch sts web --subresource=status --type=merge -p "$1" 2>&1) && { echo "accepted"; return 1; }
  contains "$out" "$2"
}
check "T27 readyReplicas above replicas" status_rejected '{"status":{"replicas":1,"readyReplicas":2}}' 'cannot be greater than status.replicas'
kn patch sts web --subresource=status --type=merge -p '{"status":{"collisionCount":3}}' >/dev/null
check "T27 collisionCount cannot go down" status_rejected '{"status":{"collisionCount":1}}' 'cannot be decremented'

# ------------------------------------------------------------- reconcile
scenario t29
fixture web 2 "{$PVC_SPEC}"
check "T29 two pods Running and Ready" wait_running_and_ready 2
kn patch pvc datadir-web-1 -p '{"metadata":{"finalizers":["test.stead.dev/hold"]}}' >/dev/null
claim_uid=$(kn get pvc datadir-web-1 -o jsonpath='{.metadata.uid}')
kn delete pvc datadir-web-1 --wait=false >/dev/null
delete_pod web-1
check "T29 web-1 is not recreated while its claim is terminating" holds 2 eval '[ -z "$(pod_uid web-1)" ]'
claim_event() {
  kn get events --field-selector involvedObject.name=web -o jsonpath='{.items[*].message}' | grep -q "pvc datadir-web-1 is being deleted"
}
check "T29 an event names the terminating claim" eventually 10 claim_event
kn patch pvc datadir-web-1 --type=json -p '[{"op":"remove","path":"/metadata/finalizers"}]' >/dev/null
new_claim() { local u; u=$(kn get pvc datadir-web-1 -o jsonpath='{.metadata.uid}' 2>/dev/null); [ -n "$u" ] && [ "$u" != "$claim_uid" ]; }
check "T29 then a fresh claim and pod are created" eventually 30 eval 'new_claim && running_and_ready 2'

terminating_blocks() {  # terminating_blocks POLICY: what T30/T31 observe
  fixture web 3 "{\"podManagementPolicy\":\"$1\"}"
  check "$2 three pods Running and Ready" wait_running_and_ready 3
  kn patch pod web-0 -p '{"metadata":{"finalizers":["test.stead.dev/hold"]}}' >/dev/null
  kn delete pod web-0 --wait=false >/dev/null
  kn scale sts web --replicas=4 >/dev/null
}
scenario t30
terminating_blocks OrderedReady T30
check "T30 no web-3 while web-0 is terminating (OrderedReady)" holds 2 eval '[ -z "$(pod_uid web-3)" ]'
kn patch pod web-0 --type=json -p '[{"op":"remove","path":"/metadata/finalizers"}]' >/dev/null
check "T30 then web-0 is recreated, then web-3" eventually 30 running_and_ready 4

scenario t31
terminating_blocks Parallel T31
check "T31 Parallel creates web-3 while web-0 is terminating" eventually 30 eval '[ -n "$(pod_uid web-3)" ] && [ -n "$(pod_field web-0 "{.metadata.deletionTimestamp}")" ]'
kn patch pod web-0 --type=json -p '[{"op":"remove","path":"/metadata/finalizers"}]' >/dev/null
check "T31 and converges" eventually 30 running_and_ready 4

scenario t33
fixture web 1 '{"minReadySeconds":3}'
check "T33 web-0 runs" wait_running_and_ready 1
kn scale sts web --replicas=2 >/dev/null
check "T33 web-1 is created" eventually 30 eval '[ -n "$(pod_uid web-1)" ]'
gap=$(( $(date -d "$(pod_field web-1 '{.metadata.creationTimestamp}')" +%s) -
  $(date -d "$(pod_field web-0 '{.status.conditions[?(@.type=="Ready")].lastTransitionTime}')" +%s) ))
check "T33 at least minReadySeconds after web-0 became Ready (${gap}s)" test "$gap" -ge 3

scenario t34
fixture web 3 "{$PVC_SPEC}"
check "T34 three pods Running and Ready" wait_running_and_ready 3
uids=$(for p in web-0 web-1 web-2; do pod_uid $p; done | paste -sd' ')
kn delete sts web --cascade=orphan >/dev/null
no_owner() { [ -z "$(controller_ref "$1")" ]; }
check "T34 orphan deletion leaves pods without owners" eventually 30 eval 'no_owner web-0 && no_owner web-1 && no_owner web-2'
check "T34 and the claims stay" claims_are "datadir-web-0 datadir-web-1 datadir-web-2"
fixture web 3 "{$PVC_SPEC}"
adopted() { [ -n "$(controller_ref web-0)" ] && [ -n "$(controller_ref web-1)" ] && [ -n "$(controller_ref web-2)" ]; }
check "T34 an identical set re-adopts them" eventually 30 adopted
check "T34 the same pods, not restarted" expect_eq "$uids" "$(for p in web-0 web-1 web-2; do pod_uid $p; done | paste -sd' ')"
kn delete sts web --cascade=background --wait=false >/dev/null
check "T34 background deletion removes every pod" eventually 30 count_is 0
check "T34 but not the claims" claims_are "datadir-web-0 datadir-web-1 datadir-web-2"

scenario t36
fixture web 3 '{"podManagementPolicy":"Parallel"}'
kn annotate sts web stead.dev/replace-unready-after-seconds=-1 >/dev/null
check "T36 three pods Running and Ready" wait_running_and_ready 3
set_image web httpd:broken
pulling_fails() { pod_field web-2 '{.status.containerStatuses[0].state.waiting.reason}' | grep -q -E 'ErrImagePull|ImagePullBackOff'; }
check "T36 web-2 cannot pull the broken image" eventually 30 pulling_fails
kn rollout undo sts/web >/dev/null
check "T36 Parallel replaces web-2 itself after the revert" eventually 60 eval 'rolled_out web && running_and_ready 3'

# ------------------------------------------------------ updates and history
scenario t37
fixture web 2
check "T37 two pods Running and Ready" wait_running_and_ready 2
rev=$(update_revision web); uids=$(pod_uid web-0)$(pod_uid web-1)
kn patch sts web --type=merge -p '{"spec":{"replicas":3,"minReadySeconds":1,"revisionHistoryLimit":3,"updateStrategy":{"rollingUpdate":{"partition":1}},"persistentVolumeClaimRetentionPolicy":{"whenDeleted":"Delete"}}}' >/dev/null
check "T37 non-template changes roll nothing out" wait_running_and_ready 3
check "T37 still one ControllerRevision, same updateRevision" \
  expect_eq "1 $rev" "$(kn get controllerrevisions -o name | wc -l) $(update_revision web)"
check "T37 no pod restarted" expect_eq "$uids" "$(pod_uid web-0)$(pod_uid web-1)"

scenario t38
fixture web 3
check "T38 three pods Running and Ready" wait_running_and_ready 3
rev=$(update_revision web)
order=$E2E_TMP/t38.order
kn get pods -l "$SEL" --watch-only -o jsonpath='{.metadata.name} {.metadata.deletionTimestamp}{"\n"}' >"$order" 2>/dev/null &
watch_pid=$!; E2E_PIDS+=("$watch_pid")
sleep 0.3
kn rollout restart sts/web >/dev/null
check "T38 a new revision rolls out" eventually 60 eval '[ "$(update_revision web)" != "$rev" ] && rolled_out web && running_and_ready 3'
check "T38 the template carries restartedAt" expect_match '^20' "$(sts_field web '{.spec.template.metadata.annotations.kubectl\.kubernetes\.io/restartedAt}')"
kill "$watch_pid" 2>/dev/null; wait "$watch_pid" 2>/dev/null
deleted_order=$(awk 'NF == 2 && !seen[$1]++ { print $1 }' "$order" | paste -sd' ')
check "T38 pods replaced 2, 1, 0" expect_eq "web-2 web-1 web-0" "$deleted_order"

scenario t39
fixture web 1
check "T39 web-0 runs" wait_running_and_ready 1
rev1=$(update_revision web)
set_image web httpd:2.4.39; check "T39 revision 2" wait_for_rolling_update web
set_image web httpd:2.4.40; check "T39 revision 3" wait_for_rolling_update web
kn rollout undo sts/web --to-revision=1 >/dev/null
check "T39 undo to revision 1 rolls it out" eventually 60 eval '[ "$(update_revision web)" = "$rev1" ] && rolled_out web'
check "T39 no new ControllerRevision" expect_eq 3 "$(kn get controllerrevisions -o name | wc -l)"
check "T39 revision 1 became revision 4" expect_eq 4 "$(kn get controllerrevision "$rev1" -o jsonpath='{.revision}')"
history() { kn rollout history sts/web | awk 'NR > 2 && NF { print $1 }' | paste -sd' '; }
check "T39 rollout history lists 2 3 4" expect_eq "2 3 4" "$(history)"

scenario t40
fixture web 2 '{"revisionHistoryLimit":2}'
check "T40 two pods Running and Ready" wait_running_and_ready 2
for v in 40 41 42 43 44; do
  set_image web "httpd:2.4.$v"
  check "T40 roll-out to httpd:2.4.$v" wait_for_rolling_update web
done
check "T40 exactly 3 revisions remain" eventually 10 eval '[ "$(kn get controllerrevisions -o name | wc -l)" -eq 3 ]'
kn patch sts web --type=merge -p '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":1}}}}' >/dev/null
pinned=$(pod_revision web-0)
for v in 45 46 47 48; do
  set_image web "httpd:2.4.$v"
  check "T40 partitioned roll-out to httpd:2.4.$v" wait_for_partitioned_rolling_update web
done
check "T40 web-0's old revision is never deleted" kn get controllerrevision "$pinned"
check "T40 web-0 still runs it" expect_eq "$pinned" "$(pod_revision web-0)"

scenario t41
fixture web 3 '{"updateStrategy":{"rollingUpdate":{"partition":1}}}'
check "T41 three pods Running and Ready" wait_running_and_ready 3
old=$(current_revision web)
set_image web "$NEW_IMAGE"
check "T41 partition 1: web-2 and web-1 updated" wait_for_partitioned_rolling_update web
check "T41 the update never completes" holds 2 eval '[ "$(current_revision web)" = "$old" ] && status_is web currentReplicas 1'
kn patch sts web --type=merge -p '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":0}}}}' >/dev/null
check "T41 partition 0 completes it" eventually 60 eval 'rolled_out web && status_is web currentReplicas 3 && status_is web updatedReplicas 3'

# ---------------------------------------------------------------- status
scenario t43
fixture web 1
check "T43 web-0 runs" wait_running_and_ready 1
# Its containers take 20 s to stop: it stays Ready while terminating.
kn annotate pod web-0 sim.stead.dev/terminate-delay=20s >/dev/null
kn patch pod web-0 -p '{"metadata":{"finalizers":["test.stead.dev/hold"]}}' >/dev/null
kn scale sts web --replicas=0 >/dev/null
counts() { kn get sts web -o json | jq -c '.status | [.replicas, .readyReplicas, (.currentReplicas // 0), (.updatedReplicas // 0)]'; }
check "T43 a terminating Ready pod counts as replica and ready, not current/updated" eventually 10 eval '[ "$(counts)" = "[1,1,0,0]" ]'
kn patch pod web-0 --type=json -p '[{"op":"remove","path":"/metadata/finalizers"}]' >/dev/null
kn delete pod web-0 --grace-period=0 --force >/dev/null 2>&1
zero_status() {
  kn get sts web -o json | jq -e '.status | .replicas == 0 and .availableReplicas == 0
    and (has("readyReplicas") | not) and (has("currentReplicas") | not) and (has("updatedReplicas") | not)'
}
check "T43 all-zero counters are omitted but replicas and availableReplicas stay" eventually 30 zero_status

# ------------------------------------------------------------------ DNS
dns() { dig @127.0.0.1 -p "$DNS_PORT" +time=2 +tries=1 "$@"; }
dns_short() { dns +short "$@" | sort | paste -sd' '; }
dns_status() { dns "$@" | sed -n 's/.*status: \([A-Z]*\),.*/\1/p'; }
resolves_to() { expect_eq "$2" "$(dns_short "$1" "${3:-A}")"; }
ip_of() { pod_field "$1" '{.status.podIP}'; }
scenario t44
fixture web 2
check "T44 two pods Running and Ready" wait_running_and_ready 2
zone=$NS.svc.cluster.local
ip0=$(ip_of web-0); ip1=$(ip_of web-1)
both=$(printf '%s\n' "$ip0" "$ip1" | sort | paste -sd' ')
check "T44 web-0.test resolves to web-0's IP" eventually 5 resolves_to "web-0.test.$zone" "$ip0"
check "T44 the service name returns both IPs" eventually 5 resolves_to "test.$zone" "$both"
srv_targets="0 50 80 web-0.test.$zone. 0 50 80 web-1.test.$zone."  # CoreDNS's weights
check "T44 SRV _http._tcp names both pods" eventually 5 resolves_to "_http._tcp.test.$zone" "$srv_targets" SRV
check "T44 PTR of web-0's IP" expect_eq "web-0.test.$zone." "$(dns +short -x "$ip0")"
break_readiness web-1 >/dev/null
check "T44 a not-ready web-1 leaves the A answer" eventually 5 resolves_to "test.$zone" "$ip0"
check "T44 and the SRV answer" eventually 5 resolves_to "_http._tcp.test.$zone" "0 100 80 web-0.test.$zone." SRV
kn patch svc test -p '{"spec":{"publishNotReadyAddresses":true}}' >/dev/null
check "T44 publishNotReadyAddresses brings it back" eventually 5 resolves_to "test.$zone" "$both"
kn create service clusterip other --clusterip=None --tcp=80 >/dev/null
kn patch svc other --type=json -p '[{"op":"replace","path":"/spec/selector","value":{"foo":"bar","baz":"blah"}}]' >/dev/null
check "T44 a second headless Service selects the ready pod too" eventually 5 resolves_to "other.$zone" "$ip0"
check "T44 but names no web-0.other" expect_eq NXDOMAIN "$(dns_status "web-0.other.$zone")"

scenario t45
fixture web 1 '{"serviceName":"missing"}'
check "T45 without its governing Service the set still runs" wait_running_and_ready 1
check "T45 no DNS name exists" expect_eq NXDOMAIN "$(dns_status "web-0.missing.$NS.svc.cluster.local")"
kn create service clusterip missing --clusterip=None --tcp=80 >/dev/null
kn patch svc missing --type=json -p '[{"op":"replace","path":"/spec/selector","value":{"foo":"bar","baz":"blah"}}]' >/dev/null
check "T45 creating the Service creates the name" \
  eventually 5 resolves_to "web-0.missing.$NS.svc.cluster.local" "$(ip_of web-0)"
e2e_finish
