#include "api/protobuf/codec.h"

#include <gtest/gtest.h>

#include <random>
#include <set>
#include <utility>

#include "api/protobuf/wire.h"
#include "api/schema/decode.h"

namespace stead::api::protobuf {
namespace {

using schema::FieldValidation;
using schema::Registry;
using schema::TypeDef;

const TypeDef& Kind(const char* group, const char* kind) {
  const TypeDef* def = Registry::Builtin().FindKind(group, "v1", kind);
  EXPECT_NE(def, nullptr) << kind;
  return *def;
}

std::string Hex(std::string_view hex) {
  std::string out;
  std::string digits;
  for (char c : hex) {
    if (c != ' ') digits.push_back(c);
  }
  for (size_t i = 0; i + 1 < digits.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(digits.substr(i, 2), nullptr, 16)));
  }
  return out;
}

std::string Text(std::string_view s) { return std::string(s); }

// An enveloped body around `raw`, written out byte by byte.
std::string Envelope(std::string_view api_version, std::string_view kind, std::string_view raw) {
  std::string type_meta = "\x0a" + std::string(1, static_cast<char>(api_version.size())) +
                          Text(api_version) + "\x12" +
                          std::string(1, static_cast<char>(kind.size())) + Text(kind);
  std::string body(Text(std::string_view("k8s\0", 4)));
  body += "\x0a" + std::string(1, static_cast<char>(type_meta.size())) + type_meta;
  std::string raw_len;
  AppendVarint(&raw_len, raw.size());
  body += "\x12" + raw_len + Text(raw);
  body += Hex("1a00 2200");
  return body;
}

// A ConfigMap as upstream's gogo code writes it, field numbers from
// core/v1 and meta/v1 generated.proto: ObjectMeta{1 name, 3 namespace,
// 8 creationTimestamp (zero: empty), 11 labels}, 2 data, 3 binaryData,
// 4 immutable. Gogo writes the empty value of "k" (as 12 00); a missing one
// must decode the same.
std::string GoldenConfigMap(bool write_empty_value = false) {
  std::string meta = Hex("0a02 636d") + Hex("1a07") + "default" + Hex("4200") +
                     Hex("5a0a 0a03 617070 1203 776562");
  std::string raw = Hex("0a") + std::string(1, static_cast<char>(meta.size())) + meta;
  raw += Hex("1206 0a01 61 1201 62");                                         // data a=b
  raw += write_empty_value ? Hex("1205 0a01 6b 1200") : Hex("1203 0a01 6b");  // data k=""
  raw += Hex("1a09 0a03 62696e 1202 00ff");  // binaryData bin=\x00\xff
  raw += Hex("2001");                        // immutable
  return Envelope("v1", "ConfigMap", raw);
}

TEST(ProtobufCodec, DecodesAHandWrittenConfigMap) {
  Result<Json> cm = DecodeObject(GoldenConfigMap(), &Kind("", "ConfigMap"));
  ASSERT_TRUE(cm.ok()) << cm.status().message();
  EXPECT_EQ(*cm, Json::parse(R"({
    "apiVersion": "v1", "kind": "ConfigMap",
    "metadata": {"name": "cm", "namespace": "default", "creationTimestamp": null,
                 "labels": {"app": "web"}},
    "data": {"a": "b", "k": ""}, "binaryData": {"bin": "AP8="}, "immutable": true})"));

  // What the rest of the server sees is what the JSON request would give.
  Json as_json = Json::parse(R"({"apiVersion": "v1", "kind": "ConfigMap",
    "metadata": {"name": "cm", "namespace": "default", "labels": {"app": "web"}},
    "data": {"a": "b", "k": ""}, "binaryData": {"bin": "AP8="}, "immutable": true})");
  const TypeDef& type = Kind("", "ConfigMap");
  Result<Json> from_proto = schema::Decode(*cm, type, FieldValidation::kStrict, nullptr);
  Result<Json> from_json = schema::Decode(as_json, type, FieldValidation::kStrict, nullptr);
  ASSERT_TRUE(from_proto.ok()) << from_proto.status().message();
  ASSERT_TRUE(from_json.ok());
  EXPECT_EQ(*from_proto, *from_json);
}

