// Namespace, ConfigMap, Secret, ServiceAccount, Node, Endpoints, Events,
// EndpointSlice and Lease; and the list of all kinds.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "api/kinds/kinds.h"
#include "kind_test_util.h"

namespace stead::api::kinds {
namespace {

using testing::Created;
using testing::CreateErrors;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using testing::Messages;
using testing::Parse;
using testing::StatusErrors;
using testing::UpdateErrors;

TEST(KindsTest, AllInDiscoveryOrder) {
  std::vector<std::string> names;
  std::set<std::string> seen;
  for (const ResourceType& t : All()) {
    names.push_back(t.GroupResource());
    EXPECT_TRUE(seen.insert(t.GroupVersion() + "/" + t.plural).second) << t.plural;
    EXPECT_EQ(t.version, "v1");
    EXPECT_FALSE(t.singular.empty());
    EXPECT_TRUE(t.columns.empty());  // printers install these
  }
  EXPECT_THAT(names, ElementsAre("configmaps", "endpoints", "events", "namespaces", "nodes",
                                 "persistentvolumeclaims", "persistentvolumes", "pods", "secrets",
                                 "serviceaccounts", "services", "controllerrevisions.apps",
                                 "deployments.apps", "replicasets.apps", "statefulsets.apps",
                                 "endpointslices.discovery.k8s.io", "leases.coordination.k8s.io",
                                 "storageclasses.storage.k8s.io", "events.events.k8s.io"));
}

TEST(NamespaceKindTest, LifecycleRules) {
  ResourceType t = Namespace();
  EXPECT_FALSE(t.namespaced);
  EXPECT_THAT(t.short_names, ElementsAre("ns"));
  Json ns = Created(t, Parse(R"({"metadata": {"name": "team-a"}})"));
  EXPECT_EQ(ns["metadata"]["labels"]["kubernetes.io/metadata.name"], "team-a");
  EXPECT_EQ(ns["status"], Parse(R"({"phase": "Active"})"));
  EXPECT_EQ(ns["spec"]["finalizers"], Parse(R"(["kubernetes"])"));
  EXPECT_EQ(t.field_value(ns, "status.phase"), "Active");
  EXPECT_THAT(Messages(CreateErrors(t, Parse(R"({"metadata": {"name": "a.b"}})"))),
              ElementsAre("metadata.name: Invalid value: \"a.b\": must not contain dots"));
  EXPECT_THAT(Messages(CreateErrors(
                  t, Parse(R"({"metadata": {"name": "x"}, "spec": {"finalizers": ["custom"]}})"))),
              ElementsAre("spec.finalizers: Invalid value: \"custom\": name is neither a standard "
                          "finalizer name nor is it fully qualified"));
  Json edited = ns;
  edited["spec"]["finalizers"] = Json::array();
  t.prepare_update(edited, ns);
  EXPECT_EQ(edited["spec"]["finalizers"], Parse(R"(["kubernetes"])"));
  Json terminating = ns;
  terminating["metadata"]["deletionTimestamp"] = "2026-01-01T00:00:00Z";
  EXPECT_THAT(Messages(StatusErrors(t, terminating, ns)),
              ElementsAre("status.Phase: Invalid value: \"Active\": may only be 'Terminating' if "
                          "`deletionTimestamp` is not empty"));
}

TEST(ConfigMapKindTest, KeysSizeAndImmutability) {
  ResourceType t = ConfigMap();
  EXPECT_THAT(t.short_names, ElementsAre("cm"));
  Json cm = Parse(R"({"metadata": {"name": "c", "namespace": "default"},
                      "data": {"ok.conf": "x", "bad/key": "y", "dup": "1"},
                      "binaryData": {"dup": "AQ=="}})");
  EXPECT_THAT(
      Messages(CreateErrors(t, cm)),
      ElementsAre(::testing::StartsWith("data[bad/key]: Invalid value: \"bad/key\": a valid "
                                        "config key must consist of"),
                  "data[dup]: Invalid value: \"dup\": duplicate of key present in binaryData"));
  Json frozen = Parse(R"({"metadata": {"name": "c", "namespace": "default"}, "immutable": true,
                          "data": {"a": "1"}})");
  Json changed = frozen;
  changed["data"]["a"] = "2";
  EXPECT_THAT(Messages(UpdateErrors(t, changed, frozen)),
              ElementsAre("data: Forbidden: field is immutable when `immutable` is set"));
}

