#include "controllers/framework/expectations.h"

#include <gtest/gtest.h>

namespace stead::controllers {
namespace {

TEST(ControllerExpectationsTest, SatisfiedOnceEveryExpectedEventWasObserved) {
  FakeClock clock;
  ControllerExpectations e(&clock);
  EXPECT_TRUE(e.SatisfiedExpectations("ns/web"));  // none set
  e.ExpectCreations("ns/web", 2);
  EXPECT_FALSE(e.SatisfiedExpectations("ns/web"));
  e.CreationObserved("ns/web");
  EXPECT_FALSE(e.SatisfiedExpectations("ns/web"));
  e.CreationObserved("ns/web");
  EXPECT_TRUE(e.SatisfiedExpectations("ns/web"));
  // Extra observations (e.g. someone else's pods) keep it satisfied.
  e.CreationObserved("ns/web");
  EXPECT_TRUE(e.SatisfiedExpectations("ns/web"));
  EXPECT_EQ(e.Get("ns/web")->add, -1);

  e.ExpectDeletions("ns/web", 1);
  EXPECT_FALSE(e.SatisfiedExpectations("ns/web"));
  e.DeletionObserved("ns/web");
  EXPECT_TRUE(e.SatisfiedExpectations("ns/web"));
  e.Delete("ns/web");
  EXPECT_FALSE(e.Get("ns/web").has_value());
}

TEST(ControllerExpectationsTest, ExpireAfterFiveMinutes) {
  FakeClock clock;
  ControllerExpectations e(&clock);
  e.ExpectCreations("k", 1);
  clock.Advance(std::chrono::minutes(5));
  EXPECT_FALSE(e.SatisfiedExpectations("k"));
  clock.Advance(std::chrono::seconds(1));
  EXPECT_TRUE(e.SatisfiedExpectations("k"));
}

TEST(ControllerExpectationsTest, RaiseAndLowerAdjustOnlyExistingExpectations) {
  FakeClock clock;
  ControllerExpectations e(&clock);
  e.RaiseExpectations("k", 1, 0);
  EXPECT_FALSE(e.Get("k").has_value());
  e.SetExpectations("k", 1, 1);
  e.RaiseExpectations("k", 1, 0);
  e.LowerExpectations("k", 2, 1);
  EXPECT_TRUE(e.SatisfiedExpectations("k"));
}

TEST(UIDTrackingControllerExpectationsTest, CountsEachDeletionOnce) {
  FakeClock clock;
  UIDTrackingControllerExpectations e(&clock);
  e.ExpectDeletions("ns/rs", {"ns/p1", "ns/p2"});
  EXPECT_EQ(e.GetUIDs("ns/rs"), (std::set<std::string>{"ns/p1", "ns/p2"}));
  e.DeletionObserved("ns/rs", "ns/p1");
  e.DeletionObserved("ns/rs", "ns/p1");     // observed twice: counted once
  e.DeletionObserved("ns/rs", "ns/other");  // not expected
  EXPECT_FALSE(e.SatisfiedExpectations("ns/rs"));
  e.DeletionObserved("ns/rs", "ns/p2");
  EXPECT_TRUE(e.SatisfiedExpectations("ns/rs"));
  e.Delete("ns/rs");
  EXPECT_TRUE(e.GetUIDs("ns/rs").empty());
}

}  // namespace
}  // namespace stead::controllers
