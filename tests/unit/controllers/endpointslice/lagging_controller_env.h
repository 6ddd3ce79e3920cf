// LaggingControllerEnv: one controller on the in-memory API stack whose
// informers read through a LaggingClient, so a test can hold back the watch
// events of a resource and make the controller's cache lag behind its own
// writes; plus the Service, node and pod fixtures of the endpoint
// controllers' tests (Service "web" selecting app=web).
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "client/event_recorder.h"
#include "client/informer.h"
#include "controllers/context.h"
#include "core/metrics.h"
#include "unit/client/test_cluster.h"
#include "unit/controllers/framework/lagging_client.h"

namespace stead::controllers::testing {

class LaggingControllerEnv {
 public:
  LaggingControllerEnv()
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
  ~LaggingControllerEnv() {
    if (controller_) controller_->Stop();
    informers_.Shutdown();
    events_.Shutdown();
  }

  // As the controller manager does: the informers the controller took are
  // started and synced, then the controller.
  void Start(
      const std::function<std::unique_ptr<RunnableController>(const ControllerContext&)>& factory) {
    controller_ = factory(context_);
    informers_.Start();
    ASSERT_TRUE(informers_.WaitForCacheSync(std::chrono::seconds(20)));
    controller_->Start();
  }

  // Holds back / releases watch events; counts creates.
  LaggingClient& lagging() { return client_; }
  client::Client& client() { return cluster_.client(); }
  FakeClock& clock() { return cluster_.clock(); }

  const api::ResourceType& T(std::string_view group, std::string_view plural) {
    return cluster_.Type(group, plural);
  }

  void CreateNode(const std::string& name) {
    auto node = cluster_.client().Create(
        T("", "nodes"), "",
        {{"apiVersion", "v1"}, {"kind", "Node"}, {"metadata", {{"name", name}}}});
    ASSERT_TRUE(node.ok()) << node.status().ToString();
  }
  // Service "web" selecting app=web, port http 80.
  void CreateService() {
    auto svc = cluster_.client().Create(
        T("", "services"), "default",
        {{"apiVersion", "v1"},
         {"kind", "Service"},
         {"metadata", {{"name", "web"}, {"namespace", "default"}}},
         {"spec",
          {{"selector", {{"app", "web"}}}, {"ports", {{{"name", "http"}, {"port", 80}}}}}}});
    ASSERT_TRUE(svc.ok()) << svc.status().ToString();
  }
  // A Running, Ready pod app=web on node n1 with IP 10.244.0.<n>.
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

  // The store's (not the cache's) slices of Service "web".
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

 private:
  client::testing::TestCluster cluster_;
  std::unique_ptr<client::Client> inner_;
  LaggingClient client_;
  client::SharedInformerFactory informers_;
  client::EventBroadcaster events_;
  MetricsRegistry metrics_;
  ControllerMetrics controller_metrics_;
  ControllerContext context_;
  std::unique_ptr<RunnableController> controller_;
};

}  // namespace stead::controllers::testing
