// Zone hints from spec.trafficDistribution: PreferClose gives each ready
// endpoint its own zone as hint (also fixing unchanged slices); without it
// the slices being written carry none.
#include "controllers/endpointslice/traffic_distribution.h"

#include <gtest/gtest.h>

#include "controllers/endpointslice/reconciler.h"
#include "unit/controllers/endpointslice/fixtures.h"

namespace stead::controllers::endpointslice {
namespace {

using testing::Node;
using testing::Pod;
using testing::Ptrs;
using testing::Service;

ReconcilePlan Sync(const Json& svc, const std::vector<Json>& pods, const std::vector<Json>& slices,
                   const Json& node) {
  ReconcileInput in;
  in.service = &svc;
  in.pods = Ptrs(pods);
  in.slices = Ptrs(slices);
  in.node = [&](const std::string&) { return &node; };
  return Reconcile(in);
}

TEST(EndpointTrafficDistributionTest, PreferCloseHintsTheEndpointsZone) {
  Json svc = Service();
  svc["spec"]["trafficDistribution"] = "PreferClose";
  Json node = Node("sim-node-0", "zone-a");
  std::vector<Json> pods = {Pod("a", 1), Pod("b", 2, false)};
  ReconcilePlan plan = Sync(svc, pods, {}, node);
  ASSERT_EQ(plan.creates.size(), 1u);
  const Json& eps = plan.creates[0]["endpoints"];
  EXPECT_EQ(eps[0]["hints"], Json::parse(R"({"forZones":[{"name":"zone-a"}]})"));
  EXPECT_FALSE(eps[1].contains("hints"));  // not ready

  // A slice written without hints is fixed although its endpoints did not
  // change.
  Json stored = plan.creates[0];
  stored["metadata"]["name"] = "svc-x";
  stored["endpoints"][0].erase("hints");
  plan = Sync(svc, pods, {stored}, node);
  ASSERT_EQ(plan.updates.size(), 1u);
  EXPECT_EQ(plan.updates[0]["endpoints"][0]["hints"]["forZones"][0]["name"], "zone-a");
  // With the hints in place nothing is written.
  EXPECT_TRUE(Sync(svc, pods, {plan.updates[0]}, node).empty());
}

TEST(EndpointTrafficDistributionTest, TopologyAnnotationOrNoDistributionMeansNoHints) {
  Json svc = Service();
  svc["spec"]["trafficDistribution"] = "PreferClose";
  svc["metadata"]["annotations"]["service.kubernetes.io/topology-mode"] = "Auto";
  EXPECT_FALSE(UsesTrafficDistribution(svc));
  Json node = Node("sim-node-0", "zone-a");
  std::vector<Json> pods = {Pod("a", 1)};
  EXPECT_FALSE(Sync(svc, pods, {}, node).creates[0]["endpoints"][0].contains("hints"));

  std::vector<Json> slices = {{{"endpoints", {{{"hints", {{"forZones", {{{"name", "z"}}}}}}}}}}};
  RemoveHints(slices);
  EXPECT_FALSE(slices[0]["endpoints"][0].contains("hints"));
}

}  // namespace
}  // namespace stead::controllers::endpointslice
