#include "controllers/framework/pod_template_hash.h"

#include <gtest/gtest.h>

#include "controllers/framework/go_spew.h"

namespace stead::controllers {
namespace {

// Templates as the API server stores them (defaults applied). The expected
// hashes were computed with upstream's own code: the v1.PodTemplateSpec
// types of k8s.io/api v0.32.0, resource.Quantity of k8s.io/apimachinery
// v0.32.0, go-spew with dump.ForHash's configuration, FNV-1a 32 and
// rand.SafeEncodeString, after a JSON round trip through those types (what
// the API server stores and the controller reads).

// `kubectl create deployment web --image=nginx:1.25`.
const char kWeb[] =
    R"json({"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"image":"nginx:1.25","imageP)json"
    R"json(ullPolicy":"IfNotPresent","name":"nginx","resources":{},"terminationMessagePath":"/dev/t)json"
    R"json(ermination-log","terminationMessagePolicy":"File"}],"dnsPolicy":"ClusterFirst","restartP)json"
    R"json(olicy":"Always","schedulerName":"default-scheduler","securityContext":{},"terminationGra)json"
    R"json(cePeriodSeconds":30}})json";

// Volumes (configMap with an embedded LocalObjectReference, emptyDir with
// a sizeLimit, secret), probes of every handler, env valueFrom, envFrom,
// resources, security contexts, affinity, tolerations, an init container.
const char kRich[] =
    R"json({"metadata":{"annotations":{"note":"x<y&z"},"labels":{"app":"rich","tier":"db"}},"spec":)json"
    R"json({"affinity":{"podAntiAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":[{"pod)json"
    R"json(AffinityTerm":{"labelSelector":{"matchLabels":{"app":"rich"}},"topologyKey":"kubernetes.)json"
    R"json(io/hostname"},"weight":50}]}},"containers":[{"args":["--a","b"],"env":[{"name":"A","valu)json"
    R"json(e":"1"},{"name":"B","valueFrom":{"configMapKeyRef":{"key":"b","name":"rich-cfg"}}},{"nam)json"
    R"json(e":"POD","valueFrom":{"fieldRef":{"apiVersion":"v1","fieldPath":"metadata.name"}}},{"nam)json"
    R"json(e":"MEM","valueFrom":{"resourceFieldRef":{"divisor":"1Mi","resource":"limits.memory"}}}])json"
    R"json(,"envFrom":[{"secretRef":{"name":"s2"}}],"image":"qdrant/qdrant:v1.9.0","imagePullPolicy)json"
    R"json(":"IfNotPresent","lifecycle":{"preStop":{"exec":{"command":["sleep","2"]}}},"livenessPro)json"
    R"json(be":{"failureThreshold":3,"periodSeconds":10,"successThreshold":1,"tcpSocket":{"port":63)json"
    R"json(33},"timeoutSeconds":1},"name":"db","ports":[{"containerPort":6333,"name":"http","protoc)json"
    R"json(ol":"TCP"},{"containerPort":6334,"protocol":"UDP"}],"readinessProbe":{"failureThreshold")json"
    R"json(:3,"httpGet":{"path":"/healthz","port":"http","scheme":"HTTP"},"periodSeconds":5,"succes)json"
    R"json(sThreshold":1,"timeoutSeconds":1},"resources":{"limits":{"cpu":"1","ephemeral-storage":")json"
    R"json(2G","memory":"1000Mi"},"requests":{"cpu":"250m","memory":"128Mi"}},"securityContext":{"a)json"
    R"json(llowPrivilegeEscalation":false,"capabilities":{"add":["NET_ADMIN"],"drop":["ALL"]}},"sta)json"
    R"json(rtupProbe":{"exec":{"command":["cat","/tmp/ok"]},"failureThreshold":3,"periodSeconds":10)json"
    R"json(,"successThreshold":1,"timeoutSeconds":1},"terminationMessagePath":"/dev/termination-log)json"
    R"json(","terminationMessagePolicy":"File","volumeMounts":[{"mountPath":"/cfg","name":"cfg","re)json"
    R"json(adOnly":true},{"mountPath":"/scratch","name":"scratch"}]}],"dnsPolicy":"ClusterFirst","i)json"
    R"json(nitContainers":[{"command":["sh","-c","true"],"image":"busybox:1.36","imagePullPolicy":")json"
    R"json(IfNotPresent","name":"init","resources":{},"terminationMessagePath":"/dev/termination-lo)json"
    R"json(g","terminationMessagePolicy":"File"}],"nodeSelector":{"disk":"ssd"},"restartPolicy":"Al)json"
    R"json(ways","schedulerName":"default-scheduler","securityContext":{"fsGroup":2000,"runAsUser":)json"
    R"json(1000},"serviceAccount":"sa","serviceAccountName":"sa","terminationGracePeriodSeconds":10)json"
    R"json(,"tolerations":[{"effect":"NoSchedule","key":"k","operator":"Exists"}],"volumes":[{"conf)json"
    R"json(igMap":{"defaultMode":420,"items":[{"key":"a","path":"a.txt"}],"name":"rich-cfg"},"name")json"
    R"json(:"cfg"},{"emptyDir":{"medium":"Memory","sizeLimit":"1Gi"},"name":"scratch"},{"name":"sec)json"
    R"json(","secret":{"defaultMode":420,"secretName":"s1"}}]}})json";

