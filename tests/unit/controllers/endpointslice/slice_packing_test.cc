// Slice packing and churn (reconciler.h): endpoints fill at most
// max_endpoints_per_slice per slice, existing slices are updated in place
// and filled before new ones are made, unchanged slices are not rewritten,
// emptied slices are deleted (or recycled for a create).
#include <gtest/gtest.h>

#include "controllers/endpointslice/reconciler.h"
#include "unit/controllers/endpointslice/fixtures.h"

namespace stead::controllers::endpointslice {
namespace {

using testing::Node;
using testing::Pod;
using testing::Ptrs;
using testing::Service;

// Applies a plan the way the API server would: creates get names, every
// write bumps the generation.
class World {
 public:
  World() : service_(Service()), node_(Node()) {}

  ReconcilePlan Sync(int max = 3) {
    ReconcileInput in;
    in.service = &service_;
    in.pods = Ptrs(pods_);
    in.slices = Ptrs(slices_);
    in.node = [this](const std::string& name) { return name == "sim-node-0" ? &node_ : nullptr; };
    in.max_endpoints_per_slice = max;
    ReconcilePlan plan = Reconcile(in);
    Apply(plan);
    return plan;
  }

  void Apply(const ReconcilePlan& plan) {
    for (Json s : plan.creates) {
      s["metadata"]["name"] = GetString(s, {"metadata", "generateName"}) + std::to_string(next_++);
      s["metadata"]["uid"] = "slice-uid-" + std::to_string(next_);
      slices_.push_back(std::move(s));
    }
    for (const Json& s : plan.updates) {
      for (Json& existing : slices_) {
        if (MetaName(existing) == MetaName(s)) existing = s;
      }
    }
    for (const Json& s : plan.deletes) {
      std::erase_if(slices_, [&](const Json& e) { return MetaName(e) == MetaName(s); });
    }
  }

  std::vector<size_t> Sizes() const {
    std::vector<size_t> out;
    for (const Json& s : slices_) out.push_back(s["endpoints"].size());
    return out;
  }

