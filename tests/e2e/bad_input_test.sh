#!/usr/bin/env bash
# Bad input gets a clear 4xx Status naming the problem; the server never
# crashes and never stores a partial object.
source "$(dirname "$0")/lib.sh"
e2e_start || exit 1
URL=$(grep server: "$KUBECONFIG" | awk '{print $2}' | tr -d '"')
# req METHOD PATH CONTENT-TYPE BODY-FILE -> prints "<code> <body>"
req() {
  curl -sS --cacert "$DATA_DIR/pki/ca.crt" -H "Authorization: Bearer $(cat "$DATA_DIR/token")" \
    -H "Content-Type: $3" -X "$1" --data-binary "@$4" -w ' %{http_code}' "$URL$2"
}
body() { printf '%s' "$1" >"$E2E_TMP/body"; echo "$E2E_TMP/body"; }
status_of() { echo "${1##* }"; }

out=$(req POST /api/v1/namespaces/default/configmaps application/json "$(body '{"metadata":{"name":"x"')")
check "malformed JSON -> 400" expect_eq 400 "$(status_of "$out")"
check "malformed JSON names the problem" expect_match '"reason":"BadRequest"' "$out"

out=$(req POST /api/v1/namespaces/default/configmaps application/yaml "$(body $'metadata:\n  name: [x\n')")
check "malformed YAML -> 400" expect_eq 400 "$(status_of "$out")"

out=$(req POST /apis/apps/v1/namespaces/default/widgets application/json "$(body '{}')")
check "unknown resource -> 404" expect_eq 404 "$(status_of "$out")"

out=$(req POST /apis/apps/v1/namespaces/default/statefulsets application/json \
  "$(body '{"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"w"},"spec":{"replicas":"three"}}')")
check "wrong type -> 400" expect_eq 400 "$(status_of "$out")"
check "wrong type names the field" expect_match 'spec.replicas' "$out"

out=$(req POST "/api/v1/namespaces/default/configmaps?fieldValidation=Strict" application/json \
  "$(body '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"s"},"bogus":1}')")
check "unknown field with Strict -> 400" expect_eq 400 "$(status_of "$out")"
check "unknown field is named" expect_match 'unknown field \\"bogus\\"' "$out"

out=$(req POST /api/v1/namespaces/default/configmaps application/json \
  "$(body '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"Bad_Name"}}')")
check "invalid name -> 422" expect_eq 422 "$(status_of "$out")"
check "invalid name message" expect_match 'metadata.name: Invalid value: \\"Bad_Name\\"' "$out"

out=$(req POST /api/v1/namespaces/default/configmaps application/json \
  "$(body '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"}}')")
check "kind mismatch -> 400" expect_eq 400 "$(status_of "$out")"

head -c 4000000 /dev/zero | tr '\0' 'a' | sed 's/^/{"metadata":{"name":"big"},"data":{"k":"/; s/$/"}}/' >"$E2E_TMP/big"
out=$(req POST /api/v1/namespaces/default/configmaps application/json "$E2E_TMP/big")
check "oversized body -> 413" expect_eq 413 "$(status_of "$out")"

out=$(req POST /api/v1/namespaces/nope/configmaps application/json \
  "$(body '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"}}')")
check "missing namespace -> 404" expect_eq 404 "$(status_of "$out")"
check "missing namespace message" expect_match 'namespaces \\"nope\\" not found' "$out"

out=$(req PATCH /api/v1/namespaces/default/configmaps/none application/merge-patch+json "$(body '{}')")
check "patch of a missing object -> 404" expect_eq 404 "$(status_of "$out")"
out=$(req PATCH /api/v1/namespaces/kube-system application/json-patch+json "$(body '[{"op":"bogus"}]')")
check "bad JSON patch -> 4xx" expect_match '^4' "$(status_of "$out")"
out=$(req PUT /api/v1/namespaces/default application/json "$(body '{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"other"}}')")
check "PUT with a mismatched name -> 400" expect_eq 400 "$(status_of "$out")"

check "server still alive" k get --raw /readyz
check "nothing partial was stored" expect_eq "" "$(k get cm -o name 2>&1)"
e2e_finish