TEST(SecretKindTest, DefaultsAndTypes) {
  ResourceType t = Secret();
  Json s = Created(t, Parse(R"({"metadata": {"name": "s", "namespace": "default"},
                                "stringData": {"password": "hunter2"}})"));
  EXPECT_EQ(s["type"], "Opaque");
  EXPECT_EQ(s["data"]["password"], "aHVudGVyMg==");
  EXPECT_FALSE(s.contains("stringData"));
  EXPECT_EQ(t.field_value(s, "type"), "Opaque");
  Json tls =
      Parse(R"({"metadata": {"name": "s", "namespace": "default"}, "type": "kubernetes.io/tls",
                       "data": {"tls.crt": "eA=="}})");
  EXPECT_THAT(Messages(CreateErrors(t, tls)), ElementsAre("data[tls.key]: Required value"));
  Json retyped = s;
  retyped["type"] = "kubernetes.io/basic-auth";
  retyped["data"]["username"] = "dQ==";
  EXPECT_THAT(Messages(UpdateErrors(t, retyped, s)),
              ElementsAre("type: Invalid value: \"kubernetes.io/basic-auth\": field is immutable"));
}

TEST(ServiceAccountKindTest, Naming) {
  ResourceType t = ServiceAccount();
  EXPECT_THAT(t.short_names, ElementsAre("sa"));
  EXPECT_THAT(Messages(CreateErrors(
                  t, Parse(R"({"metadata": {"name": "default", "namespace": "default"}})"))),
              IsEmpty());
}

TEST(NodeKindTest, DefaultsValidationAndSelectors) {
  ResourceType t = Node();
  EXPECT_FALSE(t.namespaced);
  EXPECT_THAT(t.short_names, ElementsAre("no"));
  Json node = Parse(R"({"metadata": {"name": "node-1"},
                        "spec": {"podCIDR": "10.244.0.0/24", "podCIDRs": ["10.244.0.0/24"],
                                 "taints": [{"key": "k", "effect": "NoSchedule"},
                                            {"key": "k", "effect": "NoSchedule"}]},
                        "status": {"capacity": {"cpu": "2", "pods": "110.5"}}})");
  Json created = Created(t, node);
  EXPECT_EQ(created["status"]["allocatable"], created["status"]["capacity"]);
  EXPECT_THAT(
      Messages(CreateErrors(t, node)),
      ElementsAre(
          "metadata.taints[1]: Duplicate value: core.Taint{Key:\"k\", Value:\"\", "
          "Effect:\"NoSchedule\", TimeAdded:(*v1.Time)(nil)}: taints must be unique "
          "by key and effect pair",
          ::testing::StartsWith("status.capacity.pods: Invalid value: resource.Quantity{"),
          ::testing::StartsWith("status.allocatable.pods: Invalid value: resource.Quantity{")));
  EXPECT_EQ(t.field_value(created, "spec.unschedulable"), "false");
  Json old = created;
  old["spec"]["taints"] = Json::array();
  old["status"]["capacity"]["pods"] = "110";
  old["status"]["allocatable"]["pods"] = "110";
  Json moved = old;
  moved["spec"]["podCIDRs"] = {"10.244.1.0/24"};
  moved["spec"]["unschedulable"] = true;
  EXPECT_THAT(
      Messages(UpdateErrors(t, moved, old)),
      ElementsAre("spec.podCIDRs: Forbidden: node updates may not change podCIDR except from "
                  "\"\" to valid"));
  EXPECT_EQ(t.field_value(moved, "spec.unschedulable"), "true");
}

TEST(EndpointsKindTest, DefaultsAndValidation) {
  ResourceType t = Endpoints();
  EXPECT_THAT(t.short_names, ElementsAre("ep"));
  Json ep = Parse(R"({"metadata": {"name": "nginx", "namespace": "default"},
                      "subsets": [{"addresses": [{"ip": "10.244.0.5", "hostname": "web-0"}],
                                   "ports": [{"port": 80}]},
                                  {"addresses": [{"ip": "127.0.0.1"}], "ports": [{"port": 0}]},
                                  {"ports": [{"port": 80}]}]})");
  EXPECT_EQ(Created(t, ep)["subsets"][0]["ports"][0]["protocol"], "TCP");
  EXPECT_THAT(
      Messages(CreateErrors(t, ep)),
      ElementsAre(
          "subsets[1].addresses[0].ip: Invalid value: \"127.0.0.1\": may not be in the "
          "loopback range (127.0.0.0/8, ::1/128)",
          "subsets[1].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive",
          "subsets[2]: Required value: must specify `addresses` or `notReadyAddresses`"));
}

