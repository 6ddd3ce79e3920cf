#!/usr/bin/env bash
# Harness of ../shared/spec/E2E-SCENARIOS.md on simulated nodes, sourced by
# the sts_*_test.sh scripts after lib.sh. Each scenario runs in its own
# namespace ($NS); the fixture set F(name, replicas) is a StatefulSet with
# labels {foo: bar, baz: blah} governed by the headless Service `test`.
# "Breaking readiness" flips the simulated node's sim.stead.dev/ready
# annotation instead of moving a probe's file away.
OLD_IMAGE=httpd:2.4.38
NEW_IMAGE=httpd:2.4.39
SEL=foo=bar,baz=blah

# scenario NAME: a fresh namespace for what follows.
scenario() {
  NS=$1
  echo "# $NS"
  k create namespace "$NS" >/dev/null
  k -n "$NS" apply -f - >/dev/null <<YAML
apiVersion: v1
kind: Service
metadata:
  name: test
spec:
  clusterIP: None
  selector: {foo: bar, baz: blah}
  ports:
  - {name: http, port: 80}
YAML
}
kn() { k -n "$NS" "$@"; }

# fixture NAME REPLICAS [JSON merged into .spec]: creates F(NAME, REPLICAS).
fixture() { fixture_json "$@" | kn create -f - >/dev/null; }
# fixture_json NAME REPLICAS [JSON merged into .spec]: F(NAME, REPLICAS) as JSON.
fixture_json() {
  local name=$1 replicas=$2 extra=${3:-{\}}
  jq -n --arg name "$name" --argjson replicas "$replicas" --arg image "$OLD_IMAGE" \
    --argjson extra "$extra" '{
    apiVersion: "apps/v1", kind: "StatefulSet", metadata: {name: $name},
    spec: ({
      serviceName: "test", replicas: $replicas,
      selector: {matchLabels: {foo: "bar", baz: "blah"}},
      template: {metadata: {labels: {foo: "bar", baz: "blah"}},
        spec: {containers: [{name: "webserver", image: $image,
          ports: [{name: "http", containerPort: 80}]}]}}
    } * $extra)}'
}

# pods_of: "name" per line of the set's pods, sorted by ordinal.
pod_names() { kn get pods -l "$SEL" -o jsonpath='{range .items[*]}{.metadata.name}{"\n"}{end}' | sort -t- -k2 -n; }
pod_count() { kn get pods -l "$SEL" -o name | wc -l; }
pod_field() { kn get pod "$1" -o jsonpath="$2" 2>/dev/null; }
pod_image() { pod_field "$1" '{.spec.containers[0].image}'; }
pod_revision() { pod_field "$1" '{.metadata.labels.controller-revision-hash}'; }
pod_uid() { pod_field "$1" '{.metadata.uid}'; }
sts_field() { kn get sts "$1" -o jsonpath="$2"; }
current_revision() { sts_field "$1" '{.status.currentRevision}'; }
update_revision() { sts_field "$1" '{.status.updateRevision}'; }

