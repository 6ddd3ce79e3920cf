#!/usr/bin/env bash
# kubectl's typed commands (create configmap|secret|namespace|deployment|
# service|serviceaccount, run, expose) send their objects as
# application/vnd.kubernetes.protobuf; the objects they create are read back
# and checked field by field. Also: protobuf-only clients get protobuf
# objects, lists, errors and watch frames.
source "$(dirname "$0")/lib.sh"

e2e_start || exit 1

jp() { k get "$1" "$2" ${3:+-n "$3"} -o jsonpath="$4" 2>&1; }

# The request really is protobuf (kubectl logs its request headers at -v=8).
out=$(k create configmap cfg --from-literal=a=b --from-literal=c=d -v=8 2>&1)
check "create configmap" expect_match "configmap/cfg created" "$out"
check "create configmap sent protobuf" expect_match \
  "Content-Type: application/vnd.kubernetes.protobuf" "$out"
check "configmap data" expect_eq "b d" "$(jp configmap cfg "" '{.data.a} {.data.c}')"
check "configmap has a uid and creationTimestamp" expect_match '^[0-9a-f-]{36} [0-9T:Z-]+$' \
  "$(jp configmap cfg "" '{.metadata.uid} {.metadata.creationTimestamp}')"
check "second create is AlreadyExists" expect_eq \
  'error: failed to create configmap: configmaps "cfg" already exists' \
  "$(k create configmap cfg --from-literal=a=b 2>&1)"
check "create configmap --dry-run=server stores nothing" expect_eq "configmap/dry created (server dry run)" \
  "$(k create configmap dry --from-literal=a=b --dry-run=server 2>&1)"
check "dry-run configmap is absent" expect_match 'NotFound|not found' "$(k get configmap dry 2>&1)"
check "create configmap from a file keeps newlines" expect_eq "configmap/files created" \
  "$(printf 'line1\nline2\n' >"$E2E_TMP/f.txt"; k create configmap files --from-file=f.txt="$E2E_TMP/f.txt" 2>&1)"
check "file content" expect_eq "$(printf 'line1\nline2\n')" "$(jp configmap files "" '{.data.f\.txt}')"

check "create secret generic" expect_eq "secret/sec created" \
  "$(k create secret generic sec --from-literal=password=s3cr3t 2>&1)"
check "secret data is base64 of the value" expect_eq "Opaque czNjcjN0" \
  "$(jp secret sec "" '{.type} {.data.password}')"
check "create secret docker-registry" expect_eq "secret/reg created" \
  "$(k create secret docker-registry reg --docker-server=registry.example --docker-username=u --docker-password=p 2>&1)"
check "docker-registry secret type and key" expect_match \
  '^kubernetes.io/dockerconfigjson [A-Za-z0-9+/=]+$' \
  "$(jp secret reg "" '{.type} {.data.\.dockerconfigjson}')"

check "create namespace" expect_eq "namespace/team-a created" "$(k create namespace team-a 2>&1)"
check "namespace is Active with the kubernetes finalizer" expect_eq "Active kubernetes" \
  "$(jp namespace team-a "" '{.status.phase} {.spec.finalizers[0]}')"
check "invalid namespace name is rejected with the field" expect_match \
  'The Namespace "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name"' \
  "$(k create namespace Bad_Name 2>&1)"
check "create configmap in the new namespace" expect_eq "configmap/inner created" \
  "$(k create configmap inner -n team-a --from-literal=x=y 2>&1)"
check "configmap namespace" expect_eq "team-a y" "$(jp configmap inner team-a '{.metadata.namespace} {.data.x}')"

check "create deployment" expect_eq "deployment.apps/web created" \
  "$(k create deployment web --image=nginx:1.27 --replicas=3 --port=80 2>&1)"
check "deployment spec" expect_eq "3 web web nginx nginx:1.27 80" \
  "$(jp deployment web "" '{.spec.replicas} {.spec.selector.matchLabels.app} {.spec.template.metadata.labels.app} {.spec.template.spec.containers[0].name} {.spec.template.spec.containers[0].image} {.spec.template.spec.containers[0].ports[0].containerPort}')"