TEST(EventKindTest, LegacyAndStrictValidation) {
  ResourceType core = Event();
  EXPECT_THAT(core.short_names, ElementsAre("ev"));
  Json ev = Parse(R"({"metadata": {"name": "web-0.1", "namespace": "default"},
                      "involvedObject": {"kind": "Pod", "namespace": "other", "name": "web-0"},
                      "reason": "Started", "type": "Normal", "source": {"component": "kubelet"}})");
  EXPECT_THAT(Messages(CreateErrors(core, ev)),
              ElementsAre("involvedObject.namespace: Invalid value: \"other\": does not match "
                          "event.namespace"));
  EXPECT_EQ(core.field_value(ev, "involvedObject.name"), "web-0");
  EXPECT_EQ(core.field_value(ev, "source"), "kubelet");
  EXPECT_EQ(core.field_value(ev, "reportingComponent"), "");

  ResourceType v1 = EventV1();
  EXPECT_EQ(v1.GroupVersion(), "events.k8s.io/v1");
  Json ev1 = Parse(R"({"metadata": {"name": "web-0.2", "namespace": "default"},
                       "eventTime": "2026-01-01T00:00:00.000000Z",
                       "regarding": {"kind": "Pod", "namespace": "default", "name": "web-0"},
                       "reason": "Started", "type": "Normal", "action": "Start",
                       "reportingController": "stead.dev/kubelet", "reportingInstance": "node-1"})");
  EXPECT_THAT(Messages(CreateErrors(v1, ev1)), IsEmpty());
  EXPECT_EQ(v1.field_value(ev1, "regarding.name"), "web-0");
  EXPECT_EQ(v1.field_value(ev1, "reportingController"), "stead.dev/kubelet");
  Json bad = ev1;
  bad["type"] = "Info";
  bad["deprecatedCount"] = 3;
  bad.erase("action");
  EXPECT_THAT(
      Messages(CreateErrors(v1, bad)),
      ElementsAre("action: Required value", "type: Invalid value: \"\": has invalid value: Info",
                  "count: Invalid value: \"\": needs to be unset"));
  Json renamed = ev1;
  renamed["note"] = "changed";
  EXPECT_THAT(Messages(UpdateErrors(v1, renamed, ev1)),
              ElementsAre("message: Invalid value: \"changed\": field is immutable"));
}

TEST(EndpointSliceKindTest, DefaultsAndValidation) {
  ResourceType t = EndpointSlice();
  Json slice = Parse(R"({"metadata": {"name": "nginx-abc", "namespace": "default"},
                         "addressType": "IPv4",
                         "endpoints": [{"addresses": ["10.244.0.5"]}, {"addresses": ["fe80::1"]}],
                         "ports": [{"port": 80}]})");
  Json created = Created(t, slice);
  EXPECT_EQ(created["ports"][0], Parse(R"({"port": 80, "name": "", "protocol": "TCP"})"));
  EXPECT_THAT(
      Messages(CreateErrors(t, slice)),
      ElementsAre(
          "endpoints[1].addresses[0]: Invalid value: \"fe80::1\": must be a valid IPv4 address",
          "endpoints[1].addresses[0]: Invalid value: \"fe80::1\": may not be in the "
          "link-local range (169.254.0.0/16, fe80::/10)"));
  Json retyped = created;
  retyped["addressType"] = "FQDN";
  retyped["endpoints"] = Parse(R"([{"addresses": ["web.example.com"]}])");
  EXPECT_THAT(Messages(UpdateErrors(t, retyped, created)),
              ElementsAre("addressType: Invalid value: \"FQDN\": field is immutable"));
}

TEST(LeaseKindTest, ValidationAndDisabledFields) {
  ResourceType t = Lease();
  Json lease = Parse(R"({"metadata": {"name": "stead-controller", "namespace": "kube-system"},
                         "spec": {"holderIdentity": "a", "leaseDurationSeconds": 0,
                                  "leaseTransitions": -1, "strategy": "OldestEmulationVersion"}})");
  EXPECT_FALSE(Created(t, lease)["spec"].contains("strategy"));
  EXPECT_THAT(
      Messages(CreateErrors(t, lease)),
      ElementsAre("spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0",
                  "spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0"));
}

}  // namespace
}  // namespace stead::api::kinds