TEST(ProtobufCodec, EncodesTheConfigMapAsGogoDoes) {
  Json cm = Json::parse(R"({"apiVersion": "v1", "kind": "ConfigMap",
    "metadata": {"name": "cm", "namespace": "default", "creationTimestamp": null,
                 "labels": {"app": "web"}},
    "data": {"a": "b", "k": ""}, "binaryData": {"bin": "AP8="}, "immutable": true})");
  Result<std::string> body = EncodeObject(cm);
  ASSERT_TRUE(body.ok()) << body.status().message();
  EXPECT_EQ(*body, GoldenConfigMap(/*write_empty_value=*/true));
  Result<Json> back = DecodeObject(*body, nullptr);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(*back, cm);
}

TEST(ProtobufCodec, InlineEmbeddedStructsAreNestedMessages) {
  const TypeDef* volume = Registry::Builtin().Find("io.k8s.api.core.v1.Volume");
  ASSERT_NE(volume, nullptr);
  // Volume{1 name, 2 VolumeSource{19 configMap{1 LocalObjectReference{1 name}, 3 defaultMode}}}
  Json v = {{"name", "cfg"}, {"configMap", {{"name", "app"}, {"defaultMode", 420}}}};
  Result<std::string> msg = JsonToMessage(v, *volume);
  ASSERT_TRUE(msg.ok()) << msg.status().message();
  EXPECT_EQ(*msg, Hex("0a03 636667 120d 9a01 0a 0a05 0a03 617070 18a403"));
  Result<Json> back = MessageToJson(*msg, *volume);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(*back, v);

  // Probe{1 ProbeHandler{2 httpGet{1 path, 2 port IntOrString}}, 4 periodSeconds}
  const TypeDef* probe = Registry::Builtin().Find("io.k8s.api.core.v1.Probe");
  ASSERT_NE(probe, nullptr);
  Json p = {{"httpGet", {{"path", "/"}, {"port", "http"}}}, {"periodSeconds", 5}};
  msg = JsonToMessage(p, *probe);
  ASSERT_TRUE(msg.ok());
  EXPECT_EQ(*msg, Hex("0a11 120f 0a01 2f 120a 0801 1000 1a04 68747470 2005"));
  back = MessageToJson(*msg, *probe);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, p);
}

