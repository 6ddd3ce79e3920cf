#!/usr/bin/env bash
# Garbage collection, namespace deletion and default service accounts,
# driven through the real kubectl against a real stead server with its
# controllers. Dependents are ConfigMaps so that no other controller acts on
# them.
source "$(dirname "$0")/lib.sh"

e2e_start || exit 1

gone() { ! k get "$@" >/dev/null 2>&1; }

check "default namespace has the default service account" eventually 10 k get sa default
check "create namespace" k create namespace gc-e2e
check "a new namespace gets the default service account" eventually 10 k -n gc-e2e get sa default

# Background (kubectl's default cascade).
k -n gc-e2e create configmap owner >/dev/null
k -n gc-e2e apply -f - >/dev/null <<EOF
{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"dep",
 "ownerReferences":[{"apiVersion":"v1","kind":"ConfigMap","name":"owner",
                     "uid":"$(k -n gc-e2e get cm owner -o jsonpath='{.metadata.uid}')"}]}}
EOF
check "dependent created" k -n gc-e2e get cm dep
check "delete owner" k -n gc-e2e delete cm owner
check "background: the dependent is collected" eventually 10 gone -n gc-e2e cm dep

# A StatefulSet's dependents go with it.
k -n gc-e2e apply -f - >/dev/null <<'EOF'
{"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"web"},
 "spec":{"replicas":0,"serviceName":"web","selector":{"matchLabels":{"app":"web"}},
   "template":{"metadata":{"labels":{"app":"web"}},
     "spec":{"containers":[{"name":"c","image":"nginx:1"}]}}}}
EOF
k -n gc-e2e apply -f - >/dev/null <<EOF
{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"web-config",
 "ownerReferences":[{"apiVersion":"apps/v1","kind":"StatefulSet","name":"web",
                     "uid":"$(k -n gc-e2e get sts web -o jsonpath='{.metadata.uid}')"}]}}
EOF
check "delete statefulset" k -n gc-e2e delete sts web
check "the statefulset's dependent is collected" eventually 10 gone -n gc-e2e cm web-config

# Foreground: the owner waits for its blocking dependent, held by a finalizer.
k -n gc-e2e create configmap fg-owner >/dev/null
k -n gc-e2e apply -f - >/dev/null <<EOF
{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"fg-dep","finalizers":["example.com/hold"],
 "ownerReferences":[{"apiVersion":"v1","kind":"ConfigMap","name":"fg-owner",
                     "uid":"$(k -n gc-e2e get cm fg-owner -o jsonpath='{.metadata.uid}')",
                     "blockOwnerDeletion":true}]}}
EOF
check "delete --cascade=foreground" k -n gc-e2e delete cm fg-owner --cascade=foreground --wait=false
check "foreground: the dependent is being deleted" eventually 10 bash -c \
  "[ -n \"\$(kubectl --cache-dir $E2E_TMP/kcache -n gc-e2e get cm fg-dep -o jsonpath='{.metadata.deletionTimestamp}')\" ]"
check "foreground: the owner waits with its finalizer" expect_eq "foregroundDeletion" \
  "$(k -n gc-e2e get cm fg-owner -o jsonpath='{.metadata.finalizers[*]}')"
check "release the dependent" k -n gc-e2e patch cm fg-dep --type=merge -p '{"metadata":{"finalizers":null}}'
check "foreground: the owner goes after its dependent" eventually 10 gone -n gc-e2e cm fg-owner

# Orphan: dependents stay, without the reference.
k -n gc-e2e create configmap orphan-owner >/dev/null
k -n gc-e2e apply -f - >/dev/null <<EOF
{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"orphan-dep",
 "ownerReferences":[{"apiVersion":"v1","kind":"ConfigMap","name":"orphan-owner",
                     "uid":"$(k -n gc-e2e get cm orphan-owner -o jsonpath='{.metadata.uid}')"}]}}
EOF
check "delete --cascade=orphan" k -n gc-e2e delete cm orphan-owner --cascade=orphan
check "orphan: the owner is gone" eventually 10 gone -n gc-e2e cm orphan-owner
check "orphan: the dependent stays" k -n gc-e2e get cm orphan-dep
check "orphan: without its owner reference" expect_eq "" \
  "$(k -n gc-e2e get cm orphan-dep -o jsonpath='{.metadata.ownerReferences}')"

# Namespace deletion empties the namespace, then removes it.
check "delete namespace (kubectl waits until it is gone)" timeout 60 kubectl --cache-dir "$E2E_TMP/kcache" delete namespace gc-e2e
check "namespace is gone" gone namespace gc-e2e
check "its content is gone" expect_eq "" "$(k -n gc-e2e get cm,sa,sts -o name 2>/dev/null)"

# Content held by a finalizer keeps the namespace Terminating, and says so.
k create namespace held >/dev/null
k -n held apply -f - >/dev/null <<'EOF'
{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"pinned","finalizers":["example.com/hold"]}}
EOF
check "delete held namespace" k delete namespace held --wait=false
check "held namespace is Terminating" expect_eq "Terminating" "$(k get ns held -o jsonpath='{.status.phase}')"
cond() { k get ns held -o jsonpath="{.status.conditions[?(@.type==\"$1\")].message}"; }
check "NamespaceFinalizersRemaining names the finalizer" eventually 20 bash -c \
  "[ \"\$(kubectl --cache-dir $E2E_TMP/kcache get ns held -o jsonpath='{.status.conditions[?(@.type==\"NamespaceFinalizersRemaining\")].message}')\" = 'Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances' ]"
check "NamespaceContentRemaining counts the content" expect_eq \
  "Some resources are remaining: configmaps. has 1 resource instances" "$(cond NamespaceContentRemaining)"
check "release the content" k -n held patch cm pinned --type=merge -p '{"metadata":{"finalizers":null}}'
check "held namespace goes once released" eventually 30 gone namespace held

e2e_finish
