// The EndpointSlice controller against the in-memory API stack, with an
// EndpointSlice informer that can be made to lag behind the store: while
// the controller's own slice has not reached its cache, further syncs must
// wait instead of creating a second slice (EndpointSliceTracker), and once
// the cache catches up the one slice follows the pods.
#include "controllers/endpointslice/controller.h"

#include <gtest/gtest.h>

#include "client/event_recorder.h"
#include "client/informer.h"
#include "controllers/context.h"
#include "core/metrics.h"
#include "unit/client/test_cluster.h"
#include "unit/controllers/framework/lagging_client.h"

namespace stead::controllers {
namespace {

using client::testing::TestCluster;

class EndpointSliceControllerTest : public ::testing::Test {
 protected:
  EndpointSliceControllerTest()
      : inner_(cluster_.NewClient("stead-controller-manager")),
        client_(inner_.get()),
        informers_(&client_, &cluster_.clock()),
        events_(&client_, &cluster_.clock()),
        controller_metrics_(metrics_) {
    context_.client = &client_;
    context_.informers = &informers_;
    context_.events = &events_;
    context_.clock = &cluster_.clock();
    context_.metrics = &metrics_;
    context_.controller_metrics = &controller_metrics_;
  }
  ~EndpointSliceControllerTest() override {
    if (controller_) controller_->Stop();
    informers_.Shutdown();
    events_.Shutdown();
  }

  void Start() {
    controller_ = NewEndpointSliceController(context_);
    informers_.Start();
    ASSERT_TRUE(informers_.WaitForCacheSync(std::chrono::seconds(20)));
    controller_->Start();
  }

  const api::ResourceType& T(std::string_view group, std::string_view plural) {
    return cluster_.Type(group, plural);
  }

  void CreatePod(const std::string& name, int n) {
    Json pod = {
        {"apiVersion", "v1"},
        {"kind", "Pod"},
        {"metadata", {{"name", name}, {"namespace", "default"}, {"labels", {{"app", "web"}}}}},
        {"spec", {{"nodeName", "n1"}, {"containers", {{{"name", "c"}, {"image", "nginx"}}}}}}};
    auto created = cluster_.client().Create(T("", "pods"), "default", pod);
    ASSERT_TRUE(created.ok()) << created.status().ToString();
    SetReady(name, true, "10.244.0." + std::to_string(n));
  }

  void SetReady(const std::string& name, bool ready, const std::string& ip = "") {
    auto pod = cluster_.client().Get(T("", "pods"), "default", name);
    ASSERT_TRUE(pod.ok());
    Json p = **pod;
    if (!ip.empty()) {
      p["status"]["phase"] = "Running";
      p["status"]["podIP"] = ip;
      p["status"]["podIPs"] = {{{"ip", ip}}};
    }
    p["status"]["conditions"] = {{{"type", "Ready"}, {"status", ready ? "True" : "False"}}};
    auto updated =
        cluster_.client().Update(T("", "pods"), "default", p, {}, client::Subresource::kStatus);
    ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  }

  std::vector<client::ObjectPtr> Slices() {
    auto list = cluster_.client().List(T("discovery.k8s.io", "endpointslices"), "default", {});
    EXPECT_TRUE(list.ok());
    std::vector<client::ObjectPtr> out;
    for (const auto& s : list->items) {
      if (GetString(*s, {"metadata", "labels", "kubernetes.io/service-name"}) == "web") {
        out.push_back(s);
      }
    }
    return out;
  }

  // Lets the controller run for a while (its delayed retries included).
  void Churn() {
    for (int i = 0; i < 20; ++i) {
      cluster_.clock().Advance(std::chrono::milliseconds(50));
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }

  TestCluster cluster_;
  std::unique_ptr<client::Client> inner_;
  LaggingClient client_;
  client::SharedInformerFactory informers_;
  client::EventBroadcaster events_;
  MetricsRegistry metrics_;
  ControllerMetrics controller_metrics_;
  ControllerContext context_;
  std::unique_ptr<RunnableController> controller_;
};

TEST_F(EndpointSliceControllerTest, LaggingCacheNeverCreatesASecondSlice) {
  auto node = cluster_.client().Create(
      T("", "nodes"), "", {{"apiVersion", "v1"}, {"kind", "Node"}, {"metadata", {{"name", "n1"}}}});
  ASSERT_TRUE(node.ok()) << node.status().ToString();
  CreatePod("web-0", 1);
  Start();
  client_.Hold("endpointslices");
  auto svc = cluster_.client().Create(
      T("", "services"), "default",
      {{"apiVersion", "v1"},
       {"kind", "Service"},
       {"metadata", {{"name", "web"}, {"namespace", "default"}}},
       {"spec", {{"selector", {{"app", "web"}}}, {"ports", {{{"name", "http"}, {"port", 80}}}}}}});
  ASSERT_TRUE(svc.ok()) << svc.status().ToString();
  ASSERT_TRUE(client::testing::Eventually([&] { return Slices().size() == 1; }));
  EXPECT_EQ(client_.creates("endpointslices"), 1);

  // Pod changes make the controller sync again on its stale cache.
  SetReady("web-0", false);
  CreatePod("web-1", 2);
  Churn();
  EXPECT_EQ(Slices().size(), 1u);
  EXPECT_EQ(client_.creates("endpointslices"), 1);

  client_.Release();
  auto converged = [&] {
    auto slices = Slices();
    if (slices.size() != 1) return false;
    const Json& eps = (*slices[0])["endpoints"];
    return eps.size() == 2 && eps[0]["targetRef"]["name"] == "web-0" &&
           eps[0]["conditions"]["ready"] == false && eps[1]["conditions"]["ready"] == true;
  };
  EXPECT_TRUE(client::testing::Eventually([&] {
    if (converged()) return true;
    cluster_.clock().Advance(std::chrono::milliseconds(50));
    return false;
  }));
  EXPECT_EQ(Slices().size(), 1u);
}

}  // namespace
}  // namespace stead::controllers