Json Pod() {
  return Json::parse(R"({
    "apiVersion": "v1", "kind": "Pod",
    "metadata": {"name": "web-0", "namespace": "default", "uid": "6b1f7b1c-1111-4a5e-9a3c-0d4b5e6f7a8b",
      "resourceVersion": "42", "generation": 1, "creationTimestamp": "2024-05-01T10:00:00Z",
      "labels": {"app": "web", "statefulset.kubernetes.io/pod-name": "web-0"},
      "annotations": {"note": "caf\u00e9 \u2603"},
      "ownerReferences": [{"apiVersion": "apps/v1", "kind": "StatefulSet", "name": "web",
        "uid": "0a0b0c0d-1111-2222-3333-444455556666", "controller": true, "blockOwnerDeletion": true}],
      "finalizers": ["example.com/keep"],
      "managedFields": [{"manager": "kubectl", "operation": "Update", "apiVersion": "v1",
        "time": "2024-05-01T10:00:00Z", "fieldsType": "FieldsV1",
        "fieldsV1": {"f:metadata": {"f:labels": {".": {}, "f:app": {}}}}}]},
    "spec": {
      "volumes": [
        {"name": "data", "persistentVolumeClaim": {"claimName": "data-web-0"}},
        {"name": "cfg", "configMap": {"name": "web-config", "defaultMode": 420,
          "items": [{"key": "a", "path": "a.txt"}]}},
        {"name": "tmp", "emptyDir": {"medium": "Memory", "sizeLimit": "64Mi"}},
        {"name": "tok", "projected": {"sources": [{"serviceAccountToken": {"path": "token",
          "expirationSeconds": 3607}}, {"downwardAPI": {"items": [{"path": "ns",
          "fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}}]}}]}}],
      "initContainers": [{"name": "init", "image": "busybox:1.36", "command": ["sh", "-c", "true"],
        "restartPolicy": "Always"}],
      "containers": [{"name": "nginx", "image": "nginx:1.27", "args": ["-g", "daemon off;"],
        "ports": [{"name": "web", "containerPort": 80, "protocol": "TCP"}],
        "env": [{"name": "A", "value": "1"},
                {"name": "B", "valueFrom": {"configMapKeyRef": {"name": "web-config", "key": "b",
                  "optional": false}}},
                {"name": "C", "valueFrom": {"secretKeyRef": {"name": "s", "key": "c"}}},
                {"name": "D", "valueFrom": {"resourceFieldRef": {"resource": "limits.cpu",
                  "divisor": "1m"}}}],
        "envFrom": [{"prefix": "X_", "configMapRef": {"name": "web-config"}}],
        "resources": {"limits": {"cpu": "500m", "memory": "128Mi"}, "requests": {"cpu": "250m"}},
        "volumeMounts": [{"name": "data", "mountPath": "/data"},
                         {"name": "cfg", "mountPath": "/etc/cfg", "readOnly": true}],
        "livenessProbe": {"httpGet": {"path": "/healthz", "port": 80, "scheme": "HTTP"},
          "initialDelaySeconds": 3, "periodSeconds": 10, "timeoutSeconds": 1,
          "successThreshold": 1, "failureThreshold": 3},
        "readinessProbe": {"tcpSocket": {"port": "web"}, "periodSeconds": 5},
        "startupProbe": {"exec": {"command": ["cat", "/tmp/ready"]}},
        "lifecycle": {"preStop": {"sleep": {"seconds": 5}}},
        "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File",
        "imagePullPolicy": "IfNotPresent",
        "securityContext": {"runAsUser": 1000, "runAsNonRoot": true, "allowPrivilegeEscalation": false,
          "capabilities": {"drop": ["ALL"]}}}],
      "ephemeralContainers": [{"name": "debug", "image": "busybox:1.36", "stdin": true, "tty": true,
        "targetContainerName": "nginx"}],
      "restartPolicy": "Always", "terminationGracePeriodSeconds": 30, "dnsPolicy": "ClusterFirst",
      "nodeSelector": {"kubernetes.io/os": "linux"}, "serviceAccountName": "default",
      "nodeName": "node-1", "hostname": "web-0", "subdomain": "web",
      "securityContext": {"fsGroup": 2000, "supplementalGroups": [3000, 4000],
        "sysctls": [{"name": "net.core.somaxconn", "value": "1024"}]},
      "affinity": {"podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
        {"weight": 100, "podAffinityTerm": {"topologyKey": "kubernetes.io/hostname",
          "labelSelector": {"matchExpressions": [{"key": "app", "operator": "In", "values": ["web"]}]}}}]}},
      "schedulerName": "default-scheduler",
      "tolerations": [{"key": "node.kubernetes.io/not-ready", "operator": "Exists",
        "effect": "NoExecute", "tolerationSeconds": 300}],
      "priority": 0, "enableServiceLinks": true, "preemptionPolicy": "PreemptLowerPriority",
      "topologySpreadConstraints": [{"maxSkew": 1, "topologyKey": "zone",
        "whenUnsatisfiable": "ScheduleAnyway", "labelSelector": {"matchLabels": {"app": "web"}}}]},
    "status": {"phase": "Running", "hostIP": "10.0.0.5", "podIP": "10.244.0.7",
      "podIPs": [{"ip": "10.244.0.7"}], "startTime": "2024-05-01T10:00:01Z", "qosClass": "Burstable",
      "conditions": [{"type": "Ready", "status": "True",
        "lastTransitionTime": "2024-05-01T10:00:05Z"}],
      "containerStatuses": [{"name": "nginx", "ready": true, "restartCount": 0, "image": "nginx:1.27",
        "imageID": "", "containerID": "stead://abc", "started": true,
        "state": {"running": {"startedAt": "2024-05-01T10:00:02Z"}},
        "lastState": {"terminated": {"exitCode": -1, "reason": "Error",
          "finishedAt": "2024-05-01T09:59:59Z"}}}]}})");
}

Json StatefulSet() {
  return Json::parse(R"({
    "apiVersion": "apps/v1", "kind": "StatefulSet",
    "metadata": {"name": "web", "namespace": "default", "creationTimestamp": "2024-05-01T10:00:00Z"},
    "spec": {"replicas": 3, "serviceName": "web", "podManagementPolicy": "Parallel",
      "selector": {"matchLabels": {"app": "web"}},
      "template": {"metadata": {"labels": {"app": "web"}},
        "spec": {"containers": [{"name": "nginx", "image": "nginx:1.27",
          "ports": [{"containerPort": 80, "name": "web"}]}]}},
      "volumeClaimTemplates": [{"metadata": {"name": "data"},
        "spec": {"accessModes": ["ReadWriteOnce"], "storageClassName": "local",
          "resources": {"requests": {"storage": "1Gi"}}, "volumeMode": "Filesystem"},
        "status": {"phase": "Pending"}}],
      "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"partition": 0,
        "maxUnavailable": "50%"}},
      "revisionHistoryLimit": 10, "minReadySeconds": 0,
      "persistentVolumeClaimRetentionPolicy": {"whenDeleted": "Retain", "whenScaled": "Delete"},
      "ordinals": {"start": 1}},
    "status": {"observedGeneration": 2, "replicas": 3, "readyReplicas": 2, "currentReplicas": 3,
      "updatedReplicas": 3, "currentRevision": "web-5d8f", "updateRevision": "web-5d8f",
      "collisionCount": 0, "availableReplicas": 2,
      "conditions": [{"type": "Progressing", "status": "True", "lastTransitionTime": "2024-05-01T10:00:00Z",
        "reason": "Ok", "message": "fine"}]}})");
}

Json Deployment() {
  return Json::parse(R"({
    "apiVersion": "apps/v1", "kind": "Deployment",
    "metadata": {"name": "web", "namespace": "default", "labels": {"app": "web"},
      "annotations": {"deployment.kubernetes.io/revision": "1"}},
    "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web"}},
      "template": {"metadata": {"labels": {"app": "web"}},
        "spec": {"containers": [{"name": "nginx", "image": "nginx:1.27", "resources": {}}]}},
      "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1, "maxSurge": "25%"}},
      "revisionHistoryLimit": 10, "progressDeadlineSeconds": 600, "paused": false},
    "status": {"observedGeneration": 1, "replicas": 3, "updatedReplicas": 3, "readyReplicas": 3,
      "availableReplicas": 3, "conditions": [{"type": "Available", "status": "True",
        "lastUpdateTime": "2024-05-01T10:00:00Z", "lastTransitionTime": "2024-05-01T10:00:00Z",
        "reason": "MinimumReplicasAvailable", "message": "ok"}]}})");
}

