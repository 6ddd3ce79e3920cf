#!/usr/bin/env bash
# The seed tutorial's Service and StatefulSet driven through the real
# kubectl against a real stead server (API only: no controllers needed, the
# assertions are on stored objects).
source "$(dirname "$0")/lib.sh"
FIX=$(dirname "$0")/fixtures

e2e_start --no-controllers || exit 1

check "server reports Kubernetes 1.32" \
  bash -c 'kubectl version -o json --cache-dir '"$E2E_TMP"'/kc | grep -q "\"gitVersion\": \"v1.32"'
check "kubectl version prints no skew warning" \
  bash -c '! kubectl version 2>&1 | grep -qi warning'
out=$(k api-resources 2>&1)
for sn in sts po svc pvc pv deploy rs ns ev cm; do
  check "api-resources lists short name $sn" expect_match "(^|[[:space:]])$sn([[:space:]]|$)" "$out"
done
check "explain statefulset.spec.updateStrategy" \
  bash -c 'kubectl --cache-dir '"$E2E_TMP"'/kc explain statefulset.spec.updateStrategy | grep -q "rollingUpdate"'

check "apply headless service" expect_eq "service/qdrant-service created" "$(k apply -f "$FIX/qdrant-service.yaml" 2>&1)"
check "get service columns" expect_match \
  "qdrant-service +ClusterIP +None +<none> +6333/TCP +[0-9]+s" "$(k get service qdrant-service --no-headers 2>&1)"
check "apply statefulset" expect_eq "statefulset.apps/qdrant created" "$(k apply -f "$FIX/qdrant-statefulset.yaml" 2>&1)"
check "re-apply unchanged" expect_eq "statefulset.apps/qdrant unchanged" "$(k apply -f "$FIX/qdrant-statefulset.yaml" 2>&1)"
check "re-apply with a new image is configured" expect_eq "statefulset.apps/qdrant configured" \
  "$(sed 's#qdrant/qdrant:latest#qdrant/qdrant:v1.6.0#' "$FIX/qdrant-statefulset.yaml" | k apply -f - 2>&1)"
check "get statefulsets shows READY 0/3" expect_match "^NAME +READY +AGE
qdrant +0/3 +[0-9]+s$" "$(k get statefulsets 2>&1)"
check "defaults are stored" expect_eq "OrderedReady RollingUpdate 0 10 Retain Retain" \
  "$(k get sts qdrant -o jsonpath='{.spec.podManagementPolicy} {.spec.updateStrategy.type} {.spec.updateStrategy.rollingUpdate.partition} {.spec.revisionHistoryLimit} {.spec.persistentVolumeClaimRetentionPolicy.whenDeleted} {.spec.persistentVolumeClaimRetentionPolicy.whenScaled}')"
check "generation bumped by the image change" expect_eq "2" "$(k get sts qdrant -o jsonpath='{.metadata.generation}')"
check "-o yaml" bash -c 'kubectl --cache-dir '"$E2E_TMP"'/kc get sts qdrant -o yaml | grep -q "serviceName: qdrant-service"'
check "-o json" bash -c 'kubectl --cache-dir '"$E2E_TMP"'/kc get sts qdrant -o json | grep -q "\"kind\": \"StatefulSet\""'
check "describe" bash -c 'kubectl --cache-dir '"$E2E_TMP"'/kc describe sts qdrant | grep -q "Replicas: *3 desired"'
check "label selector on pods' template labels (no pods yet)" \
  expect_eq "No resources found in default namespace." "$(k get pods -l app=qdrant 2>&1)"

# A watch sees changes as they happen.
k get sts --watch --no-headers >"$E2E_TMP/watch.out" 2>&1 &
WATCH_PID=$!
E2E_PIDS+=("$WATCH_PID")
eventually 10 grep -q "qdrant" "$E2E_TMP/watch.out"
check "partition patch" expect_eq "statefulset.apps/qdrant patched" \
  "$(k patch statefulset qdrant -p '{"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":1}}}}' 2>&1)"
check "partition stored" expect_eq "1" "$(k get sts qdrant -o jsonpath='{.spec.updateStrategy.rollingUpdate.partition}')"
check "set image" expect_match "statefulset.apps/qdrant image updated" \
  "$(k set image statefulset/qdrant qdrant=qdrant/qdrant:v1.7.0 --record 2>&1)"
check "image stored" expect_eq "qdrant/qdrant:v1.7.0" "$(k get sts qdrant -o jsonpath='{.spec.template.spec.containers[0].image}')"
check "scale" expect_eq "statefulset.apps/qdrant scaled" "$(k scale statefulset qdrant --replicas=2 2>&1)"
check "replicas stored" expect_eq "2" "$(k get sts qdrant -o jsonpath='{.spec.replicas}')"
check "scale went through the scale subresource" bash -c \
  'kubectl --cache-dir '"$E2E_TMP"'/kc get --raw /metrics | grep -q "resource=\"statefulsets/scale\""'
check "watch received the scale-down" eventually 10 grep -q "qdrant *0/2" "$E2E_TMP/watch.out"
kill "$WATCH_PID" 2>/dev/null

out=$(k patch sts qdrant -p '{"spec":{"serviceName":"other"}}' 2>&1)
check "immutable field change is rejected with upstream's message" expect_eq \
  "The StatefulSet \"qdrant\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden" "$out"
out=$(k scale sts qdrant --replicas=-1 2>&1)
check "negative scale is rejected" expect_match "must be greater than or equal to 0" "$out"
out=$(printf 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: bad\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: other}\n    spec:\n      containers: [{name: c, image: i}]\n' | k apply -f - 2>&1)
check "selector/template mismatch is rejected" expect_match '`selector` does not match template `labels`' "$out"

# A /status write keeps the spec but lets annotations through (upstream's
# statefulSetStatusStrategy), and validates them.
check "status patch" expect_eq "statefulset.apps/qdrant patched" "$(k patch sts qdrant --subresource=status \
  --type=merge -p '{"metadata":{"annotations":{"note":"via-status"}},"spec":{"replicas":5}}' 2>&1)"
check "status patch stored the annotation, not the spec" expect_eq "via-status 2" \
  "$(k get sts qdrant -o jsonpath='{.metadata.annotations.note} {.spec.replicas}')"
out=$(k patch sts qdrant --subresource=status --type=merge -p '{"metadata":{"annotations":{"bad key!":"x"}}}' 2>&1)
check "invalid annotation in a status patch is rejected" expect_match \
  'The StatefulSet "qdrant" is invalid: metadata.annotations: Invalid value: "bad key!"' "$out"

check "delete statefulset" expect_eq 'statefulset.apps "qdrant" deleted' "$(k delete sts qdrant 2>&1)"
check "statefulset is gone" expect_eq "No resources found in default namespace." "$(k get sts 2>&1)"
check "delete service" expect_eq 'service "qdrant-service" deleted' "$(k delete svc qdrant-service 2>&1)"

e2e_finish
