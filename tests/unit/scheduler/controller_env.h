// ControllerEnv: a TestCluster (in-memory API stack with a FakeClock) plus
// what the controller manager gives every in-process loop — a client, shared
// informers, an event broadcaster — bundled as a ControllerContext, and
// helpers to create nodes and pods and to wait for their state.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "client/event_recorder.h"
#include "client/informer.h"
#include "controllers/context.h"
#include "unit/client/test_cluster.h"

namespace stead::testing {

using client::testing::Eventually;

class ControllerEnv {
 public:
  ControllerEnv() {
    client_ = cluster_.NewClient("controller-manager");
    informers_ = std::make_unique<client::SharedInformerFactory>(client_.get(), &cluster_.clock());
    events_ = std::make_unique<client::EventBroadcaster>(client_.get(), &cluster_.clock());
    context_.client = client_.get();
    context_.informers = informers_.get();
    context_.events = events_.get();
    context_.clock = &cluster_.clock();
    cluster_.CreateNamespace("kube-node-lease");
  }
  ~ControllerEnv() {
    for (auto& c : controllers_) c->Stop();
    controllers_.clear();
    informers_->Shutdown();
    events_->Shutdown();
  }

  FakeClock& clock() { return cluster_.clock(); }
  client::Client& client() { return cluster_.client(); }
  const controllers::ControllerContext& context() const { return context_; }
  const api::ResourceType& Type(std::string_view group, std::string_view plural) {
    return cluster_.Type(group, plural);
  }

  // Starts the informers the controller asked for, waits for them, then the
  // controller (as the controller manager does).
  controllers::RunnableController* Run(std::unique_ptr<controllers::RunnableController> c) {
    informers_->Start();
    EXPECT_TRUE(informers_->WaitForCacheSync(std::chrono::seconds(20)));
    c->Start();
    controllers_.push_back(std::move(c));
    return controllers_.back().get();
  }

  Json Create(std::string_view group, std::string_view plural, const std::string& ns, Json obj) {
    auto r = client().Create(Type(group, plural), ns, std::move(obj));
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : Json();
  }

  Json Get(std::string_view group, std::string_view plural, const std::string& ns,
           const std::string& name) {
    auto r = client().Get(Type(group, plural), ns, name);
    return r.ok() ? **r : Json();
  }

  Json GetPod(const std::string& name) { return Get("", "pods", "default", name); }

  // Polls until `pred` holds for the pod (absent pods are passed as null).
  bool WaitPod(const std::string& name, const std::function<bool(const Json&)>& pred) {
    return Eventually([&] { return pred(GetPod(name)); });
  }

  // A Ready node with this much cpu/memory (pods 110).
  static Json Node(const std::string& name, const std::string& cpu = "4",
                   const std::string& memory = "8Gi",
                   const std::map<std::string, std::string>& labels = {}) {
    Json l = {{"kubernetes.io/hostname", name}};
    for (const auto& [k, v] : labels) l[k] = v;
    Json capacity = {{"cpu", cpu}, {"memory", memory}, {"pods", "110"}};
    return {{"apiVersion", "v1"},
            {"kind", "Node"},
            {"metadata", {{"name", name}, {"labels", l}}},
            {"status",
             {{"capacity", capacity},
              {"allocatable", capacity},
              {"conditions", {{{"type", "Ready"}, {"status", "True"}}}}}}};
  }

  static Json Pod(const std::string& name, const std::string& cpu = "",
                  const std::string& memory = "") {
    Json container = {{"name", "app"}, {"image", "nginx:1.27"}};
    if (!cpu.empty()) container["resources"]["requests"]["cpu"] = cpu;
    if (!memory.empty()) container["resources"]["requests"]["memory"] = memory;
    return {{"apiVersion", "v1"},
            {"kind", "Pod"},
            {"metadata", {{"name", name}, {"namespace", "default"}}},
            {"spec", {{"containers", {container}}}}};
  }

  // Events about an object, "<type> <reason> <message>", after flushing.
  std::vector<std::string> EventsFor(const std::string& ns, const std::string& name) {
    events_->Flush();
    std::vector<std::string> out;
    auto list = client().List(Type("", "events"), ns);
    if (!list.ok()) return out;
    for (const auto& e : list->items) {
      if (GetString(*e, {"involvedObject", "name"}) != name) continue;
      out.push_back(GetString(*e, {"type"}) + " " + GetString(*e, {"reason"}) + " " +
                    GetString(*e, {"message"}));
    }
    return out;
  }
  Json LastEvent(const std::string& ns, const std::string& name, const std::string& reason) {
    events_->Flush();
    Json found;
    auto list = client().List(Type("", "events"), ns);
    if (!list.ok()) return found;
    for (const auto& e : list->items) {
      if (GetString(*e, {"involvedObject", "name"}) == name &&
          GetString(*e, {"reason"}) == reason) {
        found = *e;
      }
    }
    return found;
  }

 private:
  client::testing::TestCluster cluster_;
  std::unique_ptr<client::Client> client_;
  std::unique_ptr<client::SharedInformerFactory> informers_;
  std::unique_ptr<client::EventBroadcaster> events_;
  controllers::ControllerContext context_;
  std::vector<std::unique_ptr<controllers::RunnableController>> controllers_;
};

// The condition of a pod with this type (null if absent).
inline Json PodCondition(const Json& pod, const std::string& type) {
  const Json* conds = Lookup(pod, {"status", "conditions"});
  if (conds && conds->is_array()) {
    for (const Json& c : *conds) {
      if (GetString(c, {"type"}) == type) return c;
    }
  }
  return Json();
}

}  // namespace stead::testing