Json Service() {
  return Json::parse(R"({
    "apiVersion": "v1", "kind": "Service",
    "metadata": {"name": "web", "namespace": "default"},
    "spec": {"type": "NodePort", "selector": {"app": "web"},
      "ports": [{"name": "http", "protocol": "TCP", "port": 80, "targetPort": 8080, "nodePort": 30080},
                {"name": "https", "protocol": "TCP", "port": 443, "targetPort": "https",
                 "appProtocol": "https"}],
      "clusterIP": "10.96.0.10", "clusterIPs": ["10.96.0.10"], "ipFamilies": ["IPv4"],
      "ipFamilyPolicy": "SingleStack", "sessionAffinity": "ClientIP",
      "sessionAffinityConfig": {"clientIP": {"timeoutSeconds": 10800}},
      "externalTrafficPolicy": "Cluster", "internalTrafficPolicy": "Cluster",
      "publishNotReadyAddresses": true},
    "status": {"loadBalancer": {"ingress": [{"ip": "192.0.2.1",
      "ports": [{"port": 80, "protocol": "TCP"}]}]}}})");
}

Json Secret() {
  return Json::parse(R"({
    "apiVersion": "v1", "kind": "Secret",
    "metadata": {"name": "s", "namespace": "default"},
    "type": "Opaque", "data": {"password": "czNjcjN0", "empty": ""},
    "stringData": {"user": "admin"}, "immutable": false})");
}

Json ConfigMap() {
  return Json::parse(R"({
    "apiVersion": "v1", "kind": "ConfigMap",
    "metadata": {"name": "cm", "namespace": "default", "generateName": "",
      "deletionTimestamp": "2024-05-01T10:00:00Z", "deletionGracePeriodSeconds": 0},
    "data": {"k": "line1\nline2", "": "empty key"}, "binaryData": {"b": "AAEC"}})");
}

