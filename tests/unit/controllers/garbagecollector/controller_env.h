// ControllerEnv: controllers running for real on the in-memory API stack
// (TestCluster), with the shared informers, event broadcaster and metrics a
// controller manager would give them. Time is a FakeClock that the test
// moves forward while it waits, so delayed retries come due without sleeping
// through them.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "client/event_recorder.h"
#include "client/informer.h"
#include "controllers/context.h"
#include "core/metrics.h"
#include "unit/client/test_cluster.h"

namespace stead::controllers::testing {

class ControllerEnv {
 public:
  ControllerEnv()
      : manager_client_(cluster_.NewClient("stead-controller-manager")),
        informers_(manager_client_.get(), &cluster_.clock()),
        events_(manager_client_.get(), &cluster_.clock()),
        controller_metrics_(metrics_) {
    context_.client = manager_client_.get();
    context_.informers = &informers_;
    context_.events = &events_;
    context_.clock = &cluster_.clock();
    context_.metrics = &metrics_;
    context_.controller_metrics = &controller_metrics_;
  }

  ~ControllerEnv() {
    for (auto it = running_.rbegin(); it != running_.rend(); ++it) (*it)->Stop();
    running_.clear();
    informers_.Shutdown();
    events_.Shutdown();
  }

  const ControllerContext& context() const { return context_; }
  client::testing::TestCluster& cluster() { return cluster_; }
  client::Client& client() { return cluster_.client(); }
  FakeClock& clock() { return cluster_.clock(); }
  MetricsRegistry& metrics() { return metrics_; }
  client::EventBroadcaster& events() { return events_; }
  const api::ResourceType& Type(std::string_view group, std::string_view plural) {
    return cluster_.Type(group, plural);
  }

  // As the controller manager does: starts and syncs the informers the
  // controller took when it was built, then the controller. Stopped with
  // the environment.
  void Run(std::unique_ptr<RunnableController> controller) {
    informers_.Start();
    EXPECT_TRUE(informers_.WaitForCacheSync(std::chrono::seconds(20)));
    controller->Start();
    running_.push_back(std::move(controller));
  }

  // Waits for `condition`, moving the clock 50ms per poll.
  bool Eventually(const std::function<bool()>& condition) {
    return client::testing::Eventually([&] {
      if (condition()) return true;
      cluster_.clock().Advance(std::chrono::milliseconds(50));
      return false;
    });
  }

  Json Create(std::string_view group, std::string_view plural, const std::string& ns, Json obj) {
    auto r = client().Create(Type(group, plural), ns, std::move(obj));
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : Json();
  }
  // nullptr when absent.
  store::ObjectPtr Get(std::string_view group, std::string_view plural, const std::string& ns,
                       const std::string& name) {
    auto r = client().Get(Type(group, plural), ns, name);
    return r.ok() ? *r : nullptr;
  }
  bool Gone(std::string_view group, std::string_view plural, const std::string& ns,
            const std::string& name) {
    return Get(group, plural, ns, name) == nullptr;
  }
  size_t Count(std::string_view group, std::string_view plural, const std::string& ns) {
    auto r = client().List(Type(group, plural), ns);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->items.size() : 0;
  }

  // Objects of the kinds the tests use (names of labels and images are
  // arbitrary).
  static Json OwnerRef(const Json& owner, bool controller = true, bool block = true) {
    return {{"apiVersion", GetString(owner, {"apiVersion"})},
            {"kind", GetString(owner, {"kind"})},
            {"name", MetaName(owner)},
            {"uid", MetaUid(owner)},
            {"controller", controller},
            {"blockOwnerDeletion", block}};
  }
  static Json WithOwners(Json obj, std::vector<Json> refs) {
    obj["metadata"]["ownerReferences"] = std::move(refs);
    return obj;
  }
  static Json PodTemplate() {
    return {{"metadata", {{"labels", {{"app", "a"}}}}},
            {"spec", {{"containers", {{{"name", "c"}, {"image", "nginx:1"}}}}}}};
  }
  static Json StatefulSet(const std::string& name) {
    return {{"apiVersion", "apps/v1"},
            {"kind", "StatefulSet"},
            {"metadata", {{"name", name}}},
            {"spec",
             {{"replicas", 0},
              {"serviceName", name},
              {"selector", {{"matchLabels", {{"app", "a"}}}}},
              {"template", PodTemplate()}}}};
  }
  static Json Deployment(const std::string& name) {
    return {{"apiVersion", "apps/v1"},
            {"kind", "Deployment"},
            {"metadata", {{"name", name}}},
            {"spec",
             {{"replicas", 0},
              {"selector", {{"matchLabels", {{"app", "a"}}}}},
              {"template", PodTemplate()}}}};
  }
  static Json ReplicaSet(const std::string& name) {
    return {{"apiVersion", "apps/v1"},
            {"kind", "ReplicaSet"},
            {"metadata", {{"name", name}}},
            {"spec",
             {{"replicas", 0},
              {"selector", {{"matchLabels", {{"app", "a"}}}}},
              {"template", PodTemplate()}}}};
  }
  static Json Pod(const std::string& name) {
    return {{"apiVersion", "v1"},
            {"kind", "Pod"},
            {"metadata", {{"name", name}, {"labels", {{"app", "a"}}}}},
            {"spec", {{"containers", {{{"name", "c"}, {"image", "nginx:1"}}}}}}};
  }
  static Json ConfigMap(const std::string& name) {
    return {{"apiVersion", "v1"},
            {"kind", "ConfigMap"},
            {"metadata", {{"name", name}}},
            {"data", {{"k", "v"}}}};
  }

 private:
  client::testing::TestCluster cluster_;
  std::unique_ptr<client::Client> manager_client_;
  MetricsRegistry metrics_;
  client::SharedInformerFactory informers_;
  client::EventBroadcaster events_;
  ControllerMetrics controller_metrics_;
  ControllerContext context_;
  std::vector<std::unique_ptr<RunnableController>> running_;
};

}  // namespace stead::controllers::testing
