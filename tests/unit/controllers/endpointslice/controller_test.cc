// The EndpointSlice controller against the in-memory API stack, with an
// EndpointSlice informer that can be made to lag behind the store: while
// the controller's own slice has not reached its cache, further syncs must
// wait instead of creating a second slice (EndpointSliceTracker), and once
// the cache catches up the one slice follows the pods.
#include "controllers/endpointslice/controller.h"

#include <gtest/gtest.h>

#include "unit/controllers/endpointslice/lagging_controller_env.h"

namespace stead::controllers {
namespace {

class EndpointSliceControllerTest : public ::testing::Test {
 protected:
  testing::LaggingControllerEnv env_;
};

TEST_F(EndpointSliceControllerTest, LaggingCacheNeverCreatesASecondSlice) {
  env_.CreateNode("n1");
  env_.CreatePod("web-0", 1);
  env_.Start([](const ControllerContext& c) { return NewEndpointSliceController(c); });
  env_.lagging().Hold("endpointslices");
  env_.CreateService();
  // (The client counts a create once the store has answered it.)
  ASSERT_TRUE(client::testing::Eventually(
      [&] { return env_.lagging().creates("endpointslices") == 1; }));
  EXPECT_EQ(env_.Slices().size(), 1u);

  // Pod changes make the controller sync again on its stale cache.
  env_.SetReady("web-0", false);
  env_.CreatePod("web-1", 2);
  env_.Churn();
  EXPECT_EQ(env_.Slices().size(), 1u);
  EXPECT_EQ(env_.lagging().creates("endpointslices"), 1);

  env_.lagging().Release();
  auto converged = [&] {
    auto slices = env_.Slices();
    if (slices.size() != 1) return false;
    const Json& eps = (*slices[0])["endpoints"];
    return eps.size() == 2 && eps[0]["targetRef"]["name"] == "web-0" &&
           eps[0]["conditions"]["ready"] == false && eps[1]["conditions"]["ready"] == true;
  };
  EXPECT_TRUE(client::testing::Eventually([&] {
    if (converged()) return true;
    env_.clock().Advance(std::chrono::milliseconds(50));
    return false;
  }));
  EXPECT_EQ(env_.Slices().size(), 1u);
}

}  // namespace
}  // namespace stead::controllers