Json Event() {
  return Json::parse(R"({
    "apiVersion": "events.k8s.io/v1", "kind": "Event",
    "metadata": {"name": "e", "namespace": "default"},
    "eventTime": "2024-05-01T10:00:00.123456Z", "reportingController": "stead",
    "reportingInstance": "stead-1", "action": "Scheduled", "reason": "Scheduled", "type": "Normal",
    "regarding": {"kind": "Pod", "namespace": "default", "name": "web-0"},
    "series": {"count": 2, "lastObservedTime": "2024-05-01T10:00:01.000001Z"}})");
}

Json ControllerRevision() {
  return Json::parse(R"({
    "apiVersion": "apps/v1", "kind": "ControllerRevision",
    "metadata": {"name": "web-5d8f", "namespace": "default"},
    "data": {"spec": {"template": {"$patch": "replace", "spec": {"containers": []}}}},
    "revision": 2})");
}

class ProtobufRoundTrip : public testing::TestWithParam<std::pair<const char*, Json (*)()>> {};

TEST_P(ProtobufRoundTrip, JsonToProtobufAndBack) {
  Json obj = GetParam().second();
  Result<std::string> body = EncodeObject(obj);
  ASSERT_TRUE(body.ok()) << body.status().message();
  Result<Json> back = DecodeObject(*body, nullptr);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(*back, obj) << "diff: " << Json::diff(obj, *back).dump();
}

INSTANTIATE_TEST_SUITE_P(
    Objects, ProtobufRoundTrip,
    testing::Values(std::make_pair("Pod", &Pod), std::make_pair("StatefulSet", &StatefulSet),
                    std::make_pair("Deployment", &Deployment), std::make_pair("Service", &Service),
                    std::make_pair("Secret", &Secret), std::make_pair("ConfigMap", &ConfigMap),
                    std::make_pair("Event", &Event),
                    std::make_pair("ControllerRevision", &ControllerRevision)),
    [](const auto& info) { return std::string(info.param.first); });

TEST(ProtobufCodec, ListsAndStatusRoundTrip) {
  Json list = {
      {"apiVersion", "v1"},
      {"kind", "PodList"},
      {"metadata", {{"resourceVersion", "17"}, {"continue", "abc"}, {"remainingItemCount", 4}}},
      {"items", Json::array({Pod(), Pod()})}};
  // List items carry no apiVersion and kind in protobuf.
  for (Json& item : list["items"]) {
    item.erase("apiVersion");
    item.erase("kind");
  }
  Result<std::string> body = EncodeObject(list);
  ASSERT_TRUE(body.ok()) << body.status().message();
  Result<Json> back = DecodeObject(*body, nullptr);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(*back, list);

  Json status = Json::parse(R"({"apiVersion": "v1", "kind": "Status", "metadata": {},
    "status": "Failure", "message": "ConfigMap \"x\" is invalid", "reason": "Invalid",
    "details": {"name": "x", "kind": "ConfigMap", "causes": [{"reason": "FieldValueInvalid",
      "message": "Invalid value", "field": "metadata.name"}], "retryAfterSeconds": 1},
    "code": 422})");
  body = EncodeObject(status);
  ASSERT_TRUE(body.ok()) << body.status().message();
  back = DecodeObject(*body, nullptr);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(*back, status);
}

TEST(ProtobufCodec, GoZeroValuesDecodeLikeTheJsonPath) {
  // Go writes every non-pointer field, zero or not; after schema::Decode the
  // object equals the one a JSON client would have sent.
  Json deploy = Deployment();
  deploy.erase("status");
  Json with_zeros = deploy;
  with_zeros["metadata"]["generateName"] = "";
  with_zeros["metadata"]["generation"] = 0;
  with_zeros["metadata"]["creationTimestamp"] = nullptr;
  with_zeros["spec"]["minReadySeconds"] = 0;
  with_zeros["spec"]["template"]["spec"]["containers"][0]["workingDir"] = "";
  with_zeros["spec"]["template"]["spec"]["containers"][0]["stdin"] = false;
  with_zeros["status"] = Json::object();
  Result<std::string> body = EncodeObject(with_zeros);
  ASSERT_TRUE(body.ok());
  Result<Json> decoded = DecodeObject(*body, &Kind("apps", "Deployment"));
  ASSERT_TRUE(decoded.ok()) << decoded.status().message();
  const TypeDef& type = Kind("apps", "Deployment");
  Json status_only = deploy;
  status_only["status"] = Json::object();
  Result<Json> a = schema::Decode(*decoded, type, FieldValidation::kStrict, nullptr);
  Result<Json> b = schema::Decode(status_only, type, FieldValidation::kStrict, nullptr);
  ASSERT_TRUE(a.ok()) << a.status().message();
  ASSERT_TRUE(b.ok()) << b.status().message();
  EXPECT_EQ(*a, *b) << Json::diff(*b, *a).dump();
}

