#!/usr/bin/env bash
# The OpenAPI v2 document in both encodings. kubectl validates a kind that
# OpenAPI v3 does not know (a v1 List) client-side against the v2 document,
# which client-go fetches as gnostic protobuf: creating a List works, and a
# List item of the wrong shape is rejected by kubectl before any request,
# with upstream's message. Negotiation (406), ETag / If-None-Match and the
# JSON form are checked over raw HTTP.
source "$(dirname "$0")/lib.sh"

e2e_start --no-controllers || exit 1
URL=$(grep server: "$KUBECONFIG" | awk '{print $2}' | tr -d '"')
# get PATH [curl args...] -> prints "<code> <content-type>", body in $E2E_TMP/body
get() {
  local path=$1; shift
  curl -sS --cacert "$DATA_DIR/pki/ca.crt" -H "Authorization: Bearer $(cat "$DATA_DIR/token")" \
    -o "$E2E_TMP/body" -w '%{http_code} %{content_type}' "$@" "$URL$path"
}
PB=application/com.github.proto-openapi.spec.v2@v1.0+protobuf
PB_NEW=application/com.github.proto-openapi.spec.v2.v1.0+protobuf

check "v2 as protobuf (client-go's Accept)" expect_eq "200 $PB_NEW" "$(get /openapi/v2 -H "Accept: $PB")"
# Document.swagger (field 1) = "2.0" opens the message: 0a 03 "2.0".
check "protobuf body starts with swagger: 2.0" expect_eq "0a03322e30" \
  "$(head -c 5 "$E2E_TMP/body" | od -An -tx1 | tr -d ' \n')"
pb_size=$(stat -c %s "$E2E_TMP/body")
check "v2 as protobuf (current media type)" expect_eq "200 $PB_NEW" \
  "$(get /openapi/v2 -H "Accept: $PB_NEW")"
check "same bytes for both protobuf media types" expect_eq "$pb_size" "$(stat -c %s "$E2E_TMP/body")"
check "v2 as JSON by default" expect_eq "200 application/json" "$(get /openapi/v2)"
check "JSON document is swagger 2.0" expect_match '"swagger":"2.0"}$' "$(tail -c 100 "$E2E_TMP/body")"
check "JSON preferred by quality" expect_eq "200 application/json" \
  "$(get /openapi/v2 -H "Accept: $PB;q=0.5, application/json")"
check "unknown media type is 406" expect_eq "406 " "$(get /openapi/v2 -H 'Accept: text/html')"
etag=$(curl -sS --cacert "$DATA_DIR/pki/ca.crt" -H "Authorization: Bearer $(cat "$DATA_DIR/token")" \
  -H "Accept: $PB" -o /dev/null -D - "$URL/openapi/v2" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag"{print $2}')
check "ETag is the quoted SHA-512 of the JSON" expect_match '^"[0-9A-F]{128}"$' "$etag"
check "If-None-Match with the ETag is 304" expect_eq "304 " \
  "$(get /openapi/v2 -H "Accept: $PB" -H "If-None-Match: $etag")"
check "stale If-None-Match gets the document" expect_eq "200 $PB_NEW" \
  "$(get /openapi/v2 -H "Accept: $PB" -H 'If-None-Match: "0"')"

cat >"$E2E_TMP/list.yaml" <<'EOF'
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: list-a}
  data: {k: a}
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: list-b}
  data: {k: b}
EOF
check "create -f of a v1 List with client-side validation" expect_eq \
  $'configmap/list-a created\nconfigmap/list-b created' "$(k create -f "$E2E_TMP/list.yaml" 2>&1)"
check "both List items are stored" expect_eq "a b" \
  "$(k get cm list-a list-b -o jsonpath='{.items[*].data.k}')"
check "apply -f of the same List" expect_match "configmap/list-a configured" \
  "$(k apply -f "$E2E_TMP/list.yaml" 2>&1)"

cat >"$E2E_TMP/bad-cm.yaml" <<'EOF'
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: list-bad}
  data: 5
EOF
check "ConfigMap data: 5 in a List is rejected by kubectl's v2 validation" expect_eq \
  'error: error validating "'"$E2E_TMP"'/bad-cm.yaml": error validating data: ValidationError(ConfigMap.data): invalid type for io.k8s.api.core.v1.ConfigMap.data: got "integer", expected "map"; if you choose to ignore these errors, turn validation off with --validate=false' \
  "$(k create -f "$E2E_TMP/bad-cm.yaml" 2>&1)"
check "the rejected ConfigMap never reached the server" expect_match "NotFound" \
  "$(k get cm list-bad 2>&1)"

cat >"$E2E_TMP/bad-deploy.yaml" <<'EOF'
apiVersion: v1
kind: List
items:
- apiVersion: apps/v1
  kind: Deployment
  metadata: {name: list-deploy}
  spec:
    replicas: "x"
    selector: {matchLabels: {app: web}}
    template:
      metadata: {labels: {app: web}}
      spec: {containers: [{name: c, image: nginx}]}
EOF
check "Deployment spec.replicas: \"x\" in a List is rejected client-side" expect_match \
  'error validating data: ValidationError\(Deployment\.spec\.replicas\): invalid type for io\.k8s\.api\.apps\.v1\.DeploymentSpec\.replicas: got "string", expected "integer"' \
  "$(k apply -f "$E2E_TMP/bad-deploy.yaml" 2>&1)"
check "explain still works (OpenAPI v3)" expect_match "FIELD: *data <map\[string\]string>" \
  "$(k explain configmap.data 2>&1)"

e2e_finish
