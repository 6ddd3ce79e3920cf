// EndpointSliceTracker: the controller's own writes are recognised, and a
// cache that lags behind them is reported stale, so a lagging informer never
// makes the controller create duplicate slices.
#include "controllers/endpointslice/endpoint_slice_tracker.h"

#include <gtest/gtest.h>

#include "unit/controllers/endpointslice/fixtures.h"

namespace stead::controllers::endpointslice {
namespace {

Json Slice(const std::string& uid, int64_t generation) {
  return Json{{"metadata",
               {{"name", "svc-" + uid},
                {"namespace", "ns"},
                {"uid", uid},
                {"generation", generation},
                {"labels", {{"kubernetes.io/service-name", "svc"}}}}}};
}

TEST(EndpointSliceTrackerTest, OwnWritesDoNotTriggerSyncs) {
  EndpointSliceTracker t;
  EXPECT_TRUE(t.ShouldSync(Slice("a", 1)));
  t.Update(Slice("a", 2));
  EXPECT_FALSE(t.ShouldSync(Slice("a", 1)));
  EXPECT_FALSE(t.ShouldSync(Slice("a", 2)));
  EXPECT_TRUE(t.ShouldSync(Slice("a", 3)));  // somebody else wrote it
}

TEST(EndpointSliceTrackerTest, LaggingCacheIsStale) {
  EndpointSliceTracker t;
  Json svc = testing::Service();
  Json old = Slice("a", 1);
  EXPECT_FALSE(t.StaleSlices(svc, {&old}));
  // Created "b" but the cache does not show it yet.
  t.Update(Slice("b", 1));
  EXPECT_TRUE(t.StaleSlices(svc, {&old}));
  Json b = Slice("b", 1);
  EXPECT_FALSE(t.StaleSlices(svc, {&old, &b}));
  // Updated "a" to generation 2; the cache still has 1.
  t.Update(Slice("a", 2));
  EXPECT_TRUE(t.StaleSlices(svc, {&old, &b}));
  Json a2 = Slice("a", 2);
  EXPECT_FALSE(t.StaleSlices(svc, {&a2, &b}));
  // Deleted "b"; the cache still has it.
  t.ExpectDeletion(b);
  EXPECT_TRUE(t.StaleSlices(svc, {&a2, &b}));
  EXPECT_FALSE(t.StaleSlices(svc, {&a2}));
  EXPECT_TRUE(t.HandleDeletion(b));
}

TEST(EndpointSliceTrackerTest, UnexpectedDeletion) {
  EndpointSliceTracker t;
  t.Update(Slice("a", 1));
  EXPECT_TRUE(t.Has(Slice("a", 1)));
  EXPECT_FALSE(t.HandleDeletion(Slice("a", 1)));
  EXPECT_FALSE(t.Has(Slice("a", 1)));
}

TEST(EndpointSliceTrackerTest, RecreatedServiceDropsOldExpectations) {
  EndpointSliceTracker t;
  Json svc = testing::Service();
  EXPECT_FALSE(t.StaleSlices(svc, {}));
  t.Update(Slice("a", 1));
  EXPECT_TRUE(t.StaleSlices(svc, {}));
  svc["metadata"]["uid"] = "recreated";
  EXPECT_FALSE(t.StaleSlices(svc, {}));
}

}  // namespace
}  // namespace stead::controllers::endpointslice