// Ephemeral volume (nested ObjectMeta, a non-canonical "1.5Gi"),
// projected sources, hostPath type, sidecar with resizePolicy, gRPC probe,
// HTTP headers, dnsConfig, topology spread, quantities "0.5" and "1e3".
const char kRich2[] =
    R"json({"metadata":{"labels":{"app":"rich2"}},"spec":{"containers":[{"image":"app:2","imagePull)json"
    R"json(Policy":"IfNotPresent","livenessProbe":{"failureThreshold":3,"httpGet":{"httpHeaders":[{)json"
    R"json("name":"X","value":"y"}],"path":"/","port":8080,"scheme":"HTTPS"},"initialDelaySeconds":)json"
    R"json(3,"periodSeconds":10,"successThreshold":1,"timeoutSeconds":1},"name":"app","readinessPro)json"
    R"json(be":{"failureThreshold":3,"grpc":{"port":9090,"service":""},"periodSeconds":10,"successT)json"
    R"json(hreshold":1,"timeoutSeconds":1},"resources":{"limits":{"cpu":"1500m","nvidia.com/gpu":"1)json"
    R"json("},"requests":{"cpu":"0.5","memory":"1k"}},"stdin":true,"terminationMessagePath":"/dev/t)json"
    R"json(ermination-log","terminationMessagePolicy":"File","tty":true}],"dnsConfig":{"nameservers)json"
    R"json(":["1.1.1.1"],"options":[{"name":"ndots","value":"2"}],"searches":["x.local"]},"dnsPolic)json"
    R"json(y":"None","enableServiceLinks":false,"hostAliases":[{"hostnames":["a","b"],"ip":"10.0.0.)json"
    R"json(1"}],"imagePullSecrets":[{"name":"regcred"}],"initContainers":[{"image":"envoy:1","image)json"
    R"json(PullPolicy":"IfNotPresent","name":"side","resources":{},"restartPolicy":"Always","termin)json"
    R"json(ationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File"}],"priorityCl)json"
    R"json(assName":"high","restartPolicy":"Always","schedulerName":"default-scheduler","securityCo)json"
    R"json(ntext":{},"terminationGracePeriodSeconds":30,"topologySpreadConstraints":[{"labelSelecto)json"
    R"json(r":{"matchLabels":{"app":"rich2"}},"maxSkew":1,"topologyKey":"zone","whenUnsatisfiable":)json"
    R"json("DoNotSchedule"}],"volumes":[{"hostPath":{"path":"/var/log","type":"Directory"},"name":")json"
    R"json(hp"},{"ephemeral":{"volumeClaimTemplate":{"metadata":{"labels":{"x":"y"}},"spec":{"acces)json"
    R"json(sModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1.5Gi"}},"volumeMode":"Fil)json"
    R"json(esystem"}}},"name":"eph"},{"name":"proj","projected":{"defaultMode":420,"sources":[{"ser)json"
    R"json(viceAccountToken":{"expirationSeconds":3600,"path":"token"}},{"downwardAPI":{"items":[{")json"
    R"json(fieldRef":{"apiVersion":"v1","fieldPath":"metadata.labels"},"path":"labels"}]}},{"config)json"
    R"json(Map":{"name":"cm","optional":true}}]}}]}})json";

// Quantities on ParseQuantity's inf.Dec path: more than 18 digits, binary
// values beyond int64 precision (100Ti, 1Pi, 1Ei), 9Ei capped at 2^63-1,
// negative, below one unit of a binary suffix.
const char kBigQuantities[] =
    R"json({"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"image":"nginx:1.25","imageP)json"
    R"json(ullPolicy":"IfNotPresent","name":"nginx","resources":{"limits":{"cpu":"12345678901234567)json"
    R"json(890","memory":"100Ti","ephemeral-storage":"1Pi","hugepages-2Mi":"1Ei","x.io/a":"9Ei"},"r)json"
    R"json(equests":{"cpu":"1n","memory":"0","x.io/b":"-100Ti","x.io/c":"1e3","x.io/d":"0.5Ki"}},"t)json"
    R"json(erminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File"}],"dnsPo)json"
    R"json(licy":"ClusterFirst","restartPolicy":"Always","schedulerName":"default-scheduler","secur)json"
    R"json(ityContext":{},"terminationGracePeriodSeconds":30}})json";