# waitRunningAndReady N: exactly N pods, all Running and Ready, none terminating.
running_and_ready() {
  local want=$1 got
  got=$(kn get pods -l "$SEL" -o json | jq '[.items[] | select(.metadata.deletionTimestamp == null
    and .status.phase == "Running"
    and any(.status.conditions[]?; .type == "Ready" and .status == "True"))] | length')
  [ "$(pod_count)" -eq "$want" ] && [ "$got" -eq "$want" ]
}
wait_running_and_ready() { eventually 60 running_and_ready "$1"; }
# waitForStatus: the controller has seen the latest generation.
status_observed() {
  kn get sts "$1" -o json | jq -e '.status.observedGeneration >= .metadata.generation' >/dev/null
}
wait_for_status() { eventually 30 status_observed "$1"; }
# waitForRollingUpdate: current == update and every pod carries it.
rolled_out() {
  local set=$1 cur upd p
  cur=$(current_revision "$set"); upd=$(update_revision "$set")
  [ -n "$upd" ] && [ "$cur" = "$upd" ] || return 1
  for p in $(pod_names); do [ "$(pod_revision "$p")" = "$upd" ] || return 1; done
}
wait_for_rolling_update() { eventually 60 rolled_out "$1"; }
# waitForPartitionedRollingUpdate: ordinals >= partition updated and Ready.
partition_rolled_out() {
  local set=$1 upd partition replicas p i
  upd=$(update_revision "$set")
  partition=$(sts_field "$set" '{.spec.updateStrategy.rollingUpdate.partition}')
  replicas=$(sts_field "$set" '{.spec.replicas}')
  for ((i = partition; i < replicas; i++)); do
    p=$set-$i
    [ "$(pod_revision "$p")" = "$upd" ] || return 1
    [ "$(pod_field "$p" '{.status.conditions[?(@.type=="Ready")].status}')" = True ] || return 1
  done
  [ "$(sts_field "$set" '{.status.updatedReplicas}')" = "$((replicas - partition))" ]
}
wait_for_partitioned_rolling_update() { eventually 60 partition_rolled_out "$1"; }

pod_ready_is() { [ "$(pod_field "$1" '{.status.conditions[?(@.type=="Ready")].status}')" = "$2" ]; }
# break_readiness POD / restore_readiness POD: waits until the pod shows it.
break_readiness() {
  kn annotate pod "$1" --overwrite sim.stead.dev/ready=false >/dev/null && eventually 30 pod_ready_is "$1" False
}
# (A restored pod the controller then deletes counts as restored.)
restore_readiness() {
  kn annotate pod "$1" --overwrite sim.stead.dev/ready=true >/dev/null 2>&1
  eventually 30 ready_or_leaving "$1"
}
ready_or_leaving() {
  pod_ready_is "$1" True || [ -z "$(pod_uid "$1")" ] || [ -n "$(pod_field "$1" '{.metadata.deletionTimestamp}')" ]
}
each_pod() { local p; for p in $(pod_names); do "$@" "$p" || return 1; done; }
# status_is SET FIELD N: a status counter (omitted when 0) has value N.
status_is() { local v; v=$(sts_field "$1" "{.status.$2}"); [ "${v:-0}" = "$3" ]; }
set_image() { kn set image "sts/$1" "webserver=$2" >/dev/null; }
# holds SECS cmd...: the command keeps succeeding for SECS seconds.
holds() {
  local deadline=$((SECONDS + $1)); shift
  while [ $SECONDS -lt $deadline ]; do "$@" || return 1; sleep 0.2; done
}
count_is() { [ "$(pod_count)" -eq "$1" ]; }
delete_pod() { kn delete pod "$1" --grace-period=0 --wait=false >/dev/null; }

# Claim template `datadir` (F+pvc) as a JSON fragment for `fixture`.
PVC_SPEC='"volumeClaimTemplates":[{"metadata":{"name":"datadir"},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}}]'
# The pods of F+pause start unready and wait to be resumed.
PAUSE_TEMPLATE='"template":{"metadata":{"annotations":{"sim.stead.dev/ready":"false"}}}'
resume() { restore_readiness "$1"; }
claim_names() { kn get pvc -o jsonpath='{range .items[*]}{.metadata.name}{"\n"}{end}' | sort | paste -sd' '; }
claims_are() { [ "$(claim_names)" = "$1" ]; }
claim_owners() { kn get pvc "$1" -o json | jq -c '[.metadata.ownerReferences[]? | {kind, name, controller, blockOwnerDeletion}]'; }
controller_ref() { kn get pod "$1" -o json 2>/dev/null | jq -r '[.metadata.ownerReferences[]? | select(.controller) | "\(.kind)/\(.name)/\(.uid)"] | join(",")'; }
running_count_is() {
  [ "$(kn get pods -l "$SEL" -o json | jq '[.items[] | select(.status.phase == "Running" and .metadata.deletionTimestamp == null)] | length')" -eq "$1" ]
}
