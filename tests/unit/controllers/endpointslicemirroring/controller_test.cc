// The EndpointSliceMirroring controller against the in-memory API stack:
// the Endpoints of a selector-less Service are mirrored and followed; the
// mirrored slices go when the Service gains a selector, the Endpoints is
// labelled skip-mirror or goes away; and while the controller's own slice
// has not reached its lagging cache, further syncs wait instead of creating
// a second slice (EndpointSliceTracker).
#include "controllers/endpointslicemirroring/controller.h"

#include <gtest/gtest.h>

#include "unit/controllers/endpointslice/lagging_controller_env.h"

namespace stead::controllers {
namespace {

class EndpointSliceMirroringControllerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    env_.Start([](const ControllerContext& c) { return NewEndpointSliceMirroringController(c); });
  }

  // Service "external-db" without a selector, port 5432.
  void CreateService() {
    auto svc =
        env_.client().Create(env_.T("", "services"), "default",
                             {{"apiVersion", "v1"},
                              {"kind", "Service"},
                              {"metadata", {{"name", "external-db"}, {"namespace", "default"}}},
                              {"spec", {{"ports", {{{"port", 5432}}}}}}});
    ASSERT_TRUE(svc.ok()) << svc.status().ToString();
  }

  Json EndpointsObject(const std::vector<std::string>& ready,
                       const std::vector<std::string>& not_ready) {
    Json subset = {{"ports", {{{"port", 5432}, {"protocol", "TCP"}}}}};
    for (const auto& ip : ready) subset["addresses"].push_back({{"ip", ip}});
    for (const auto& ip : not_ready) subset["notReadyAddresses"].push_back({{"ip", ip}});
    return {{"apiVersion", "v1"},
            {"kind", "Endpoints"},
            {"metadata", {{"name", "external-db"}, {"namespace", "default"}}},
            {"subsets", {subset}}};
  }

  void CreateEndpoints(const std::vector<std::string>& ready,
                       const std::vector<std::string>& not_ready = {}) {
    auto ep =
        env_.client().Create(env_.T("", "endpoints"), "default", EndpointsObject(ready, not_ready));
    ASSERT_TRUE(ep.ok()) << ep.status().ToString();
  }

  // Read-modify-write of the stored Endpoints.
  void UpdateEndpoints(const std::function<void(Json&)>& change) {
    auto ep = env_.client().Get(env_.T("", "endpoints"), "default", "external-db");
    ASSERT_TRUE(ep.ok());
    Json e = **ep;
    change(e);
    auto updated = env_.client().Update(env_.T("", "endpoints"), "default", e);
    ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  }

  // The store's slices of "external-db".
  std::vector<client::ObjectPtr> Slices() {
    auto list = env_.client().List(env_.T("discovery.k8s.io", "endpointslices"), "default", {});
    EXPECT_TRUE(list.ok());
    std::vector<client::ObjectPtr> out;
    for (const auto& s : list->items) {
      if (GetString(*s, {"metadata", "labels", "kubernetes.io/service-name"}) == "external-db") {
        out.push_back(s);
      }
    }
    return out;
  }

  // One slice whose endpoints are exactly `ips` (in the slice's order).
  bool MirroredIs(const std::vector<std::string>& ips) {
    auto slices = Slices();
    if (slices.size() != 1) return false;
    std::vector<std::string> got;
    for (const Json& e : (*slices[0])["endpoints"]) got.push_back(e["addresses"][0]);
    return got == ips;
  }

  bool Converge(const std::function<bool()>& condition) {
    return client::testing::Converge(env_.clock(), condition);
  }

  testing::LaggingControllerEnv env_;
};

TEST_F(EndpointSliceMirroringControllerTest, MirrorsEndpointsOfSelectorlessService) {
  CreateService();
  CreateEndpoints({"10.0.0.1", "10.0.0.2"}, {"10.0.0.3"});
  ASSERT_TRUE(Converge([&] { return MirroredIs({"10.0.0.1", "10.0.0.2", "10.0.0.3"}); }));
  const Json& slice = *Slices()[0];
  EXPECT_EQ(GetString(slice, {"metadata", "labels", "endpointslice.kubernetes.io/managed-by"}),
            "endpointslicemirroring-controller.k8s.io");
  EXPECT_EQ(slice["endpoints"][0]["conditions"]["ready"], true);
  EXPECT_EQ(slice["endpoints"][2]["conditions"]["ready"], false);
  EXPECT_EQ(slice["ports"][0]["port"], 5432);
  EXPECT_EQ(slice["metadata"]["ownerReferences"][0]["kind"], "Endpoints");
}

