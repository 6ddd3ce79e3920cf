// TriggerTimeTracker: the last-change-trigger-time of a sync is the
// Service's creation on the first sync, then the earliest Ready transition
// that changed since the previous sync, and nothing when none did.
#include "controllers/endpointslice/trigger_time_tracker.h"

#include <gtest/gtest.h>

#include "unit/controllers/endpointslice/fixtures.h"

namespace stead::controllers::endpointslice {
namespace {

std::string Compute(TriggerTimeTracker& t, const Json& svc, const std::vector<Json>& pods) {
  auto r = t.ComputeEndpointLastChangeTriggerTime(svc, testing::Ptrs(pods));
  return r ? FormatRFC3339Nano(*r) : "none";
}

TEST(EndpointTriggerTimeTest, FirstSyncThenChangedPodsOnly) {
  TriggerTimeTracker t;
  Json svc = testing::Service();
  std::vector<Json> pods = {testing::Pod("a", 3), testing::Pod("b", 5)};
  EXPECT_EQ(Compute(t, svc, pods), "2026-01-01T00:00:00Z");
  EXPECT_EQ(Compute(t, svc, pods), "none");
  pods[1]["status"]["conditions"][0]["lastTransitionTime"] = "2026-01-01T00:01:00Z";
  pods.push_back(testing::Pod("c", 7));
  EXPECT_EQ(Compute(t, svc, pods), "2026-01-01T00:00:07Z");
  t.DeleteService("ns", "svc");
  EXPECT_EQ(Compute(t, svc, pods), "2026-01-01T00:00:00Z");
}

TEST(EndpointTriggerTimeTest, FormatsLikeGo) {
  SystemTime t;
  ASSERT_TRUE(ParseTime("2026-01-01T00:00:01.250Z", &t));
  EXPECT_EQ(FormatRFC3339Nano(t), "2026-01-01T00:00:01.25Z");
}

}  // namespace
}  // namespace stead::controllers::endpointslice