TEST(ProtobufCodec, PackedRepeatedScalarsAreAccepted) {
  const TypeDef* psc = Registry::Builtin().Find("io.k8s.api.core.v1.PodSecurityContext");
  ASSERT_NE(psc, nullptr);
  // supplementalGroups (4): one unpacked element, then a packed run.
  Result<Json> v = MessageToJson(Hex("2001 2203 02 ac02"), *psc);
  ASSERT_TRUE(v.ok()) << v.status().message();
  EXPECT_EQ(*v, Json::parse(R"({"supplementalGroups": [1, 2, 300]})"));
}

TEST(ProtobufCodec, ScalarEncodings) {
  const TypeDef& cm = Kind("", "ConfigMap");
  // Repeated occurrences of a message merge; a repeated scalar's last wins.
  Result<Json> v = MessageToJson(Hex("0a04 0a02 6162 0a04 1a02 6e73 0a03 0a01 63"), cm);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, Json::parse(R"({"metadata": {"name": "c", "namespace": "ns"}})"));

  // Invalid UTF-8 becomes U+FFFD, as Go's JSON encoder writes it.
  v = MessageToJson(Hex("0a03 0a01 ff 1206 0a01 6b 1201 c0"), cm);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ((*v)["metadata"]["name"], "\xef\xbf\xbd");
  EXPECT_EQ((*v)["data"]["k"], "\xef\xbf\xbd");

  // int32 keeps the low 32 bits of a wider varint, like gogo.
  const TypeDef& sts = Kind("apps", "StatefulSet");
  v = MessageToJson(Hex("1206 08ffffffff0f"), sts);  // spec.replicas = 0xffffffff
  ASSERT_TRUE(v.ok());
  EXPECT_EQ((*v)["spec"]["replicas"], -1);

  // Time: whole seconds (nanos ignored), empty message is the zero time.
  const TypeDef* meta = Registry::Builtin().Find("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
  v = MessageToJson(Hex("4208 08 a0a5c8b106 1005"), *meta);
  ASSERT_TRUE(v.ok()) << v.status().message();
  EXPECT_EQ((*v)["creationTimestamp"], "2024-05-01T10:00:00Z");
  v = MessageToJson(Hex("4a00"), *meta);
  ASSERT_TRUE(v.ok());
  ASSERT_TRUE(v->contains("deletionTimestamp"));
  EXPECT_TRUE(v->at("deletionTimestamp").is_null());
  // Before 1970 and at the edge of year 0.
  v = MessageToJson(Hex("420b 08 ffffffffffffffffff01"), *meta);  // -1
  ASSERT_TRUE(v.ok());
  EXPECT_EQ((*v)["creationTimestamp"], "1969-12-31T23:59:59Z");

  // MicroTime keeps microseconds, truncating nanoseconds.
  const TypeDef& event = Kind("events.k8s.io", "Event");
  v = MessageToJson(Hex("120b 08 a0a5c8b106 10 959aef3a"), event);  // nanos 123456789
  ASSERT_TRUE(v.ok()) << v.status().message();
  EXPECT_EQ((*v)["eventTime"], "2024-05-01T10:00:00.123456Z");
}

Status DecodeError(std::string_view body) {
  Result<Json> r = DecodeObject(body, &Kind("", "ConfigMap"));
  EXPECT_FALSE(r.ok());
  if (r.ok()) return Status::OK();
  EXPECT_EQ(r.status().http_code(), 400) << r.status().message();
  return r.status();
}

