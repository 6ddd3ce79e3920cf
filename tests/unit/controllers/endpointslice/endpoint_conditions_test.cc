// Endpoint conditions (PodToEndpoint): ready = Ready and not terminating
// (always true with publishNotReadyAddresses), serving = Ready, terminating
// = deletionTimestamp set; which pods are endpoints at all.
#include <gtest/gtest.h>

#include "controllers/endpointslice/pod_endpoints.h"
#include "controllers/endpointslice/reconciler.h"
#include "unit/controllers/endpointslice/fixtures.h"

namespace stead::controllers::endpointslice {
namespace {

using testing::Node;
using testing::Pod;
using testing::Service;

Json Conditions(const Json& pod, const Json& service) {
  Json node = Node();
  return PodToEndpoint(pod, &node, service, "IPv4")["conditions"];
}

Json Terminating(Json pod) {
  pod["metadata"]["deletionTimestamp"] = "2026-01-01T00:01:00Z";
  return pod;
}

TEST(EndpointConditionsTest, ReadyPod) {
  EXPECT_EQ(Conditions(Pod("a", 1), Service()),
            Json({{"ready", true}, {"serving", true}, {"terminating", false}}));
}

TEST(EndpointConditionsTest, NotReadyPod) {
  EXPECT_EQ(Conditions(Pod("a", 1, false), Service()),
            Json({{"ready", false}, {"serving", false}, {"terminating", false}}));
}

TEST(EndpointConditionsTest, TerminatingReadyPodServesButIsNotReady) {
  EXPECT_EQ(Conditions(Terminating(Pod("a", 1)), Service()),
            Json({{"ready", false}, {"serving", true}, {"terminating", true}}));
}

TEST(EndpointConditionsTest, PublishNotReadyAddressesIsAlwaysReady) {
  Json svc = Service();
  svc["spec"]["publishNotReadyAddresses"] = true;
  EXPECT_EQ(Conditions(Pod("a", 1, false), svc),
            Json({{"ready", true}, {"serving", false}, {"terminating", false}}));
  EXPECT_EQ(Conditions(Terminating(Pod("a", 1, false)), svc),
            Json({{"ready", true}, {"serving", false}, {"terminating", true}}));
}

TEST(EndpointConditionsTest, EndpointFields) {
  Json node = Node("sim-node-0", "zone-a");
  Json ep = PodToEndpoint(Pod("a", 7), &node, Service(), "IPv4");
  EXPECT_EQ(ep["addresses"], Json({"10.244.0.7"}));
  EXPECT_EQ(ep["nodeName"], "sim-node-0");
  EXPECT_EQ(ep["zone"], "zone-a");
  EXPECT_EQ(ep["targetRef"],
            Json({{"kind", "Pod"}, {"namespace", "ns"}, {"name", "a"}, {"uid", "uid-a"}}));
  EXPECT_FALSE(ep.contains("hostname"));
  // No zone label, no zone; IPv6 slices take no IPv4 address.
  Json plain = Node();
  EXPECT_FALSE(PodToEndpoint(Pod("a", 7), &plain, Service(), "IPv4").contains("zone"));
  EXPECT_TRUE(PodToEndpoint(Pod("a", 7), &plain, Service(), "IPv6")["addresses"].empty());
}

TEST(EndpointConditionsTest, WhichPodsAreEndpoints) {
  EXPECT_TRUE(ShouldPodBeInEndpoints(Pod("a", 1), false));
  EXPECT_TRUE(ShouldPodBeInEndpoints(Pod("a", 1, false), false));
  Json no_ip = Pod("a", 1);
  no_ip["status"].erase("podIP");
  no_ip["status"].erase("podIPs");
  EXPECT_FALSE(ShouldPodBeInEndpoints(no_ip, true));
  for (const char* phase : {"Succeeded", "Failed"}) {
    Json done = Pod("a", 1);
    done["status"]["phase"] = phase;
    EXPECT_FALSE(ShouldPodBeInEndpoints(done, true)) << phase;
  }
  EXPECT_TRUE(ShouldPodBeInEndpoints(Terminating(Pod("a", 1)), true));
  EXPECT_FALSE(ShouldPodBeInEndpoints(Terminating(Pod("a", 1)), false));
}

TEST(EndpointConditionsTest, TerminatingPodsStayInSlices) {
  Json svc = Service();
  Json node = Node();
  std::vector<Json> pods = {Terminating(Pod("a", 1)), Pod("b", 2)};
  Json done = Pod("c", 3);
  done["status"]["phase"] = "Failed";
  pods.push_back(done);
  ReconcileInput in;
  in.service = &svc;
  in.pods = testing::Ptrs(pods);
  in.node = [&](const std::string&) { return &node; };
  ReconcilePlan plan = Reconcile(in);
  ASSERT_EQ(plan.creates.size(), 1u);
  const Json& eps = plan.creates[0]["endpoints"];
  ASSERT_EQ(eps.size(), 2u);
  EXPECT_EQ(eps[0]["targetRef"]["name"], "a");
  EXPECT_EQ(eps[0]["conditions"]["terminating"], true);
  EXPECT_EQ(eps[1]["targetRef"]["name"], "b");
}

TEST(EndpointConditionsTest, PodOnUnknownNodeIsSkippedAndRetried) {
  Json svc = Service();
  std::vector<Json> pods = {Pod("a", 1)};
  ReconcileInput in;
  in.service = &svc;
  in.pods = testing::Ptrs(pods);
  in.node = [](const std::string&) -> const Json* { return nullptr; };
  ReconcilePlan plan = Reconcile(in);
  EXPECT_EQ(plan.errors.size(), 1u);
  ASSERT_EQ(plan.creates.size(), 1u);
  EXPECT_TRUE(plan.creates[0]["endpoints"].empty());
  // Published anyway when the Service asks for not-ready addresses.
  svc["spec"]["publishNotReadyAddresses"] = true;
  plan = Reconcile(in);
  EXPECT_TRUE(plan.errors.empty());
  EXPECT_EQ(plan.creates[0]["endpoints"].size(), 1u);
}

}  // namespace
}  // namespace stead::controllers::endpointslice