TEST(PodTemplateHashTest, MatchesUpstreamComputeHash) {
  EXPECT_EQ(ComputePodTemplateHash(Json::parse(kWeb), std::nullopt), "7b84c5f95f");
  EXPECT_EQ(ComputePodTemplateHash(Json::parse(kRich), std::nullopt), "76b5c6fd");
  EXPECT_EQ(ComputePodTemplateHash(Json::parse(kRich2), std::nullopt), "577bd44d6f");
  EXPECT_EQ(ComputePodTemplateHash(Json::parse(kBigQuantities), std::nullopt), "59cf5c6fd5");
}

TEST(PodTemplateHashTest, CollisionCountIsHashedAsEightLittleEndianBytes) {
  Json web = Json::parse(kWeb);
  EXPECT_EQ(ComputePodTemplateHash(web, 1), "8457ff79bb");
  EXPECT_EQ(ComputePodTemplateHash(web, 2147483647), "5c7d974c");
  // 0 is not "no collision count".
  EXPECT_NE(ComputePodTemplateHash(web, 0), ComputePodTemplateHash(web, std::nullopt));
}

TEST(PodTemplateHashTest, AnyTemplateChangeChangesTheHash) {
  Json web = Json::parse(kWeb);
  std::string base = ComputePodTemplateHash(web, std::nullopt);
  Json image = web;
  image["spec"]["containers"][0]["image"] = "nginx:1.26";
  EXPECT_NE(ComputePodTemplateHash(image, std::nullopt), base);
  Json annotated = web;
  annotated["metadata"]["annotations"]["kubectl.kubernetes.io/restartedAt"] = "now";
  EXPECT_NE(ComputePodTemplateHash(annotated, std::nullopt), base);
  // An empty list of an omitempty field is what a Go round trip makes nil.
  Json empty_env = web;
  empty_env["spec"]["containers"][0]["env"] = Json::array();
  EXPECT_EQ(ComputePodTemplateHash(empty_env, std::nullopt), base);
}

TEST(GoSpewDumpTest, RendersGoTypesNamesAndZeroValues) {
  const auto* type = api::schema::Registry::Builtin().Find("io.k8s.api.core.v1.PodTemplateSpec");
  ASSERT_NE(type, nullptr);
  std::string dump = GoSpewDump(Json::parse(kWeb), *type);
  const std::string prefix =
      "(v1.PodTemplateSpec){ObjectMeta:(v1.ObjectMeta){Name:(string) GenerateName:(string) "
      "Namespace:(string) SelfLink:(string) UID:(types.UID) ResourceVersion:(string) ";
  EXPECT_EQ(dump.substr(0, prefix.size()), prefix);
  EXPECT_NE(
      dump.find("Labels:(map[string]string)map[app:web] Annotations:(map[string]string)<nil>"),
      std::string::npos);
  EXPECT_NE(dump.find("DeletionTimestamp:(*v1.Time)<nil>"), std::string::npos);
  EXPECT_NE(dump.find("DeprecatedServiceAccount:(string) "), std::string::npos);
  EXPECT_NE(
      dump.find(
          "SecurityContext:(*v1.PodSecurityContext){SELinuxOptions:(*v1.SELinuxOptions)<nil>"),
      std::string::npos);
  EXPECT_NE(dump.find("Containers:([]v1.Container)[{Name:(string)nginx Image:(string)nginx:1.25 "),
            std::string::npos);
}

TEST(GoSpewDumpTest, GoFieldNames) {
  const auto* spec = api::schema::Registry::Builtin().Find("io.k8s.api.core.v1.PodSpec");
  const auto* rbd = api::schema::Registry::Builtin().Find("io.k8s.api.core.v1.RBDVolumeSource");
  ASSERT_NE(spec, nullptr);
  ASSERT_NE(rbd, nullptr);
  EXPECT_EQ(GoFieldName(*spec, "dnsPolicy"), "DNSPolicy");
  EXPECT_EQ(GoFieldName(*spec, "serviceAccount"), "DeprecatedServiceAccount");
  EXPECT_EQ(GoFieldName(*spec, "nodeName"), "NodeName");
  EXPECT_EQ(GoFieldName(*rbd, "monitors"), "CephMonitors");
  EXPECT_EQ(GoFieldName(*rbd, "image"), "RBDImage");
}

}  // namespace
}  // namespace stead::controllers