check "deployment defaults" expect_eq "RollingUpdate 25% 25% 10 600 Always ClusterFirst" \
  "$(jp deployment web "" '{.spec.strategy.type} {.spec.strategy.rollingUpdate.maxSurge} {.spec.strategy.rollingUpdate.maxUnavailable} {.spec.revisionHistoryLimit} {.spec.progressDeadlineSeconds} {.spec.template.spec.restartPolicy} {.spec.template.spec.dnsPolicy}')"
check "deployment has generation 1" expect_eq "1" "$(jp deployment web "" '{.metadata.generation}')"
# The same deployment sent as JSON (kubectl create -f) is stored identically.
check "create the same deployment as JSON in team-a" expect_eq "deployment.apps/web created" \
  "$(k create deployment web --image=nginx:1.27 --replicas=3 --port=80 --dry-run=client -o json | k create -n team-a -f - 2>&1)"
check "protobuf and JSON requests store the same spec" expect_eq \
  "$(jp deployment web team-a '{.spec}')" "$(jp deployment web "" '{.spec}')"
check "and the same metadata shape" expect_eq \
  "$(jp deployment web team-a '{.metadata.labels} {.metadata.annotations} {.metadata.generation}')" \
  "$(jp deployment web "" '{.metadata.labels} {.metadata.annotations} {.metadata.generation}')"

check "create service clusterip" expect_eq "service/s created" \
  "$(k create service clusterip s --tcp=80:8080 2>&1)"
check "service spec" expect_eq "ClusterIP 80-8080 TCP 80 8080 s" \
  "$(jp service s "" '{.spec.type} {.spec.ports[0].name} {.spec.ports[0].protocol} {.spec.ports[0].port} {.spec.ports[0].targetPort} {.spec.selector.app}')"
check "service got a cluster IP" expect_match '^10\.(9[6-9]|1[01][0-9])\.[0-9]+\.[0-9]+$' \
  "$(jp service s "" '{.spec.clusterIP}')"
check "create service nodeport" expect_eq "service/np created" \
  "$(k create service nodeport np --tcp=8080:80 --node-port=30080 2>&1)"
check "nodeport spec" expect_eq "NodePort 8080 80 30080" \
  "$(jp service np "" '{.spec.type} {.spec.ports[0].port} {.spec.ports[0].targetPort} {.spec.ports[0].nodePort}')"
check "create service externalname" expect_eq "service/ext created" \
  "$(k create service externalname ext --external-name=example.com 2>&1)"
check "externalname spec" expect_eq "ExternalName example.com" \
  "$(jp service ext "" '{.spec.type} {.spec.externalName}')"

check "run" expect_eq "pod/p created" "$(k run p --image=busybox:1.36 2>&1)"
check "run the same pod as JSON in team-a" expect_eq "pod/p created" \
  "$(k run p --image=busybox:1.36 --dry-run=client -o json | k create -n team-a -f - 2>&1)"
check "protobuf and JSON pods have the same spec" expect_eq \
  "$(jp pod p team-a '{.spec.containers} {.spec.tolerations} {.spec.enableServiceLinks}')" \
  "$(jp pod p "" '{.spec.containers} {.spec.tolerations} {.spec.enableServiceLinks}')"
check "run pod spec" expect_eq "p p busybox:1.36 Always" \
  "$(jp pod p "" '{.metadata.labels.run} {.spec.containers[0].name} {.spec.containers[0].image} {.spec.restartPolicy}')"
check "run with env, labels and a command" expect_eq "pod/q created" \
  "$(k run q --image=busybox:1.36 --restart=Never --env=A=1 --labels=tier=x --port=8080 --command -- sleep 3600 2>&1)"
check "run pod fields" expect_eq "x Never A=1 sleep 3600 8080" \
  "$(jp pod q "" '{.metadata.labels.tier} {.spec.restartPolicy} {.spec.containers[0].env[0].name}={.spec.containers[0].env[0].value} {.spec.containers[0].command[0]} {.spec.containers[0].command[1]} {.spec.containers[0].ports[0].containerPort}')"

