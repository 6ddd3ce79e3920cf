#!/usr/bin/env bash
# Acknowledged writes survive a graceful restart and a kill -9 with the same
# resourceVersions; a restarted server resumes the revision counter.
source "$(dirname "$0")/lib.sh"

e2e_start || exit 1
api() {  # api METHOD PATH [BODY]
  curl -sS --cacert "$DATA_DIR/pki/ca.crt" -H "Authorization: Bearer $(cat "$DATA_DIR/token")" \
    -H 'Content-Type: application/json' -X "$1" "$(grep server: "$KUBECONFIG" | awk '{print $2}' | tr -d '"')$2" \
    ${3:+-d "$3"}
}

for i in $(seq 1 20); do
  printf '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm-%s"},"data":{"i":"%s"}}' "$i" "$i" |
    k create -f - >/dev/null
done
k get cm -o jsonpath='{range .items[*]}{.metadata.name}={.metadata.resourceVersion} {end}' >"$E2E_TMP/before"
check "20 configmaps created" expect_eq 20 "$(tr ' ' '\n' <"$E2E_TMP/before" | grep -c '^cm-')"

e2e_stop TERM
e2e_start || exit 1
k get cm -o jsonpath='{range .items[*]}{.metadata.name}={.metadata.resourceVersion} {end}' >"$E2E_TMP/after"
check "graceful restart keeps objects and resourceVersions" expect_eq "$(cat "$E2E_TMP/before")" "$(cat "$E2E_TMP/after")"
rv_before=$(k get ns default -o jsonpath='{.metadata.resourceVersion}')
echo '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"after-restart"}}' | k create -f - >/dev/null
rv_new=$(k get cm after-restart -o jsonpath='{.metadata.resourceVersion}')
check "revision counter resumes after restart" test "$rv_new" -gt "$(tr ' ' '\n' <"$E2E_TMP/before" | cut -d= -f2 | sort -n | tail -1)"

# kill -9 while four writers are creating objects: every write that was
# acknowledged (HTTP 201 with a resourceVersion) must be there afterwards.
writer() {
  local w=$1 i=0
  while [ ! -e "$E2E_TMP/stop" ]; do
    i=$((i + 1))
    out=$(api POST /api/v1/namespaces/default/configmaps \
      "{\"metadata\":{\"name\":\"w$w-$i\"},\"data\":{\"k\":\"$i\"}}" 2>/dev/null) || break
    rv=$(printf '%s' "$out" | sed -n 's/.*"resourceVersion":"\([0-9]*\)".*/\1/p')
    [ -n "$rv" ] && echo "w$w-$i=$rv" >>"$E2E_TMP/acked.$w"
  done
}
for w in 1 2 3 4; do writer "$w" & E2E_PIDS+=("$!"); done
eventually 20 bash -c "[ \$(cat $E2E_TMP/acked.* 2>/dev/null | wc -l) -ge 200 ]"
kill -9 "$SERVER_PID"
wait "$SERVER_PID" 2>/dev/null
touch "$E2E_TMP/stop"
wait
acked=$(cat "$E2E_TMP"/acked.* | sort)
rm -f "$KUBECONFIG"
e2e_start || exit 1
k get cm -o jsonpath='{range .items[*]}{.metadata.name}={.metadata.resourceVersion}{"\n"}{end}' | grep '^w' | sort >"$E2E_TMP/present"
missing=$(comm -23 <(echo "$acked") "$E2E_TMP/present")
check "kill -9: at least 200 writes were acknowledged" test "$(echo "$acked" | wc -l)" -ge 200
check "kill -9: every acknowledged write survived with its resourceVersion" expect_eq "" "$missing"
check "kill -9: stored objects are intact" bash -c \
  'kubectl --cache-dir '"$E2E_TMP"'/kc get cm -o json | python3 -c "import json,sys; d=json.load(sys.stdin); assert all(\"k\" in i[\"data\"] for i in d[\"items\"] if i[\"metadata\"][\"name\"].startswith(\"w\"))"'

e2e_finish
