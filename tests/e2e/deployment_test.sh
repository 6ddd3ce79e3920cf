#!/usr/bin/env bash
# Deployments and ReplicaSets with the real kubectl on simulated nodes:
# pod names, replacement of a deleted pod, a rolling update observed through
# a watch (never more than replicas+maxSurge pods, never fewer than
# replicas-maxUnavailable ready), rollout status/history/undo/pause/resume/
# restart, scaling, Recreate without overlap, the progress deadline, events,
# and ReplicaSet adoption and release of pods.
source "$(dirname "$0")/lib.sh"
e2e_start --simulated-nodes 2 --sim-start-delay 300ms --sim-stop-delay 100ms || exit 1
STATS="python3 $(dirname "$0")/deployment/watch_stats.py"

pod_names() { k get pods -l "app=$1" -o jsonpath='{range .items[*]}{.metadata.name}{"\n"}{end}' | sort; }
live_pods() {  # pods of app $1 not being deleted
  k get pods -l "app=$1" -o json |
    python3 -c 'import json,sys; print("\n".join(sorted(p["metadata"]["name"] for p in json.load(sys.stdin)["items"] if not p["metadata"].get("deletionTimestamp"))))'
}
count_is() { [ "$(live_pods "$1" | grep -c .)" -eq "$2" ]; }
rs_names() { k get rs -l "app=$1" -o jsonpath='{range .items[*]}{.metadata.name}{"\n"}{end}' | sort; }
# The ReplicaSet of the deployment's current revision.
current_rs() {
  local rev
  rev=$(k get deploy "$1" -o jsonpath='{.metadata.annotations.deployment\.kubernetes\.io/revision}')
  k get rs -l "app=$1" -o json | python3 -c "
import json,sys
for rs in json.load(sys.stdin)['items']:
    if rs['metadata'].get('annotations', {}).get('deployment.kubernetes.io/revision') == '$rev':
        print(rs['metadata']['name'])"
}
rs_replicas() { k get rs "$1" -o jsonpath='{.spec.replicas}'; }
watch_pods() {  # watch_pods app file: records the pods of app; sets WATCH_PID
  k get pods -l "app=$1" -w -o json --output-watch-events >"$2" 2>/dev/null &
  WATCH_PID=$!
  E2E_PIDS+=("$WATCH_PID")
  sleep 0.5
}
stop_watch() { sleep 0.5; kill "$WATCH_PID" 2>/dev/null; wait "$WATCH_PID" 2>/dev/null; }
holds() {  # holds seconds command...: the command succeeds throughout
  local deadline=$((SECONDS + $1)); shift
  while [ $SECONDS -lt $deadline ]; do "$@" >/dev/null 2>&1 || { "$@"; return 1; }; sleep 0.2; done
}

