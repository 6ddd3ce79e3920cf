// Service defaults, create/update preparation, validation and selectors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

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
using testing::UpdateErrors;

Json MinimalService() {
  return Parse(R"({"metadata": {"name": "nginx", "namespace": "default"},
                   "spec": {"selector": {"app": "web"}, "ports": [{"port": 80}]}})");
}

// The ClusterIP the API server's allocator would add.
Json Allocated(Json svc, const char* ip = "10.96.0.20") {
  svc = Created(Service(), svc);
  if (svc["spec"].value("clusterIP", "").empty()) {
    svc["spec"]["clusterIP"] = ip;
    svc["spec"]["clusterIPs"] = {ip};
  }
  svc["metadata"]["resourceVersion"] = "7";
  return svc;
}

TEST(ServiceKindTest, NamingAndDefaults) {
  ResourceType t = Service();
  EXPECT_THAT(t.short_names, ElementsAre("svc"));
  EXPECT_THAT(t.categories, ElementsAre("all"));
  Json svc = Created(t, MinimalService());
  EXPECT_EQ(svc["spec"]["type"], "ClusterIP");
  EXPECT_EQ(svc["spec"]["sessionAffinity"], "None");
  EXPECT_EQ(svc["spec"]["internalTrafficPolicy"], "Cluster");
  EXPECT_EQ(svc["spec"]["ipFamilyPolicy"], "SingleStack");
  EXPECT_EQ(svc["spec"]["ipFamilies"], Parse(R"(["IPv4"])"));
  EXPECT_EQ(svc["spec"]["ports"][0], Parse(R"({"port": 80, "protocol": "TCP", "targetPort": 80})"));
  EXPECT_FALSE(svc["spec"].contains("externalTrafficPolicy"));
  EXPECT_EQ(svc["status"], Parse(R"({"loadBalancer": {}})"));
  EXPECT_THAT(Messages(CreateErrors(t, Allocated(MinimalService()))), IsEmpty());
}

TEST(ServiceKindTest, HeadlessAndNodePortDefaults) {
  Json headless = MinimalService();
  headless["spec"]["clusterIP"] = "None";
  headless["spec"].erase("selector");
  Json h = Created(Service(), headless);
  EXPECT_EQ(h["spec"]["clusterIPs"], Parse(R"(["None"])"));
  EXPECT_EQ(h["spec"]["ipFamilyPolicy"], "RequireDualStack");
  EXPECT_THAT(Messages(CreateErrors(Service(), headless)), IsEmpty());

  Json np = MinimalService();
  np["spec"]["type"] = "NodePort";
  np["spec"]["ports"][0]["targetPort"] = "http";
  Json n = Created(Service(), np);
  EXPECT_EQ(n["spec"]["externalTrafficPolicy"], "Cluster");
  EXPECT_EQ(n["spec"]["ports"][0]["targetPort"], "http");

  Json affinity = MinimalService();
  affinity["spec"]["sessionAffinity"] = "ClientIP";
  EXPECT_EQ(Created(Service(), affinity)["spec"]["sessionAffinityConfig"],
            Parse(R"({"clientIP": {"timeoutSeconds": 10800}})"));
}

TEST(ServiceKindTest, NameIsDNS1035Label) {
  Json svc = Allocated(MinimalService());
  svc["metadata"]["name"] = "1nginx";
  EXPECT_THAT(
      Messages(CreateErrors(Service(), svc)),
      ElementsAre(::testing::StartsWith("metadata.name: Invalid value: \"1nginx\": a DNS-1035 "
                                        "label must consist of lower case alphanumeric")));
}

