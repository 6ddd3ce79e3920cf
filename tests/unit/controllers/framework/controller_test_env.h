// ControllerTestEnv: the real in-memory API stack (client/test_cluster.h,
// bootstrapped) with shared informers
// and an event broadcaster on a FakeClock, for tests of controller I/O
// shells. The controllers see the API through a LaggingClient (so a test
// can hold their watch events back or refuse their creates); the test
// itself reads and writes through client(), as a user or kubelet would.
//
// Converge() waits for a condition while pumping the fake clock forward,
// so retries and delayed requeues happen without real waiting.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "client/client.h"
#include "client/event_recorder.h"
#include "client/informer.h"
#include "controllers/context.h"
#include "core/clock.h"
#include "unit/client/test_cluster.h"
#include "unit/controllers/framework/lagging_client.h"

namespace stead::controllers {

class ControllerTestEnv {
 public:
  ControllerTestEnv()
      : cluster_(client::testing::TestCluster::Objects::kBootstrapped),
        client_(cluster_.NewClient("kube-controller-manager")),
        lagging_(std::make_unique<LaggingClient>(client_.get())) {
    informers_ = std::make_unique<client::SharedInformerFactory>(lagging_.get(), &clock());
    events_ = std::make_unique<client::EventBroadcaster>(client_.get(), &clock());
  }

  // Stops the controllers, then the informers.
  ~ControllerTestEnv() {
    for (auto& c : controllers_) c->Stop();
    events_->Shutdown();
    informers_->Shutdown();
  }

  ControllerContext Context() {
    ControllerContext c;
    c.client = lagging_.get();
    c.informers = informers_.get();
    c.events = events_.get();
    c.clock = &clock();
    return c;
  }

  // Takes the controllers (built from Context()), syncs the informers they
  // asked for and starts them.
  void Start(std::vector<std::unique_ptr<RunnableController>> controllers) {
    controllers_ = std::move(controllers);
    informers_->Start();
    EXPECT_TRUE(informers_->WaitForCacheSync(std::chrono::seconds(20)));
    for (auto& c : controllers_) c->Start();
  }

  FakeClock& clock() { return cluster_.clock(); }
  client::Client& client() { return *client_; }
  LaggingClient& lagging() { return *lagging_; }
  const api::ResourceType& Type(std::string_view group, std::string_view plural) {
    return client_->Type(group, plural);
  }

  bool Converge(const std::function<bool()>& condition,
                std::chrono::milliseconds deadline = std::chrono::seconds(30)) {
    return client::testing::Converge(clock(), condition, deadline);
  }

  // The object in namespace "default", or null.
  Json Get(std::string_view group, std::string_view plural, const std::string& name) {
    auto r = client_->Get(Type(group, plural), "default", name);
    return r.ok() ? **r : Json();
  }
  // Objects of "default" that are not being deleted.
  std::vector<Json> List(std::string_view group, std::string_view plural) {
    std::vector<Json> out;
    auto list = client_->List(Type(group, plural), "default");
    if (!list.ok()) return out;
    for (const auto& o : list->items) {
      if (!MetaDeleting(*o)) out.push_back(*o);
    }
    return out;
  }

  // What the scheduler and a kubelet do for a pod that starts and is ready.
  void MakeReady(const std::string& name) {
    Json binding = {{"apiVersion", "v1"},
                    {"kind", "Binding"},
                    {"metadata", {{"name", name}}},
                    {"target", {{"apiVersion", "v1"}, {"kind", "Node"}, {"name", "node-1"}}}};
    Status bound = client_->BindPod("default", name, binding);
    ASSERT_TRUE(bound.ok()) << bound.ToString();
    Json pod = Get("", "pods", name);
    pod["status"]["phase"] = "Running";
    pod["status"]["conditions"] = Json::array({{{"type", "Ready"},
                                                {"status", "True"},
                                                {"lastTransitionTime", FormatTime(clock().Now())}}});
    auto r = client_->Update(Type("", "pods"), "default", pod, {}, apiserver::Subresource::kStatus);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }

  // "<reason> <message>" of the events about `name`, oldest first.
  std::vector<std::string> Events(const std::string& name) {
    events_->Flush();
    std::vector<std::string> out;
    auto list = client_->List(Type("", "events"), "default");
    if (!list.ok()) return out;
    for (const auto& e : list->items) {
      if (GetString(*e, {"involvedObject", "name"}) != name) continue;
      out.push_back(GetString(*e, {"reason"}) + " " + GetString(*e, {"message"}));
    }
    return out;
  }

 private:
  client::testing::TestCluster cluster_;
  std::unique_ptr<client::Client> client_;
  std::unique_ptr<LaggingClient> lagging_;
  std::unique_ptr<client::SharedInformerFactory> informers_;
  std::unique_ptr<client::EventBroadcaster> events_;
  std::vector<std::unique_ptr<RunnableController>> controllers_;
};

}  // namespace stead::controllers