TEST(ProtobufCodec, MalformedBodiesAreBadRequests) {
  EXPECT_EQ(DecodeError("").message(),
            "the object provided is unrecognized (must be of type ConfigMap): empty data "
            "(<empty>)");
  EXPECT_EQ(DecodeError("{\"kind\":\"ConfigMap\"}").message(),
            "the object provided is unrecognized (must be of type ConfigMap): provided data does "
            "not appear to be a protobuf message, expected prefix [107 56 115 0] "
            "({\"kind\":\"ConfigMap\"})");
  EXPECT_EQ(DecodeError(Envelope("v1", "ConfigMap", Hex("0a05 0a02 6162"))).message(),
            "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: unexpected EOF");
  EXPECT_EQ(DecodeError(Envelope("v1", "ConfigMap", Hex("0a01"))).message(),
            "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: unexpected EOF");
  EXPECT_EQ(DecodeError(Envelope("v1", "ConfigMap", Hex("2080808080808080808080 01"))).message(),
            "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: proto: integer "
            "overflow");
  EXPECT_EQ(DecodeError(Envelope("v1", "ConfigMap", Hex("0001"))).message(),
            "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: proto: ConfigMap: "
            "illegal tag 0 (wire type 0)");
  EXPECT_EQ(DecodeError(Envelope("v1", "ConfigMap", Hex("0c"))).message(),
            "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: proto: ConfigMap: "
            "wiretype end group for non-group");
  EXPECT_EQ(DecodeError(Envelope("v1", "ConfigMap", Hex("2201 01"))).message(),
            "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: proto: wrong "
            "wireType = 2 for field Immutable");
  EXPECT_EQ(DecodeError(Envelope("v1", "ConfigMap", Hex("0a ffffffffffffffffff01"))).message(),
            "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: proto: negative "
            "length found during unmarshaling");
  EXPECT_EQ(DecodeError(Envelope("v1", "Frob", "")).message(),
            "Frob in version \"v1\" cannot be handled as a ConfigMap: no kind \"Frob\" is "
            "registered for version \"v1\" in scheme \"pkg/api/legacyscheme/scheme.go:30\"");
  // A service port whose IntOrString has an unknown type.
  const TypeDef& svc = Kind("", "Service");
  Result<Json> r = MessageToJson(Hex("120a 0a08 2206 0802 1000 1a00"), svc);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "impossible IntOrString.Type");
}

TEST(ProtobufCodec, UnknownFieldsAndGroupsAreSkipped) {
  // Field 99 as varint, fixed32, fixed64, bytes and a nested group.
  std::string raw = Hex("980601 9d0601020304 990601020304050607 08 9a0602 6162") +
                    Hex("9b06 a006 01 a306 a406 9c06") + Hex("2001");
  Result<Json> cm = DecodeObject(Envelope("v1", "ConfigMap", raw), nullptr);
  ASSERT_TRUE(cm.ok()) << cm.status().message();
  EXPECT_EQ(*cm, Json::parse(R"({"apiVersion": "v1", "kind": "ConfigMap", "immutable": true})"));
  EXPECT_EQ(DecodeError(Envelope("v1", "ConfigMap", Hex("9b06 a406 a406"))).message(),
            "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: proto: ConfigMap: "
            "wiretype end group for non-group");
  EXPECT_EQ(DecodeError(Envelope("v1", "ConfigMap", Hex("9b06 a006 01"))).message(),
            "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: unexpected EOF");
}

TEST(ProtobufCodec, EnvelopeDefaultsComeFromTheEndpoint) {
  // No TypeMeta at all: kind and version of the expected type.
  std::string body = std::string("k8s\0", 4) + Hex("1202 2001");
  Result<Json> cm = DecodeObject(body, &Kind("", "ConfigMap"));
  ASSERT_TRUE(cm.ok()) << cm.status().message();
  EXPECT_EQ(*cm, Json::parse(R"({"apiVersion": "v1", "kind": "ConfigMap", "immutable": true})"));
  // DeleteOptions arrive in every group's version.
  const TypeDef* del = Registry::Builtin().FindKind("", "v1", "DeleteOptions");
  ASSERT_NE(del, nullptr);
  Result<Json> opts = DecodeObject(Envelope("apps/v1", "DeleteOptions", Hex("0805")), del);
  ASSERT_TRUE(opts.ok()) << opts.status().message();
  EXPECT_EQ(*opts, Json::parse(R"({"apiVersion": "apps/v1", "kind": "DeleteOptions",
                                    "gracePeriodSeconds": 5})"));
}