TEST(ServiceKindTest, Validation) {
  Json svc = MinimalService();
  svc["spec"]["ports"] =
      Parse(R"([{"port": 80, "name": "http"}, {"port": 80}, {"port": 70000, "name": "x",
                                    "protocol": "ICMP", "nodePort": 30000}])");
  svc["spec"]["selector"] = {{"app", "bad value"}};
  EXPECT_THAT(
      Messages(CreateErrors(Service(), Allocated(svc))),
      ElementsAre(
          "spec.ports[1].name: Required value",
          "spec.ports[2].port: Invalid value: 70000: must be between 1 and 65535, inclusive",
          "spec.ports[2].protocol: Unsupported value: \"ICMP\": supported values: \"SCTP\", "
          "\"TCP\", \"UDP\"",
          // targetPort defaults to the (invalid) port.
          "spec.ports[2].targetPort: Invalid value: 70000: must be between 1 and 65535, "
          "inclusive",
          ::testing::StartsWith("spec.selector: Invalid value: \"bad value\""),
          "spec.ports[2].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
          "spec.ports[1]: Duplicate value: core.ServicePort{Name:\"\", Protocol:\"TCP\", "
          "AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, "
          "IntVal:0, StrVal:\"\"}, NodePort:0}"));
  Json none = MinimalService();
  none["spec"].erase("ports");
  EXPECT_THAT(Messages(CreateErrors(Service(), Allocated(none))),
              ElementsAre("spec.ports: Required value"));
  Json ext = Parse(R"({"metadata": {"name": "db", "namespace": "default"},
                       "spec": {"type": "ExternalName", "externalName": "db.example.com."}})");
  Json e = Created(Service(), ext);
  EXPECT_FALSE(e["spec"].contains("ipFamilies"));
  EXPECT_FALSE(e["spec"].contains("internalTrafficPolicy"));
  EXPECT_THAT(Messages(CreateErrors(Service(), ext)), IsEmpty());
}

TEST(ServiceKindTest, ClusterIPIsImmutableButKeptWhenOmitted) {
  Json old = Allocated(MinimalService());
  Json changed = old;
  changed["spec"]["clusterIP"] = "10.96.0.99";
  changed["spec"]["clusterIPs"] = {"10.96.0.99"};
  EXPECT_THAT(
      Messages(UpdateErrors(Service(), changed, old)),
      ElementsAre(
          "spec.clusterIPs[0]: Invalid value: []string{\"10.96.0.99\"}: may not change once set"));
  // kubectl apply sends the spec without the allocated fields.
  Json applied = MinimalService();
  applied["metadata"]["resourceVersion"] = "7";
  Json prepared = applied;
  Service().set_defaults(prepared);
  Service().prepare_update(prepared, old);
  EXPECT_EQ(prepared["spec"]["clusterIP"], "10.96.0.20");
  EXPECT_EQ(prepared["spec"]["clusterIPs"], Parse(R"(["10.96.0.20"])"));
  EXPECT_EQ(prepared["spec"]["ipFamilies"], Parse(R"(["IPv4"])"));
  EXPECT_THAT(Messages(UpdateErrors(Service(), applied, old)), IsEmpty());
}

TEST(ServiceKindTest, TypeChangeToExternalNameDropsClusterFields) {
  Json old = Allocated(MinimalService());
  Json ext = old;
  ext["spec"]["type"] = "ExternalName";
  ext["spec"]["externalName"] = "example.com";
  Service().set_defaults(ext);
  Service().prepare_update(ext, old);
  EXPECT_FALSE(ext["spec"].contains("clusterIP"));
  EXPECT_FALSE(ext["spec"].contains("clusterIPs"));
  EXPECT_FALSE(ext["spec"].contains("ipFamilies"));
  EXPECT_FALSE(ext["spec"].contains("ipFamilyPolicy"));
}

TEST(ServiceKindTest, FieldSelectors) {
  ResourceType t = Service();
  Json svc = Allocated(MinimalService());
  EXPECT_EQ(t.field_value(svc, "spec.clusterIP"), "10.96.0.20");
  EXPECT_EQ(t.field_value(svc, "spec.type"), "ClusterIP");
  EXPECT_EQ(t.field_value(svc, "status.phase"), std::nullopt);
}

}  // namespace
}  // namespace stead::api::kinds