  std::vector<Json> pods_;
  std::vector<Json> slices_;
  Json service_;
  Json node_;
  int next_ = 0;
};

TEST(EndpointSlicePackingTest, SplitsAtMaxEndpointsPerSlice) {
  World w;
  for (int i = 0; i < 7; ++i) w.pods_.push_back(Pod("p" + std::to_string(i), i + 1));
  ReconcilePlan plan = w.Sync(3);
  EXPECT_EQ(plan.creates.size(), 3u);
  EXPECT_EQ(plan.added, 7);
  EXPECT_EQ(w.Sizes(), (std::vector<size_t>{3, 3, 1}));
  ASSERT_EQ(plan.efficiency.size(), 1u);
  EXPECT_EQ(plan.efficiency[0].endpoints, 7);
  EXPECT_EQ(plan.efficiency[0].slices, 3);
  // A second sync on the result changes nothing.
  EXPECT_TRUE(w.Sync(3).empty());
}

TEST(EndpointSlicePackingTest, AddsToTheSliceBeingUpdated) {
  World w;
  w.pods_ = {Pod("a", 1), Pod("b", 2)};
  w.Sync();
  ASSERT_EQ(w.slices_.size(), 1u);
  w.pods_.push_back(Pod("c", 3));
  ReconcilePlan plan = w.Sync();
  EXPECT_TRUE(plan.creates.empty());
  ASSERT_EQ(plan.updates.size(), 1u);
  EXPECT_EQ(w.Sizes(), (std::vector<size_t>{3}));
  EXPECT_EQ(plan.added, 1);
}

TEST(EndpointSlicePackingTest, ChangedConditionUpdatesOnlyItsSlice) {
  World w;
  for (int i = 0; i < 6; ++i) w.pods_.push_back(Pod("p" + std::to_string(i), i + 1));
  w.Sync();
  ASSERT_EQ(w.slices_.size(), 2u);
  w.pods_[4] = Pod("p4", 5, /*ready=*/false);
  ReconcilePlan plan = w.Sync();
  ASSERT_EQ(plan.updates.size(), 1u);
  EXPECT_TRUE(plan.creates.empty());
  EXPECT_TRUE(plan.deletes.empty());
  EXPECT_EQ(MetaName(plan.updates[0]), MetaName(w.slices_[1]));
  EXPECT_EQ(plan.added, 0);
  EXPECT_EQ(plan.removed, 0);
}

TEST(EndpointSlicePackingTest, EmptiedSliceIsDeleted) {
  World w;
  for (int i = 0; i < 4; ++i) w.pods_.push_back(Pod("p" + std::to_string(i), i + 1));
  w.Sync();
  ASSERT_EQ(w.Sizes(), (std::vector<size_t>{3, 1}));
  w.pods_.pop_back();
  ReconcilePlan plan = w.Sync();
  ASSERT_EQ(plan.deletes.size(), 1u);
  EXPECT_TRUE(plan.updates.empty());
  EXPECT_EQ(plan.removed, 1);
  EXPECT_EQ(w.Sizes(), (std::vector<size_t>{3}));
}

TEST(EndpointSlicePackingTest, LeftoversGoToTheUnchangedSliceTheyFillBest) {
  World w;
  for (int i = 0; i < 5; ++i) w.pods_.push_back(Pod("p" + std::to_string(i), i + 1));
  w.Sync();
  ASSERT_EQ(w.Sizes(), (std::vector<size_t>{3, 2}));
  w.pods_.push_back(Pod("p5", 6));
  ReconcilePlan plan = w.Sync();
  EXPECT_TRUE(plan.creates.empty());
  ASSERT_EQ(plan.updates.size(), 1u);
  EXPECT_EQ(MetaName(plan.updates[0]), MetaName(w.slices_[1]));
  EXPECT_EQ(w.Sizes(), (std::vector<size_t>{3, 3}));
}

TEST(EndpointSlicePackingTest, DeleteAndCreateBecomeOneUpdate) {
  World w;
  w.pods_ = {Pod("a", 1)};
  w.Sync();
  ASSERT_EQ(w.slices_.size(), 1u);
  std::string name = MetaName(w.slices_[0]);
  // The only pod is replaced by a new one: its slice would be emptied and a
  // new one created; instead the old slice is rewritten.
  w.pods_ = {Pod("b", 2)};
  ReconcilePlan plan = w.Sync();
  EXPECT_TRUE(plan.creates.empty());
  EXPECT_TRUE(plan.deletes.empty());
  ASSERT_EQ(plan.updates.size(), 1u);
  EXPECT_EQ(MetaName(plan.updates[0]), name);
  EXPECT_EQ(plan.updates[0]["endpoints"][0]["targetRef"]["name"], "b");
}

TEST(EndpointSlicePackingTest, NoEndpointsKeepsOnePlaceholder) {
  World w;
  ReconcilePlan plan = w.Sync();
  ASSERT_EQ(plan.creates.size(), 1u);
  EXPECT_TRUE(plan.creates[0]["endpoints"].empty());
  EXPECT_TRUE(plan.creates[0]["ports"].empty());
  // The placeholder is kept as it is.
  EXPECT_TRUE(w.Sync().empty());
  // Pods arriving turn the placeholder into the real slice.
  w.pods_ = {Pod("a", 1)};
  plan = w.Sync();
  EXPECT_TRUE(plan.creates.empty());
  EXPECT_EQ(plan.updates.size(), 1u);
  EXPECT_EQ(w.Sizes(), (std::vector<size_t>{1}));
  // And back.
  w.pods_.clear();
  plan = w.Sync();
  EXPECT_EQ(plan.updates.size(), 1u);
  EXPECT_EQ(w.Sizes(), (std::vector<size_t>{0}));
}

TEST(EndpointSlicePackingTest, ServiceBeingDeletedGetsNoNewSlices) {
  World w;
  w.service_["metadata"]["deletionTimestamp"] = "2026-01-01T00:00:00Z";
  w.pods_ = {Pod("a", 1)};
  EXPECT_TRUE(w.Sync().creates.empty());
}

TEST(EndpointSlicePackingTest, SlicesOfAnotherServiceIncarnationAreReplaced) {
  World w;
  w.pods_ = {Pod("a", 1)};
  w.Sync();
  w.service_["metadata"]["uid"] = "new-uid";
  ReconcilePlan plan = w.Sync();
  // Not owned: deleted, and not recycled for the create.
  EXPECT_EQ(plan.deletes.size(), 1u);
  ASSERT_EQ(plan.creates.size(), 1u);
  EXPECT_EQ(plan.creates[0]["metadata"]["ownerReferences"][0]["uid"], "new-uid");
}

}  // namespace
}  // namespace stead::controllers::endpointslice