TEST(ProtobufCodec, NestedRawExtensionsAreBounded) {
  // ControllerRevision.data (2) holding an enveloped ControllerRevision,
  // holding another ... far deeper than any real object.
  std::string body = Envelope("apps/v1", "ControllerRevision", Hex("1802"));
  for (int i = 0; i < 200; ++i) {
    WireWriter raw_ext;
    raw_ext.Bytes(1, body);
    WireWriter cr;
    cr.Bytes(2, raw_ext.buffer());
    WireWriter env;
    size_t mark = env.BeginMessage(1);
    env.Bytes(1, "apps/v1");
    env.Bytes(2, "ControllerRevision");
    env.EndMessage(mark);
    env.Bytes(2, cr.buffer());
    body = std::string("k8s\0", 4) + env.buffer();
  }
  Result<Json> r = DecodeObject(body, nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().http_code(), 400);
  EXPECT_EQ(r.status().message(), "proto: message nesting is too deep");
}

TEST(ProtobufCodec, TruncatedAndCorruptedBodiesNeverCrash) {
  Result<std::string> body = EncodeObject(StatefulSet());
  ASSERT_TRUE(body.ok());
  const TypeDef& sts = Kind("apps", "StatefulSet");
  int failures = 0;
  for (size_t len = 0; len < body->size(); ++len) {
    Result<Json> r = DecodeObject(std::string_view(*body).substr(0, len), &sts);
    if (!r.ok()) {
      ++failures;
      EXPECT_EQ(r.status().http_code(), 400);
    }
  }
  EXPECT_GT(failures, static_cast<int>(body->size()) / 2);
  std::mt19937 rng(12345);
  for (int i = 0; i < 2000; ++i) {
    std::string mutated = *body;
    int flips = 1 + static_cast<int>(rng() % 4);
    for (int f = 0; f < flips; ++f) {
      size_t at = 4 + rng() % (mutated.size() - 4);
      mutated[at] = static_cast<char>(rng() & 0xff);
    }
    Result<Json> r = DecodeObject(mutated, &sts);
    if (r.ok()) {
      (void)r->dump();  // whatever was decoded is valid JSON
    } else {
      EXPECT_EQ(r.status().http_code(), 400) << r.status().message();
    }
  }
}

TEST(ProtobufCodec, WatchEventFrames) {
  std::string object = GoldenConfigMap();
  std::string frame = EncodeWatchEvent("ADDED", object);
  ASSERT_GE(frame.size(), 4u);
  uint32_t len = (static_cast<uint8_t>(frame[0]) << 24) | (static_cast<uint8_t>(frame[1]) << 16) |
                 (static_cast<uint8_t>(frame[2]) << 8) | static_cast<uint8_t>(frame[3]);
  EXPECT_EQ(len, frame.size() - 4);
  const TypeDef* event = Registry::Builtin().FindKind("", "v1", "WatchEvent");
  ASSERT_NE(event, nullptr);
  Result<Json> ev = MessageToJson(frame.substr(4), *event);
  ASSERT_TRUE(ev.ok()) << ev.status().message();
  EXPECT_EQ((*ev)["type"], "ADDED");
  EXPECT_EQ((*ev)["object"]["metadata"]["name"], "cm");
  EXPECT_EQ((*ev)["object"]["kind"], "ConfigMap");
}

TEST(ProtobufCodec, KindsWithoutProtobufFormAreNotAcceptable) {
  Result<std::string> r = EncodeObject(Json{{"apiVersion", "meta.k8s.io/v1"}, {"kind", "Table"}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().http_code(), 406);
}

TEST(ProtobufSchema, EveryFieldHasAProtobufNumber) {
  for (const TypeDef* type : Registry::Builtin().All()) {
    if (type->kind != schema::TypeKind::kObject) continue;
    std::set<std::pair<int, int>> seen;
    std::set<int> embeds;
    for (const schema::FieldDef& f : type->fields) {
      if (f.proto_tag == 0) {
        EXPECT_TRUE(f.name == "apiVersion" || f.name == "kind") << type->name << "." << f.name;
        continue;
      }
      EXPECT_TRUE(seen.emplace(f.proto_embed_tag, f.proto_tag).second)
          << type->name << "." << f.name << " reuses number " << f.proto_tag;
      if (f.proto_embed_tag != 0) embeds.insert(f.proto_embed_tag);
    }
    for (int e : embeds) {
      EXPECT_EQ(seen.count({0, e}), 0u) << type->name << ": embedded number " << e << " reused";
    }
  }
}

}  // namespace
}  // namespace stead::api::protobuf
