// The Endpoints controller against the in-memory API stack: the Endpoints
// of a Service follow its pods, are deleted with the Service and recreated
// when deleted by hand; on start, Endpoints whose Service is gone are
// removed, while those of selector-less Services and leader-election
// records stay; a lagging Endpoints cache never makes it write twice.
#include "controllers/endpoints/controller.h"

#include <gtest/gtest.h>

#include "unit/controllers/endpointslice/lagging_controller_env.h"
#include "unit/controllers/garbagecollector/controller_env.h"

namespace stead::controllers {
namespace {

using testing::ControllerEnv;

class EndpointsControllerTest : public ::testing::Test {
 protected:
  void Start() { env_.Run(NewEndpointsController(env_.context())); }

  void CreateEndpoints(const std::string& name, Json annotations = Json::object()) {
    Json ep = {{"apiVersion", "v1"},
               {"kind", "Endpoints"},
               {"metadata", {{"name", name}, {"namespace", "default"}}},
               {"subsets",
                {{{"addresses", {{{"ip", "192.0.2.1"}}}},
                  {"ports", {{{"port", 80}, {"protocol", "TCP"}}}}}}}};
    if (!annotations.empty()) ep["metadata"]["annotations"] = annotations;
    env_.Create("", "endpoints", "default", ep);
  }
  void CreateService(const std::string& name, bool selector = true) {
    Json svc = {{"apiVersion", "v1"},
                {"kind", "Service"},
                {"metadata", {{"name", name}, {"namespace", "default"}}},
                {"spec", {{"ports", {{{"name", "http"}, {"port", 80}}}}}}};
    if (selector) svc["spec"]["selector"] = {{"app", "web"}};
    env_.Create("", "services", "default", svc);
  }
  void CreateReadyPod(const std::string& name, const std::string& ip) {
    env_.Create(
        "", "pods", "default",
        {{"apiVersion", "v1"},
         {"kind", "Pod"},
         {"metadata", {{"name", name}, {"namespace", "default"}, {"labels", {{"app", "web"}}}}},
         {"spec", {{"nodeName", "n1"}, {"containers", {{{"name", "c"}, {"image", "x"}}}}}}});
    auto pod = env_.client().Get(env_.Type("", "pods"), "default", name);
    ASSERT_TRUE(pod.ok());
    Json p = **pod;
    p["status"]["phase"] = "Running";
    p["status"]["podIP"] = ip;
    p["status"]["podIPs"] = {{{"ip", ip}}};
    p["status"]["conditions"] = {{{"type", "Ready"}, {"status", "True"}}};
    ASSERT_TRUE(env_.client()
                    .Update(env_.Type("", "pods"), "default", p, {}, client::Subresource::kStatus)
                    .ok());
  }
  client::ObjectPtr Endpoints(const std::string& name) {
    auto r = env_.client().Get(env_.Type("", "endpoints"), "default", name);
    return r.ok() ? *r : nullptr;
  }
  std::string Ips(const std::string& name) {
    client::ObjectPtr ep = Endpoints(name);
    std::string out;
    if (!ep) return "<none>";
    const Json* subsets = Lookup(*ep, {"subsets"});
    for (const Json& ss : subsets ? *subsets : Json::array()) {
      const Json* addresses = Lookup(ss, {"addresses"});
      for (const Json& a : addresses ? *addresses : Json::array()) {
        out += GetString(a, {"ip"}) + " ";
      }
    }
    return out;
  }

  ControllerEnv env_;
};

TEST_F(EndpointsControllerTest, FollowsPodsAndTheService) {
  CreateReadyPod("web-0", "10.244.0.5");
  CreateService("web");
  Start();
  EXPECT_TRUE(env_.Eventually([&] { return Ips("web") == "10.244.0.5 "; }));
  CreateReadyPod("web-1", "10.244.0.6");
  EXPECT_TRUE(env_.Eventually([&] { return Ips("web") == "10.244.0.5 10.244.0.6 "; }));
  // Deleted by hand: recreated.
  ASSERT_TRUE(env_.client().Delete(env_.Type("", "endpoints"), "default", "web", {}).ok());
  EXPECT_TRUE(env_.Eventually([&] { return Ips("web") == "10.244.0.5 10.244.0.6 "; }));
  // The Service goes: so does its Endpoints.
  ASSERT_TRUE(env_.client().Delete(env_.Type("", "services"), "default", "web", {}).ok());
  EXPECT_TRUE(env_.Eventually([&] { return Endpoints("web") == nullptr; }));
}

TEST_F(EndpointsControllerTest, LeftoversAreRemovedOnStart) {
  CreateEndpoints("orphan");
  CreateService("manual", /*selector=*/false);
  CreateEndpoints("manual");
  CreateEndpoints("lock", {{"control-plane.alpha.kubernetes.io/leader", "{}"}});
  CreateService("marker");  // synced last: its Endpoints shows the others were seen
  Start();
  EXPECT_TRUE(env_.Eventually([&] { return Endpoints("orphan") == nullptr; }));
  EXPECT_TRUE(env_.Eventually([&] { return Endpoints("marker") != nullptr; }));
  EXPECT_EQ(Ips("manual"), "192.0.2.1 ");
  EXPECT_EQ(Ips("lock"), "192.0.2.1 ");
}

TEST(EndpointsControllerLagTest, LaggingCacheNeverCreatesTwice) {
  testing::LaggingControllerEnv env;
  env.CreatePod("web-0", 1);
  env.Start([](const ControllerContext& c) { return NewEndpointsController(c); });
  env.lagging().Hold("endpoints");
  env.CreateService();
  auto stored = [&] { return env.client().Get(env.T("", "endpoints"), "default", "web"); };
  ASSERT_TRUE(client::testing::Eventually([&] { return stored().ok(); }));
  // Syncs on a cache that does not show the Endpoints yet.
  env.SetReady("web-0", false);
  env.Churn();
  EXPECT_EQ(env.lagging().attempts("endpoints"), 1);
  EXPECT_EQ(env.lagging().already_exists(), 0);
  env.lagging().Release();
  EXPECT_TRUE(client::testing::Eventually([&] {
    auto ep = stored();
    const Json* subsets = ep.ok() ? Lookup(**ep, {"subsets"}) : nullptr;
    if (subsets && subsets->size() == 1 && (*subsets)[0].contains("notReadyAddresses")) {
      return true;
    }
    env.clock().Advance(std::chrono::milliseconds(50));
    return false;
  }));
}

}  // namespace
}  // namespace stead::controllers