# --- Names and replacement -------------------------------------------------
k create deployment web --image=nginx:1.25 --replicas=3 >/dev/null
check "rollout status returns for a new deployment" k rollout status deploy/web --timeout=30s
rs1=$(current_rs web)
hash1=${rs1#web-}
check "the ReplicaSet is <deploy>-<pod-template-hash>" expect_match '^web-[bcdfghjklmnpqrstvwxz2456789]{6,10}$' "$rs1"
check "pod-template-hash on the selector, the template and the pods" expect_eq "$hash1 $hash1 $hash1 $hash1 $hash1" \
  "$(k get rs "$rs1" -o jsonpath='{.spec.selector.matchLabels.pod-template-hash} {.spec.template.metadata.labels.pod-template-hash}') $(k get pods -l app=web -o jsonpath='{.items[*].metadata.labels.pod-template-hash}')"
check "three pods named <rs>-<5 random chars>" eval "[ \"\$(pod_names web | grep -cE '^$rs1-[bcdfghjklmnpqrstvwxz2456789]{5}\$')\" -eq 3 ]"
check "pods carry the controller reference" expect_eq "ReplicaSet/$rs1/true/true" \
  "$(k get pod "$(pod_names web | head -1)" -o jsonpath='{.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name}/{.metadata.ownerReferences[0].controller}/{.metadata.ownerReferences[0].blockOwnerDeletion}')"
check "ReplicaSet annotations" expect_eq "1 3 4" \
  "$(k get rs "$rs1" -o jsonpath='{.metadata.annotations.deployment\.kubernetes\.io/revision} {.metadata.annotations.deployment\.kubernetes\.io/desired-replicas} {.metadata.annotations.deployment\.kubernetes\.io/max-replicas}')"
check "kubectl get deploy columns" expect_match '^web +3/3 +3 +3 ' "$(k get deploy web --no-headers)"
check "kubectl get rs columns" expect_match "^$rs1 +3 +3 +3 " "$(k get rs "$rs1" --no-headers)"
check "deployment status" expect_eq "3 3 3 3 1" \
  "$(k get deploy web -o jsonpath='{.status.replicas} {.status.updatedReplicas} {.status.readyReplicas} {.status.availableReplicas} {.status.observedGeneration}')"
check "Available and Progressing conditions" expect_eq "True/MinimumReplicasAvailable True/NewReplicaSetAvailable" \
  "$(k get deploy web -o jsonpath='{.status.conditions[?(@.type=="Available")].status}/{.status.conditions[?(@.type=="Available")].reason} {.status.conditions[?(@.type=="Progressing")].status}/{.status.conditions[?(@.type=="Progressing")].reason}')"

victim=$(pod_names web | head -1)
k delete pod "$victim" --wait=false >/dev/null
replaced() { count_is web 3 && ! live_pods web | grep -qx "$victim" && [ "$(k get pods -l app=web -o jsonpath='{.items[*].status.containerStatuses[0].ready}' | tr ' ' '\n' | grep -c true)" -ge 3 ]; }
check "a deleted pod is replaced by one with a new name" eventually 30 replaced
check "the replacement has the ReplicaSet's prefix" eval "live_pods web | grep -vx '$victim' | grep -qE '^$rs1-'"
check "SuccessfulCreate events name the created pods" eventually 10 \
  eval "k get events --field-selector involvedObject.name=$rs1 -o jsonpath='{range .items[*]}{.reason}: {.message}{\"\\n\"}{end}' | grep -qE '^SuccessfulCreate: Created pod: $rs1-'"

# --- Rolling update observed through a watch ---------------------------------
k patch deploy web --type=merge -p '{"spec":{"strategy":{"rollingUpdate":{"maxSurge":1,"maxUnavailable":0}}}}' >/dev/null
check "the strategy change is not a rollout" holds 1 eval '[ "$(rs_names web | grep -c .)" -eq 1 ]'
watch_pods web "$E2E_TMP/roll.json"
k set image deploy/web nginx=nginx:1.26 >/dev/null
check "rollout status returns after set image" k rollout status deploy/web --timeout=60s
stop_watch
read -r max_pods min_ready seen <<<"$($STATS "$E2E_TMP/roll.json" surge 3)"
check "the watch saw the rollout ($seen pods)" eval "[ $seen -ge 6 ]"
check "never more than replicas+maxSurge = 4 pods (max $max_pods)" eval "[ $max_pods -le 4 ]"
check "never fewer than replicas-maxUnavailable = 3 ready (min $min_ready)" eval "[ $min_ready -ge 3 ]"
rs2=$(current_rs web)
check "a second ReplicaSet holds the pods" expect_eq "0 3" "$(rs_replicas "$rs1") $(rs_replicas "$rs2")"
check "new pods run the new image" expect_eq "nginx:1.26 nginx:1.26 nginx:1.26" \
  "$(k get pods -l "pod-template-hash=${rs2#web-}" -o jsonpath='{.items[*].spec.containers[0].image}')"
check "rollout history lists revisions 1 and 2" expect_match $'REVISION +CHANGE-CAUSE\n1 +<none>\n2 +<none>' \
  "$(k rollout history deploy/web | sed 1d)"
check "ScalingReplicaSet events with the 1.32 wording" \
  eval "k describe deploy web | grep -qE 'ScalingReplicaSet +.*Scaled up replica set $rs1 from 0 to 3' && k describe deploy web | grep -qE 'Scaled down replica set $rs1 from 3 to 2'"

# --- Undo: back to the first ReplicaSet ---------------------------------------
k patch deploy web --type=merge -p '{"spec":{"strategy":{"rollingUpdate":{"maxSurge":0,"maxUnavailable":1}}}}' >/dev/null
watch_pods web "$E2E_TMP/undo.json"
check "rollout undo" k rollout undo deploy/web
check "rollout status returns after undo" k rollout status deploy/web --timeout=60s
stop_watch
read -r max_pods min_ready seen <<<"$($STATS "$E2E_TMP/undo.json" surge 3)"
check "undo: never more than 3 pods with maxSurge 0 (max $max_pods)" eval "[ $max_pods -le 3 ]"
check "undo: never fewer than 2 ready with maxUnavailable 1 (min $min_ready)" eval "[ $min_ready -ge 2 ]"
check "undo returns to the first ReplicaSet (same hash name)" expect_eq "$rs1" "$(current_rs web)"
check "... which is revision 3 and remembers revision 1" expect_eq "3 1" \
  "$(k get rs "$rs1" -o jsonpath='{.metadata.annotations.deployment\.kubernetes\.io/revision} {.metadata.annotations.deployment\.kubernetes\.io/revision-history}')"
check "history now lists 2 and 3" expect_match $'\n2 +<none>\n3 +<none>' "$(k rollout history deploy/web)"
check "only two ReplicaSets exist" expect_eq "2" "$(rs_names web | grep -c .)"

# --- Scale ----------------------------------------------------------------------
k scale deploy/web --replicas=5 >/dev/null
check "scale up to 5" eventually 30 eval 'count_is web 5 && [ "$(k get deploy web -o jsonpath={.status.availableReplicas})" = 5 ]'
k scale deploy/web --replicas=2 >/dev/null
check "scale down to 2" eventually 30 eval 'count_is web 2 && [ "$(rs_replicas '"$rs1"')" = 2 ]'
check "SuccessfulDelete events" eval "k describe rs $rs1 | grep -qE 'SuccessfulDelete +.*Deleted pod: $rs1-'"

# --- Pause, resume, restart --------------------------------------------------------
check "rollout pause" k rollout pause deploy/web
check "paused: Progressing Unknown/DeploymentPaused" eventually 10 eval \
  '[ "$(k get deploy web -o jsonpath="{.status.conditions[?(@.type==\"Progressing\")].status}/{.status.conditions[?(@.type==\"Progressing\")].reason}")" = Unknown/DeploymentPaused ]'
k set image deploy/web nginx=nginx:1.27 >/dev/null
check "a paused deployment does not roll out" holds 2 eval '[ "$(rs_names web | grep -c .)" -eq 2 ] && [ "$(current_rs web)" = "'"$rs1"'" ]'
k scale deploy/web --replicas=3 >/dev/null
check "a paused deployment still scales" eventually 30 eval '[ "$(rs_replicas '"$rs1"')" = 3 ] && count_is web 3'
check "rollout resume" k rollout resume deploy/web
check "resumed: the rollout to nginx:1.27 completes" k rollout status deploy/web --timeout=60s
rs3=$(current_rs web)
check "a third ReplicaSet" eval "[ '$rs3' != '$rs1' ] && [ '$rs3' != '$rs2' ] && [ \"\$(rs_replicas $rs3)\" = 3 ]"
check "rollout restart" k rollout restart deploy/web
check "the restart rolls out" k rollout status deploy/web --timeout=60s
rs4=$(current_rs web)
check "the restart made a new ReplicaSet with restartedAt" eval \
  "[ '$rs4' != '$rs3' ] && [ -n \"\$(k get rs $rs4 -o jsonpath='{.spec.template.metadata.annotations.kubectl\.kubernetes\.io/restartedAt}')\" ]"
check "history lists four revisions" expect_match $'\n2 +<none>\n3 +<none>\n4 +<none>\n5 +<none>' \
  "$(k rollout history deploy/web)"

# The deprecated rollbackTo (extensions/v1beta1's rollback) as an annotation.
k annotate deploy web deprecated.deployment.rollback.to=0 >/dev/null
check "the deprecated rollbackTo annotation rolls back to the last revision" eventually 30 eval \
  '[ "$(current_rs web)" = "'"$rs3"'" ] && [ -z "$(k get deploy web -o jsonpath="{.metadata.annotations.deprecated\.deployment\.rollback\.to}")" ]'
# (Its DeploymentRollback event is past the recorder's spam filter for this
# deployment by now, as upstream's would be: the unit tests check it.)
check "... which becomes revision 6" eventually 10 eval \
  "[ \"\$(k get rs $rs3 -o jsonpath='{.metadata.annotations.deployment\.kubernetes\.io/revision}')\" = 6 ]"
check "... and completes" k rollout status deploy/web --timeout=60s

# --- Recreate ------------------------------------------------------------------------
k create deployment rec --image=nginx:1.25 --replicas=2 >/dev/null
k patch deploy rec --type=merge -p '{"spec":{"strategy":{"type":"Recreate","rollingUpdate":null}}}' >/dev/null
check "Recreate deployment rolls out" k rollout status deploy/rec --timeout=30s
watch_pods rec "$E2E_TMP/rec.json"
k set image deploy/rec nginx=nginx:1.26 >/dev/null
check "Recreate rollout completes" k rollout status deploy/rec --timeout=60s
stop_watch
check "Recreate never overlaps old and new pods" expect_eq 1 "$($STATS "$E2E_TMP/rec.json" overlap)"
check "Recreate: two new pods" eventually 10 count_is rec 2

# --- Progress deadline ------------------------------------------------------------------
cat <<'YAML' | k apply -f - >/dev/null
apiVersion: apps/v1
kind: Deployment
metadata: {name: stuck}
spec:
  replicas: 1
  progressDeadlineSeconds: 3
  selector: {matchLabels: {app: stuck}}
  template:
    metadata:
      labels: {app: stuck}
      annotations: {sim.stead.dev/ready: "false"}
    spec:
      containers: [{name: c, image: nginx:1.25}]
YAML
deadline_exceeded() {
  [ "$(k get deploy stuck -o jsonpath='{.status.conditions[?(@.type=="Progressing")].status}/{.status.conditions[?(@.type=="Progressing")].reason}')" = False/ProgressDeadlineExceeded ]
}
check "a never-ready pod exceeds the progress deadline" eventually 30 deadline_exceeded
check "... with upstream's message" expect_match '^ReplicaSet "stuck-[a-z0-9]+" has timed out progressing\.$' \
  "$(k get deploy stuck -o jsonpath='{.status.conditions[?(@.type=="Progressing")].message}')"
check "Available=False MinimumReplicasUnavailable" expect_eq "False/MinimumReplicasUnavailable" \
  "$(k get deploy stuck -o jsonpath='{.status.conditions[?(@.type=="Available")].status}/{.status.conditions[?(@.type=="Available")].reason}')"
status_out=$(k rollout status deploy/stuck --timeout=10s 2>&1); status_rc=$?
check "rollout status fails on the exceeded deadline" eval "[ $status_rc -ne 0 ] && [[ \"\$status_out\" == *'exceeded its progress deadline'* ]]"

# --- minReadySeconds ----------------------------------------------------------------------------
cat <<'YAML' | k apply -f - >/dev/null
apiVersion: apps/v1
kind: Deployment
metadata: {name: slow}
spec:
  replicas: 2
  minReadySeconds: 5
  selector: {matchLabels: {app: slow}}
  template:
    metadata: {labels: {app: slow}}
    spec:
      containers: [{name: c, image: nginx:1.25}]
YAML
ready_not_available() {
  [ "$(k get rs -l app=slow -o jsonpath='{.items[0].status.readyReplicas}/{.items[0].status.availableReplicas}')" = 2/ ] ||
    [ "$(k get rs -l app=slow -o jsonpath='{.items[0].status.readyReplicas}/{.items[0].status.availableReplicas}')" = 2/0 ]
}
check "minReadySeconds: ready pods are not available at once" eventually 20 ready_not_available
start=$SECONDS
check "... and become available after minReadySeconds" k rollout status deploy/slow --timeout=30s
check "... not before (took $((SECONDS - start)) s)" eval "[ $((SECONDS - start)) -ge 3 ]"
check "minReadySeconds is passed to the ReplicaSet" expect_eq 5 "$(k get rs -l app=slow -o jsonpath='{.items[0].spec.minReadySeconds}')"

# --- Orphaned ReplicaSets are adopted ------------------------------------------------------------
slow_rs=$(rs_names slow)
slow_pods=$(pod_names slow)
k delete deploy slow --cascade=orphan >/dev/null
check "an orphaned ReplicaSet keeps its pods" eventually 20 eval \
  '[ -z "$(k get rs '"$slow_rs"' -o jsonpath="{.metadata.ownerReferences}")" ] && [ "$(pod_names slow)" = "$slow_pods" ]'
cat <<'YAML' | k apply -f - >/dev/null
apiVersion: apps/v1
kind: Deployment
metadata: {name: slow}
spec:
  replicas: 2
  minReadySeconds: 5
  selector: {matchLabels: {app: slow}}
  template:
    metadata: {labels: {app: slow}}
    spec:
      containers: [{name: c, image: nginx:1.25}]
YAML
check "a new deployment with the same template adopts it" eventually 20 eval \
  '[ "$(k get rs '"$slow_rs"' -o jsonpath="{.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name}")" = Deployment/slow ]'
check "... without a new ReplicaSet or new pods" holds 2 eval \
  '[ "$(rs_names slow)" = "'"$slow_rs"'" ] && [ "$(pod_names slow)" = "'"$slow_pods"'" ]'
check "... and reports them" k rollout status deploy/slow --timeout=30s

# --- ReplicaSet adoption and release --------------------------------------------------------
k run orphan --image=nginx:1.25 --labels=app=bare,tier=x >/dev/null
cat <<'YAML' | k apply -f - >/dev/null
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: bare}
spec:
  replicas: 2
  selector: {matchLabels: {app: bare}}
  template:
    metadata: {labels: {app: bare}}
    spec:
      containers: [{name: c, image: nginx:1.25}]
YAML
check "an orphan matching the selector is adopted" eventually 30 eval \
  '[ "$(k get pod orphan -o jsonpath="{.metadata.ownerReferences[0].name}")" = bare ]'
check "... and counts: one pod is created, not two" eventually 30 eval 'count_is bare 2 && [ "$(k get rs bare -o jsonpath={.status.readyReplicas})" = 2 ]'
check "fullyLabeledReplicas counts template labels" expect_eq 2 "$(k get rs bare -o jsonpath='{.status.fullyLabeledReplicas}')"
k label pod orphan app=gone --overwrite >/dev/null
check "a pod that stops matching is released" eventually 30 eval '[ -z "$(k get pod orphan -o jsonpath="{.metadata.ownerReferences}")" ]'
check "... and replaced" eventually 30 count_is bare 2
check "the released pod keeps running" expect_eq Running "$(k get pod orphan -o jsonpath='{.status.phase}')"
k delete deploy web --wait=false >/dev/null
check "deleting a deployment deletes its ReplicaSets and pods" eventually 30 eval '[ -z "$(rs_names web)" ] && [ -z "$(pod_names web)" ]'

e2e_finish