TEST_F(EndpointSliceMirroringControllerTest, EndpointsWithoutServiceNotMirrored) {
  CreateEndpoints({"10.0.0.1"});
  env_.Churn();
  EXPECT_TRUE(Slices().empty());
  CreateService();  // the Service appearing starts the mirroring
  EXPECT_TRUE(Converge([&] { return MirroredIs({"10.0.0.1"}); }));
}

TEST_F(EndpointSliceMirroringControllerTest, UpdatedEndpointsUpdateTheSlice) {
  CreateService();
  CreateEndpoints({"10.0.0.1"});
  ASSERT_TRUE(Converge([&] { return MirroredIs({"10.0.0.1"}); }));
  std::string name = MetaName(*Slices()[0]);
  UpdateEndpoints([&](Json& e) { e["subsets"] = EndpointsObject({"10.0.0.4"}, {})["subsets"]; });
  ASSERT_TRUE(Converge([&] { return MirroredIs({"10.0.0.4"}); }));
  EXPECT_EQ(MetaName(*Slices()[0]), name);
}

TEST_F(EndpointSliceMirroringControllerTest, SkipMirrorLabelDeletesTheSlice) {
  CreateService();
  CreateEndpoints({"10.0.0.1"});
  ASSERT_TRUE(Converge([&] { return MirroredIs({"10.0.0.1"}); }));
  UpdateEndpoints(
      [](Json& e) { e["metadata"]["labels"]["endpointslice.kubernetes.io/skip-mirror"] = "true"; });
  EXPECT_TRUE(Converge([&] { return Slices().empty(); }));
}

TEST_F(EndpointSliceMirroringControllerTest, ServiceGainingASelectorDeletesTheSlice) {
  CreateService();
  CreateEndpoints({"10.0.0.1"});
  ASSERT_TRUE(Converge([&] { return MirroredIs({"10.0.0.1"}); }));
  auto svc = env_.client().Get(env_.T("", "services"), "default", "external-db");
  ASSERT_TRUE(svc.ok());
  Json s = **svc;
  s["spec"]["selector"] = {{"app", "db"}};
  ASSERT_TRUE(env_.client().Update(env_.T("", "services"), "default", s).ok());
  EXPECT_TRUE(Converge([&] { return Slices().empty(); }));
}

TEST_F(EndpointSliceMirroringControllerTest, DeletedEndpointsDeleteTheSlice) {
  CreateService();
  CreateEndpoints({"10.0.0.1"});
  ASSERT_TRUE(Converge([&] { return MirroredIs({"10.0.0.1"}); }));
  client::DeleteOptions options;
  ASSERT_TRUE(
      env_.client().Delete(env_.T("", "endpoints"), "default", "external-db", options).ok());
  EXPECT_TRUE(Converge([&] { return Slices().empty(); }));
}

TEST_F(EndpointSliceMirroringControllerTest, DeletedServiceDeletesTheSlice) {
  CreateService();
  CreateEndpoints({"10.0.0.1"});
  ASSERT_TRUE(Converge([&] { return MirroredIs({"10.0.0.1"}); }));
  client::DeleteOptions options;
  ASSERT_TRUE(env_.client().Delete(env_.T("", "services"), "default", "external-db", options).ok());
  EXPECT_TRUE(Converge([&] { return Slices().empty(); }));
}

TEST_F(EndpointSliceMirroringControllerTest, LaggingCacheNeverCreatesASecondSlice) {
  env_.lagging().Hold("endpointslices");
  CreateService();
  CreateEndpoints({"10.0.0.1"});
  ASSERT_TRUE(
      client::testing::Eventually([&] { return env_.lagging().creates("endpointslices") == 1; }));
  // Endpoints changes make the controller sync again on its stale cache.
  UpdateEndpoints([&](Json& e) {
    e["subsets"] = EndpointsObject({"10.0.0.1", "10.0.0.2"}, {})["subsets"];
  });
  env_.Churn();
  EXPECT_EQ(Slices().size(), 1u);
  EXPECT_EQ(env_.lagging().creates("endpointslices"), 1);

  env_.lagging().Release();
  EXPECT_TRUE(Converge([&] { return MirroredIs({"10.0.0.1", "10.0.0.2"}); }));
  EXPECT_EQ(env_.lagging().creates("endpointslices"), 1);
}

}  // namespace
}  // namespace stead::controllers
