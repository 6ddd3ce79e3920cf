// VolumeTestEnv: the real in-memory API stack (client/test_cluster.h,
// bootstrapped: the default StorageClass `local` exists) plus the shared
// informers and event broadcaster the volume controllers run on, on the
// cluster's FakeClock. No mocks.
//
// Converge() waits for a condition while pumping the fake clock forward, so
// that the controllers' retries (backoff) and periodic resyncs happen
// without real waiting.
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

namespace stead::controllers::testing {

class VolumeTestEnv {
 public:
  VolumeTestEnv()
      : cluster_(client::testing::TestCluster::Objects::kBootstrapped),
        client_(cluster_.NewClient("kube-controller-manager")) {
    informers_ = std::make_unique<client::SharedInformerFactory>(client_.get(), &clock());
    events_ = std::make_unique<client::EventBroadcaster>(client_.get(), &clock());
  }

  ~VolumeTestEnv() {
    // Controllers (owned by the test) are stopped before this runs.
    events_->Shutdown();
    informers_->Shutdown();
  }

  ControllerContext Context() {
    ControllerContext c;
    c.client = client_.get();
    c.informers = informers_.get();
    c.events = events_.get();
    c.clock = &clock();
    return c;
  }

  // Starts the informers made so far and waits for their initial lists.
  void StartInformers() {
    informers_->Start();
    EXPECT_TRUE(informers_->WaitForCacheSync(std::chrono::seconds(20)));
  }

  FakeClock& clock() { return cluster_.clock(); }
  client::Client& client() { return *client_; }
  const api::ResourceType& Type(std::string_view group, std::string_view plural) {
    return client_->Type(group, plural);
  }

  // Polls `condition`, advancing the fake clock 100ms per poll; false after
  // a generous wall-clock deadline.
  bool Converge(const std::function<bool()>& condition,
                std::chrono::milliseconds deadline = std::chrono::seconds(30)) {
    return client::testing::Converge(clock(), condition, deadline);
  }

  // Lets the controllers run through `fake` time (resyncs and retries
  // included) without waiting for anything in particular.
  void Pump(std::chrono::milliseconds fake) {
    for (auto t = std::chrono::milliseconds(0); t < fake; t += std::chrono::milliseconds(100)) {
      clock().Advance(std::chrono::milliseconds(100));
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  }

  // The object, or null when it does not exist.
  Json Get(std::string_view plural, const std::string& ns, const std::string& name,
           std::string_view group = "") {
    auto r = client_->Get(Type(group, plural), ns, name);
    return r.ok() ? **r : Json();
  }

  Json Create(std::string_view plural, const std::string& ns, const Json& obj,
              std::string_view group = "") {
    auto r = client_->Create(Type(group, plural), ns, obj);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : Json();
  }

  void Delete(std::string_view plural, const std::string& ns, const std::string& name,
              std::optional<int64_t> grace = std::nullopt) {
    apiserver::DeleteOptions options;
    options.grace_period_seconds = grace;
    auto r = client_->Delete(Type("", plural), ns, name, options);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
  }

  // "<type> <reason> <message>" of the events about an object, oldest first.
  std::vector<std::string> EventsAbout(const std::string& kind, const std::string& name) {
    events_->Flush();
    std::vector<std::string> out;
    auto list = client_->List(Type("", "events"), "");
    if (!list.ok()) return out;
    for (const auto& e : list->items) {
      if (GetString(*e, {"involvedObject", "kind"}) != kind ||
          GetString(*e, {"involvedObject", "name"}) != name) {
        continue;
      }
      out.push_back(GetString(*e, {"type"}) + " " + GetString(*e, {"reason"}) + " " +
                    GetString(*e, {"message"}));
    }
    return out;
  }

  static Json Claim(const std::string& name, const std::string& size,
                    std::vector<std::string> modes = {"ReadWriteOnce"}) {
    return {{"apiVersion", "v1"},
            {"kind", "PersistentVolumeClaim"},
            {"metadata", {{"name", name}}},
            {"spec", {{"accessModes", modes}, {"resources", {{"requests", {{"storage", size}}}}}}}};
  }

  static Json Volume(const std::string& name, const std::string& size,
                     const std::string& storage_class,
                     std::vector<std::string> modes = {"ReadWriteOnce"},
                     const std::string& policy = "Retain") {
    Json pv = {{"apiVersion", "v1"},
               {"kind", "PersistentVolume"},
               {"metadata", {{"name", name}}},
               {"spec",
                {{"capacity", {{"storage", size}}},
                 {"accessModes", modes},
                 {"persistentVolumeReclaimPolicy", policy},
                 {"hostPath", {{"path", "/srv/volumes/" + name}}}}}};
    if (!storage_class.empty()) pv["spec"]["storageClassName"] = storage_class;
    return pv;
  }

  // A pod using `claim`, already scheduled to `node` if given.
  static Json PodWithClaim(const std::string& name, const std::string& claim,
                           const std::string& node) {
    Json pod = {
        {"apiVersion", "v1"},
        {"kind", "Pod"},
        {"metadata", {{"name", name}}},
        {"spec",
         {{"containers", {{{"name", "c"}, {"image", "busybox:1"}}}},
          {"volumes", {{{"name", "data"}, {"persistentVolumeClaim", {{"claimName", claim}}}}}}}}};
    if (!node.empty()) pod["spec"]["nodeName"] = node;
    return pod;
  }

  static Json StorageClass(const std::string& name, const std::string& provisioner,
                           const std::string& policy = "Delete",
                           const std::string& binding = "Immediate") {
    return {{"apiVersion", "storage.k8s.io/v1"}, {"kind", "StorageClass"},
            {"metadata", {{"name", name}}},      {"provisioner", provisioner},
            {"reclaimPolicy", policy},           {"volumeBindingMode", binding}};
  }

 private:
  client::testing::TestCluster cluster_;
  std::unique_ptr<client::Client> client_;
  std::unique_ptr<client::SharedInformerFactory> informers_;
  std::unique_ptr<client::EventBroadcaster> events_;
};

}  // namespace stead::controllers::testing