check "expose deployment" expect_eq "service/web exposed" \
  "$(k expose deployment web --port=80 --target-port=8080 2>&1)"
check "exposed service selects the deployment's pods" expect_eq "web 80 8080" \
  "$(jp service web "" '{.spec.selector.app} {.spec.ports[0].port} {.spec.ports[0].targetPort}')"
check "expose pod" expect_eq "service/q exposed" "$(k expose pod q --port=8080 --name=q 2>&1)"
check "exposed pod service" expect_eq "x 8080" "$(jp service q "" '{.spec.selector.tier} {.spec.ports[0].port}')"

check "create serviceaccount" expect_eq "serviceaccount/robot created" \
  "$(k create serviceaccount robot 2>&1)"
check "serviceaccount stored" expect_eq "robot default" \
  "$(jp serviceaccount robot "" '{.metadata.name} {.metadata.namespace}')"

# Protobuf-only clients (curl with the kubeconfig's credentials).
SERVER=$(k config view --raw -o jsonpath='{.clusters[0].cluster.server}')
TOKEN=$(k config view --raw -o jsonpath='{.users[0].user.token}')
k config view --raw -o jsonpath='{.clusters[0].cluster.certificate-authority-data}' | base64 -d >"$E2E_TMP/ca.crt"
CM_URL=$SERVER/api/v1/namespaces/default/configmaps
pcurl() {  # pcurl [curl args...]: Accept is $ACCEPT, protobuf only by default
  curl -sS --cacert "$E2E_TMP/ca.crt" -H "Authorization: Bearer $TOKEN" \
    -H "Accept: ${ACCEPT:-application/vnd.kubernetes.protobuf}" "$@"
}
first_bytes() {  # first_bytes N file: the first N bytes as decimal numbers
  head -c "$1" "$2" | od -An -tu1 | tr -s ' ' | sed 's/^ //; s/ $//'
}
proto_object() {
  pcurl -o "$E2E_TMP/obj" "$CM_URL/cfg" &&
    expect_eq "107 56 115 0" "$(first_bytes 4 "$E2E_TMP/obj")" && grep -aq ConfigMap "$E2E_TMP/obj" &&
    grep -aq 'line1' <(pcurl "$CM_URL/files")
}
proto_list() { pcurl "$CM_URL" | grep -aq ConfigMapList; }
proto_error() {
  expect_eq "404 application/vnd.kubernetes.protobuf" \
    "$(pcurl -o "$E2E_TMP/nf" -w '%{http_code} %{content_type}' "$CM_URL/none")" &&
    grep -aq NotFound "$E2E_TMP/nf"
}
proto_watch() {
  pcurl -D "$E2E_TMP/wh" -o "$E2E_TMP/w" "$CM_URL?watch=1&timeoutSeconds=1"
  grep -qi 'content-type: application/vnd.kubernetes.protobuf;stream=watch' "$E2E_TMP/wh" &&
    grep -aq ADDED "$E2E_TMP/w" && expect_eq "0 0" "$(first_bytes 2 "$E2E_TMP/w")"
}
check "protobuf-only GET answers protobuf" expect_eq "application/vnd.kubernetes.protobuf" \
  "$(pcurl -o /dev/null -w '%{content_type}' "$CM_URL/cfg")"
check "protobuf object starts with the k8s magic" proto_object
check "protobuf list names the list kind" proto_list
check "protobuf error is a NotFound Status" proto_error
check "protobuf watch streams length-prefixed WatchEvents" proto_watch
check "JSON stays the answer when JSON is acceptable too" expect_eq "application/json" \
  "$(ACCEPT='application/vnd.kubernetes.protobuf, application/json' pcurl -o /dev/null -w '%{content_type}' "$CM_URL/cfg")"
check "a malformed protobuf body is a 400" expect_match '"code":400' \
  "$(ACCEPT=application/json pcurl -X POST -H 'Content-Type: application/vnd.kubernetes.protobuf' --data-binary 'k8s' "$CM_URL")"

e2e_finish
