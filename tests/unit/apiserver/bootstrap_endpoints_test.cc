// The `kubernetes` Service's Endpoints and EndpointSlice (Bootstrap): the
// server's own address and port when it is routable, none on loopback, and
// kept current when the server comes back on another port.
#include <gtest/gtest.h>

#include "apiserver/bootstrap.h"
#include "apiserver/resource_store.h"
#include "store/memory/memory_store.h"

namespace stead::apiserver {
namespace {

class BootstrapEndpointsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = store::NewMemoryStore();
    cache_ = std::move(store::WatchCache::Start(store_.get(), {})).value();
    rs_ = std::make_unique<ResourceStore>(store_.get(), cache_.get(),
                                          &api::ResourceRegistry::Builtin(), &clock_,
                                          ResourceStore::Options{});
  }
  Result<store::ObjectPtr> Get(const std::string& group, const std::string& plural) {
    return rs_->Get(*api::ResourceRegistry::Builtin().ByResource(group, "", plural), "default",
                    "kubernetes");
  }

  FakeClock clock_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<store::WatchCache> cache_;
  std::unique_ptr<ResourceStore> rs_;
};

TEST_F(BootstrapEndpointsTest, LoopbackPublishesNone) {
  ASSERT_TRUE(Bootstrap(*rs_, {}).ok());
  EXPECT_TRUE(Get("", "endpoints").status().IsNotFound());
  EXPECT_TRUE(Get("discovery.k8s.io", "endpointslices").status().IsNotFound());
}

TEST_F(BootstrapEndpointsTest, RoutableAddressFollowsRestarts) {
  BootstrapConfig config;
  config.advertise_address = "192.0.2.10";
  config.port = 6443;
  ASSERT_TRUE(Bootstrap(*rs_, config).ok());
  auto ep = Get("", "endpoints");
  ASSERT_TRUE(ep.ok());
  EXPECT_EQ((**ep)["subsets"][0]["addresses"][0]["ip"], "192.0.2.10");
  EXPECT_EQ((**ep)["subsets"][0]["ports"][0]["port"], 6443);
  auto slice = Get("discovery.k8s.io", "endpointslices");
  ASSERT_TRUE(slice.ok());
  EXPECT_EQ((**slice)["addressType"], "IPv4");
  EXPECT_EQ((**slice)["endpoints"][0]["addresses"][0], "192.0.2.10");
  EXPECT_EQ((**slice)["endpoints"][0]["conditions"]["ready"], true);
  EXPECT_EQ((**slice)["ports"][0], Json({{"name", "https"}, {"port", 6443}, {"protocol", "TCP"}}));
  EXPECT_EQ((**slice)["metadata"]["labels"]["kubernetes.io/service-name"], "kubernetes");
  std::string rv = MetaResourceVersion(**slice);

  // The same start again writes nothing.
  ASSERT_TRUE(Bootstrap(*rs_, config).ok());
  EXPECT_EQ(MetaResourceVersion(**Get("discovery.k8s.io", "endpointslices")), rv);

  config.port = 7443;
  ASSERT_TRUE(Bootstrap(*rs_, config).ok());
  EXPECT_EQ((**Get("", "endpoints"))["subsets"][0]["ports"][0]["port"], 7443);
  EXPECT_EQ((**Get("discovery.k8s.io", "endpointslices"))["ports"][0]["port"], 7443);
}

}  // namespace
}  // namespace stead::apiserver
