// TestCluster: the in-memory API stack every client and controller test runs
// against — a memory Store, its WatchCache, the built-in registry, a
// FakeClock and a ResourceStore — with the namespaces "default" and
// "kube-system", or (Bootstrapped) every object `stead server` creates at
// start (namespaces, the default StorageClass, the kubernetes and kube-dns
// Services, ...). Real REST semantics, no mocks, no network.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include "api/registry.h"
#include "apiserver/bootstrap.h"
#include "apiserver/resource_store.h"
#include "client/client.h"
#include "core/clock.h"
#include "store/memory/memory_store.h"
#include "store/watch_cache.h"

namespace stead::client::testing {

class TestCluster {
 public:
  enum class Objects { kNamespaces, kBootstrapped };

  explicit TestCluster(Objects objects = Objects::kNamespaces) {
    store_ = store::NewMemoryStore();
    auto cache = store::WatchCache::Start(store_.get(), {});
    EXPECT_TRUE(cache.ok()) << cache.status().ToString();
    cache_ = std::move(*cache);
    resources_ = std::make_unique<apiserver::ResourceStore>(
        store_.get(), cache_.get(), &api::ResourceRegistry::Builtin(), &clock_,
        apiserver::ResourceStore::Options{});
    client_ = std::make_unique<LocalClient>(resources_.get(), "test");
    if (objects == Objects::kBootstrapped) {
      Status s = apiserver::Bootstrap(*resources_, {});
      EXPECT_TRUE(s.ok()) << s.ToString();
    } else {
      for (const char* ns : {"default", "kube-system"}) CreateNamespace(ns);
    }
  }

  FakeClock& clock() { return clock_; }
  apiserver::ResourceStore& resources() { return *resources_; }
  // A client named "test".
  Client& client() { return *client_; }
  std::unique_ptr<Client> NewClient(std::string name) {
    return std::make_unique<LocalClient>(resources_.get(), std::move(name));
  }
  const api::ResourceType& Type(std::string_view group, std::string_view plural) {
    return client_->Type(group, plural);
  }

  void CreateNamespace(const std::string& name) {
    auto r = client_->Create(
        Type("", "namespaces"), "",
        {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", name}}}});
    EXPECT_TRUE(r.ok()) << r.status().ToString();
  }

  // A minimal valid ConfigMap (handy, kind-agnostic test object).
  Json CreateConfigMap(const std::string& ns, const std::string& name,
                       const std::map<std::string, std::string>& labels = {},
                       const std::string& value = "v") {
    Json cm = {{"apiVersion", "v1"},
               {"kind", "ConfigMap"},
               {"metadata", {{"name", name}, {"namespace", ns}}},
               {"data", {{"k", value}}}};
    if (!labels.empty()) cm["metadata"]["labels"] = labels;
    auto r = client().Create(Type("", "configmaps"), ns, cm);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : Json();
  }

 private:
  FakeClock clock_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<store::WatchCache> cache_;
  std::unique_ptr<apiserver::ResourceStore> resources_;
  std::unique_ptr<Client> client_;
};

// Polls `condition` until it holds or a generous wall-clock deadline passes;
// for waiting on other threads, never for asserting on timing.
inline bool Eventually(const std::function<bool()>& condition,
                       std::chrono::milliseconds deadline = std::chrono::seconds(20)) {
  auto until = std::chrono::steady_clock::now() + deadline;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

// Eventually, moving `clock` forward by `step` per poll, so that the delayed
// retries and resyncs of what runs on it come due without real waiting.
inline bool Converge(FakeClock& clock, const std::function<bool()>& condition,
                     std::chrono::milliseconds deadline = std::chrono::seconds(30),
                     std::chrono::milliseconds step = std::chrono::milliseconds(100)) {
  auto until = std::chrono::steady_clock::now() + deadline;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > until) return false;
    clock.Advance(step);
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

}  // namespace stead::client::testing
