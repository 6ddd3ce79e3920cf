#include "agent/proxy/service_proxy.h"

#include <gtest/gtest.h>

#include "unit/agent/proxy/fake_nft.h"
#include "unit/scheduler/controller_env.h"

namespace stead::agent::proxy {
namespace {

using stead::testing::ControllerEnv;
using stead::testing::Eventually;
using testing::FakeNft;

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class ServiceProxyTest : public ::testing::Test {
 protected:
  void StartProxy() {
    auto nft = std::make_unique<FakeNft>();
    nft_ = nft.get();
    ServiceProxyOptions o;
    o.min_sync_period = std::chrono::milliseconds(0);
    ASSERT_TRUE(ValidateServiceProxyOptions(o).ok());
    proxy_ = env_.Run(NewServiceProxy(env_.context(), o, std::move(nft), nullptr));
  }
  void CreateService() {
    env_.Create("", "services", "default", Json::parse(R"({"apiVersion":"v1","kind":"Service",
                  "metadata":{"name":"web","namespace":"default"},
                  "spec":{"ports":[{"name":"http","port":80,"targetPort":8080}]}})"));
  }
  Json Slice(const std::vector<std::string>& ips) {
    Json eps = Json::array();
    for (const auto& ip : ips) eps.push_back({{"addresses", {ip}}});
    return {{"apiVersion", "discovery.k8s.io/v1"},
            {"kind", "EndpointSlice"},
            {"metadata",
             {{"name", "web-1"},
              {"namespace", "default"},
              {"labels", {{"kubernetes.io/service-name", "web"}}}}},
            {"addressType", "IPv4"},
            {"ports", {{{"name", "http"}, {"port", 8080}, {"protocol", "TCP"}}}},
            {"endpoints", eps}};
  }
  bool LastHas(const std::string& part) {
    return Eventually([&] { return Contains(nft_->last(), part); });
  }

  ControllerEnv env_;
  FakeNft* nft_ = nullptr;
  controllers::RunnableController* proxy_ = nullptr;
};

TEST_F(ServiceProxyTest, FollowsServicesAndSlices) {
  StartProxy();
  ASSERT_TRUE(nft_->WaitAttempts(1));
  EXPECT_TRUE(Contains(nft_->scripts()[0], "delete table ip stead\n"));
  CreateService();
  ASSERT_TRUE(LastHas("comment \"default/web:http\" : goto reject-chain"));
  Json slice = env_.Create("discovery.k8s.io", "endpointslices", "default",
                           Slice({"10.244.1.1", "10.244.1.2"}));
  ASSERT_TRUE(LastHas("numgen random mod 2 vmap"));
  EXPECT_TRUE(Contains(nft_->last(), "dnat to 10.244.1.2:8080"));
  slice["endpoints"] = Slice({"10.244.1.1"})["endpoints"];
  ASSERT_TRUE(
      env_.client().Update(env_.Type("discovery.k8s.io", "endpointslices"), "default", slice).ok());
  ASSERT_TRUE(LastHas("numgen random mod 1 vmap"));
  EXPECT_FALSE(Contains(nft_->last(), "10.244.1.2"));
  proxy_->Stop();
  EXPECT_EQ(nft_->deleted_tables(), std::vector<std::string>{"stead"});
}

TEST_F(ServiceProxyTest, RetriesFailedSyncs) {
  auto nft = std::make_unique<FakeNft>();
  nft->FailNext(1);
  nft_ = nft.get();
  ServiceProxyOptions o;
  o.min_sync_period = std::chrono::milliseconds(0);
  proxy_ = env_.Run(NewServiceProxy(env_.context(), o, std::move(nft), nullptr));
  ASSERT_TRUE(nft_->WaitAttempts(1));
  EXPECT_TRUE(nft_->scripts().empty());
  ASSERT_TRUE(Eventually([&] { return env_.clock().Waiters() >= 1; }));
  env_.clock().Advance(std::chrono::seconds(1));
  ASSERT_TRUE(nft_->WaitAttempts(2));
  ASSERT_TRUE(Eventually([&] { return nft_->scripts().size() == 1; }));
  EXPECT_TRUE(Contains(nft_->scripts()[0], "delete table ip stead\n"));
}

TEST(ServiceProxyOptions, Validation) {
  ServiceProxyOptions o;
  EXPECT_TRUE(ValidateServiceProxyOptions(o).ok());
  o.table = "bad name";
  EXPECT_FALSE(ValidateServiceProxyOptions(o).ok());
  o.table = "stead";
  o.service_cidrs = {"10.96.0.0/33"};
  EXPECT_FALSE(ValidateServiceProxyOptions(o).ok());
}

}  // namespace
}  // namespace stead::agent::proxy
