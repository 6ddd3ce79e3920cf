#!/usr/bin/env bash
# Server-side apply and field ownership through the real kubectl against a
# real stead server: apply creates and re-applies, managedFields as upstream
# records them, a conflict after `kubectl scale` with upstream's wording,
# --force-conflicts, and the managers of other kubectl commands.
source "$(dirname "$0")/lib.sh"
FIX=$(dirname "$0")/fixtures
STS=$FIX/qdrant-statefulset.yaml

# API semantics only: the StatefulSet controller would add its own status
# manager to the managedFields asserted below.
e2e_start --no-controllers || exit 1

# "manager/operation[/subresource]" of every managedFields entry, in order.
managers() {
  k get "$@" -o go-template='{{range .metadata.managedFields}}{{.manager}}/{{.operation}}{{if .subresource}}/{{.subresource}}{{end}} {{end}}'
}

check "apply --server-side creates" expect_eq "statefulset.apps/qdrant serverside-applied" \
  "$(k apply --server-side -f "$STS" 2>&1)"
check "apply --server-side again" expect_eq "statefulset.apps/qdrant serverside-applied" \
  "$(k apply --server-side -f "$STS" 2>&1)"
check "kubectl owns the applied fields" expect_eq "kubectl/Apply " "$(managers sts qdrant)"
yaml=$(k get sts qdrant -o yaml --show-managed-fields 2>&1)
check "managedFields entry shape" expect_match \
  "  - apiVersion: apps/v1
    fieldsType: FieldsV1
    fieldsV1:
      f:spec:
        f:replicas: \{\}
        f:selector: \{\}
        f:serviceName: \{\}
        f:template:
          f:metadata:
            f:labels:
              f:app: \{\}
          f:spec:
            f:containers:
              k:\{\"name\":\"qdrant\"\}:
                \.: \{\}
                f:image: \{\}
                f:name: \{\}
                f:ports:
                  k:\{\"containerPort\":6333,\"protocol\":\"TCP\"\}:
                    \.: \{\}
                    f:containerPort: \{\}
                    f:name: \{\}
                f:resources:
                  f:limits:
                    f:cpu: \{\}
                    f:memory: \{\}
                  f:requests:
                    f:cpu: \{\}
                    f:memory: \{\}
                f:volumeMounts:
                  k:\{\"mountPath\":\"/qdrant/storage\"\}:
                    \.: \{\}
                    f:mountPath: \{\}
                    f:name: \{\}
        f:volumeClaimTemplates: \{\}
    manager: kubectl
    operation: Apply
    time: \"[0-9-]+T[0-9:]+Z\"" "$yaml"
check "managedFields are hidden by default" bash -c \
  "! kubectl --cache-dir $E2E_TMP/kcache get sts qdrant -o yaml | grep -q managedFields"
check "defaults were applied" expect_eq "OrderedReady" \
  "$(k get sts qdrant -o jsonpath='{.spec.podManagementPolicy}')"

check "scale" expect_eq "statefulset.apps/qdrant scaled" "$(k scale sts qdrant --replicas=5 2>&1)"
check "scale owns spec.replicas" expect_eq "kubectl/Update/scale kubectl/Apply " \
  "$(managers sts qdrant | tr ' ' '\n' | sort -r | tr '\n' ' ')"
out=$(k apply --server-side -f "$STS" 2>&1)
status=$?
check "apply after scale fails" expect_eq "1" "$status"
check "conflict is reported with upstream's wording" expect_match \
  '^error: Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps/v1: \.spec\.replicas' \
  "$out"
check "kubectl explains how to resolve it" expect_match "--force-conflicts" "$out"
check "replicas unchanged by the failed apply" expect_eq "5" \
  "$(k get sts qdrant -o jsonpath='{.spec.replicas}')"
check "--force-conflicts takes the field over" expect_eq "statefulset.apps/qdrant serverside-applied" \
  "$(k apply --server-side --force-conflicts -f "$STS" 2>&1)"
check "replicas back to 3" expect_eq "3" "$(k get sts qdrant -o jsonpath='{.spec.replicas}')"
check "only the applier is left" expect_eq "kubectl/Apply " "$(managers sts qdrant)"

out=$(sed 's/replicas: 3/replicas: 4/' "$STS" | k apply --server-side --field-manager=ci -f - 2>&1)
check "another manager conflicts with kubectl" expect_match \
  '^error: Apply failed with 1 conflict: conflict with "kubectl": \.spec\.replicas' "$out"
check "the same values are co-owned without conflict" expect_eq \
  "statefulset.apps/qdrant serverside-applied" \
  "$(k apply --server-side --field-manager=ci -f "$STS" 2>&1)"
check "both appliers recorded" expect_eq "ci/Apply kubectl/Apply " \
  "$(managers sts qdrant | tr ' ' '\n' | sort | tr '\n' ' ')"

cm() {
  printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n%s\n' "$1"
}
check "apply a configmap" expect_eq "configmap/settings serverside-applied" \
  "$(cm '  a: "1"
  b: "2"' | k apply --server-side -f - 2>&1)"
rv=$(k get cm settings -o jsonpath='{.metadata.resourceVersion}')
cm '  a: "1"
  b: "2"' | k apply --server-side -f - >/dev/null 2>&1
check "a no-op apply keeps the resourceVersion" expect_eq "$rv" \
  "$(k get cm settings -o jsonpath='{.metadata.resourceVersion}')"
cm '  a: "1"' | k apply --server-side -f - >/dev/null 2>&1
check "a field no longer applied is removed" expect_eq '{"a":"1"}' \
  "$(k get cm settings -o jsonpath='{.data}')"
check "label" expect_eq "configmap/settings labeled" "$(k label cm settings tier=db 2>&1)"
check "kubectl label records its own manager" expect_eq "kubectl/Apply kubectl-label/Update " \
  "$(managers cm settings)"

check "kubectl create records kubectl-create" expect_eq "configmap/created created" \
  "$(k create configmap created --from-literal=k=v 2>&1)"
check "kubectl-create entry" expect_eq "kubectl-create/Update " "$(managers cm created)"
check "client-side apply" expect_eq "service/qdrant-service created" \
  "$(k apply -f "$FIX/qdrant-service.yaml" 2>&1)"
check "client-side apply records kubectl-client-side-apply" expect_eq \
  "kubectl-client-side-apply/Update " "$(managers svc qdrant-service)"
check "switching the service to server-side apply" expect_eq \
  "service/qdrant-service serverside-applied" \
  "$(k apply --server-side -f "$FIX/qdrant-service.yaml" 2>&1)"

check "server-side dry run" expect_eq "configmap/dry serverside-applied (server dry run)" \
  "$(cm '  a: "1"' | sed 's/settings/dry/' | k apply --server-side --dry-run=server -f - 2>&1)"
check "dry run stored nothing" expect_match "NotFound|not found" "$(k get cm dry 2>&1)"

check "delete" expect_eq 'statefulset.apps "qdrant" deleted' "$(k delete sts qdrant 2>&1)"

e2e_finish
