// The Endpoints object of a Service (PlanEndpoints): ready / not-ready
// addresses, terminating pods, publishNotReadyAddresses, hostnames, labels,
// the trigger-time annotation, no write when nothing changed, and
// truncation at 1000 addresses.
#include "controllers/endpoints/endpoints_plan.h"

#include <gtest/gtest.h>

#include "unit/controllers/endpointslice/fixtures.h"

namespace stead::controllers::endpoints {
namespace {

using endpointslice::testing::HeadlessService;
using endpointslice::testing::Pod;
using endpointslice::testing::Ptrs;
using endpointslice::testing::Service;
using Action = EndpointsPlan::Action;

Json Terminating(Json pod) {
  pod["metadata"]["deletionTimestamp"] = "2026-01-01T00:01:00Z";
  return pod;
}

TEST(EndpointsPlanTest, ReadyAndNotReadyAddresses) {
  std::vector<Json> pods = {Pod("a", 1), Pod("b", 2, false)};
  EndpointsPlan plan = PlanEndpoints(Service(), Ptrs(pods), nullptr, std::nullopt);
  ASSERT_EQ(plan.action, Action::kCreate);
  EXPECT_EQ(MetaName(plan.object), "svc");
  EXPECT_EQ(MetaNamespace(plan.object), "ns");
  const Json& subsets = plan.object["subsets"];
  ASSERT_EQ(subsets.size(), 1u);
  EXPECT_EQ(subsets[0]["addresses"], Json::parse(R"([{"ip":"10.244.0.1","nodeName":"sim-node-0",
              "targetRef":{"kind":"Pod","namespace":"ns","name":"a","uid":"uid-a"}}])"));
  EXPECT_EQ(subsets[0]["notReadyAddresses"][0]["ip"], "10.244.0.2");
  EXPECT_EQ(subsets[0]["ports"], Json::parse(R"([{"name":"http","port":8080,"protocol":"TCP"}])"));
  EXPECT_EQ(plan.ready, 1);
  EXPECT_EQ(plan.not_ready, 1);
  EXPECT_FALSE(plan.object["metadata"].contains("labels"));
}

TEST(EndpointsPlanTest, TerminatingPodsAreLeftOut) {
  std::vector<Json> pods = {Terminating(Pod("a", 1)), Pod("b", 2)};
  Json subsets = DesiredSubsets(Service(), Ptrs(pods));
  ASSERT_EQ(subsets.size(), 1u);
  EXPECT_EQ(subsets[0]["addresses"].size(), 1u);
  EXPECT_EQ(subsets[0]["addresses"][0]["targetRef"]["name"], "b");
  EXPECT_FALSE(subsets[0].contains("notReadyAddresses"));
}

TEST(EndpointsPlanTest, PublishNotReadyAddresses) {
  Json svc = Service();
  svc["spec"]["publishNotReadyAddresses"] = true;
  std::vector<Json> pods = {Terminating(Pod("a", 1)), Pod("b", 2, false)};
  Json subsets = DesiredSubsets(svc, Ptrs(pods));
  ASSERT_EQ(subsets.size(), 1u);
  EXPECT_EQ(subsets[0]["addresses"].size(), 2u);
  EXPECT_FALSE(subsets[0].contains("notReadyAddresses"));
}

TEST(EndpointsPlanTest, HeadlessHostnamesAndLabel) {
  Json svc = HeadlessService("qdrant-service");
  svc["metadata"]["labels"] = {{"app", "qdrant"}};
  svc["spec"].erase("ports");
  Json pod = Pod("qdrant-0", 1);
  pod["spec"]["hostname"] = "qdrant-0";
  pod["spec"]["subdomain"] = "qdrant-service";
  std::vector<Json> pods = {pod};
  SystemTime t;
  ASSERT_TRUE(ParseTime("2026-01-01T00:00:05Z", &t));
  EndpointsPlan plan = PlanEndpoints(svc, Ptrs(pods), nullptr, t);
  const Json& ss = plan.object["subsets"][0];
  EXPECT_EQ(ss["addresses"][0]["hostname"], "qdrant-0");
  EXPECT_FALSE(ss.contains("ports"));
  EXPECT_EQ(plan.object["metadata"]["labels"],
            Json({{"app", "qdrant"}, {"service.kubernetes.io/headless", ""}}));
  EXPECT_EQ(
      plan.object["metadata"]["annotations"]["endpoints.kubernetes.io/last-change-trigger-time"],
      "2026-01-01T00:00:05Z");
}

TEST(EndpointsPlanTest, ClusterIPServiceWithoutPortsHasNoSubsets) {
  Json svc = Service();
  svc["spec"].erase("ports");
  std::vector<Json> pods = {Pod("a", 1)};
  EXPECT_TRUE(DesiredSubsets(svc, Ptrs(pods)).empty());
}

TEST(EndpointsPlanTest, UnchangedIsNotWritten) {
  std::vector<Json> pods = {Pod("a", 1), Pod("b", 2, false)};
  Json svc = HeadlessService();
  EndpointsPlan first = PlanEndpoints(svc, Ptrs(pods), nullptr, std::nullopt);
  Json stored = first.object;
  stored["metadata"]["resourceVersion"] = "7";
  // A pod resourceVersion in a targetRef does not count.
  stored["subsets"][0]["addresses"][0]["targetRef"]["resourceVersion"] = "3";
  EXPECT_EQ(PlanEndpoints(svc, Ptrs(pods), &stored, std::nullopt).action, Action::kNone);
  // A readiness change is an update of the stored object.
  pods[1] = Pod("b", 2, true);
  EndpointsPlan update = PlanEndpoints(svc, Ptrs(pods), &stored, std::nullopt);
  ASSERT_EQ(update.action, Action::kUpdate);
  EXPECT_EQ(MetaResourceVersion(update.object), "7");
  EXPECT_EQ(update.object["subsets"][0]["addresses"].size(), 2u);
  // So is a change of the Service's labels.
  Json relabelled = svc;
  relabelled["metadata"]["labels"] = {{"tier", "db"}};
  pods[1] = Pod("b", 2, false);
  EXPECT_EQ(PlanEndpoints(relabelled, Ptrs(pods), &stored, std::nullopt).action, Action::kUpdate);
}

TEST(EndpointsPlanTest, OverCapacityIsTruncated) {
  std::vector<Json> pods;
  for (int i = 0; i < 1100; ++i) {
    Json p = Pod("p" + std::to_string(i), 1, i % 2 == 0);
    p["status"]["podIP"] = "10.244." + std::to_string(i / 250) + "." + std::to_string(i % 250);
    p["status"]["podIPs"] = {{{"ip", p["status"]["podIP"]}}};
    pods.push_back(p);
  }
  EndpointsPlan plan = PlanEndpoints(Service(), Ptrs(pods), nullptr, std::nullopt);
  const Json& ss = plan.object["subsets"][0];
  // All 550 ready addresses fit; the not-ready ones fill up to 1000.
  EXPECT_EQ(ss["addresses"].size(), 550u);
  EXPECT_EQ(ss["notReadyAddresses"].size(), 450u);
  EXPECT_EQ(plan.object["metadata"]["annotations"]["endpoints.kubernetes.io/over-capacity"],
            "truncated");
  // Back under capacity, the annotation goes.
  pods.resize(10);
  Json stored = plan.object;
  EndpointsPlan again = PlanEndpoints(Service(), Ptrs(pods), &stored, std::nullopt);
  EXPECT_FALSE(again.object["metadata"].contains("annotations"));
}

TEST(EndpointsPlanTest, TruncationKeepsReadyFirst) {
  Json ep = {{"subsets", Json::array()}};
  Json a = {{"addresses", Json::array()}, {"notReadyAddresses", Json::array()}};
  for (int i = 0; i < 1200; ++i) a["addresses"].push_back({{"ip", "10.0.0.1"}});
  for (int i = 0; i < 10; ++i) a["notReadyAddresses"].push_back({{"ip", "10.0.0.2"}});
  ep["subsets"].push_back(a);
  ASSERT_TRUE(TruncateEndpoints(ep));
  EXPECT_EQ(ep["subsets"][0]["addresses"].size(), 1000u);
  EXPECT_FALSE(ep["subsets"][0].contains("notReadyAddresses"));
}

}  // namespace
}  // namespace stead::controllers::endpoints
