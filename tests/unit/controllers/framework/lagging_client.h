// LaggingClient: a Client wrapper for controller tests. It can hold back
// the watch events of chosen resources, so that a controller's caches lag
// behind its own writes on purpose; it counts successful creates and the
// creates refused with AlreadyExists; and it can make the creates of a
// resource fail with a given error (a quota or admission refusal).
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "client/client.h"

namespace stead::controllers {

class LaggingClient final : public client::Client {
 public:
  explicit LaggingClient(client::Client* inner) : inner_(inner) {}

  // Events of `plural` are queued until Release().
  void Hold(const std::string& plural) {
    std::lock_guard<std::mutex> lock(mu_);
    held_.insert(plural);
  }
  void Release() {
    std::vector<std::pair<client::WatchSink, client::WatchEvent>> queued;
    {
      std::lock_guard<std::mutex> lock(mu_);
      held_.clear();
      queued.swap(queued_);
    }
    for (auto& [sink, event] : queued) sink(event);
  }
  // Creates of `plural` fail with `error` until ClearFailure().
  void FailCreates(const std::string& plural, Status error) {
    std::lock_guard<std::mutex> lock(mu_);
    failures_[plural] = std::move(error);
  }
  void ClearFailure() {
    std::lock_guard<std::mutex> lock(mu_);
    failures_.clear();
  }
  int already_exists() const { return already_exists_; }
  int attempts(const std::string& plural) {
    std::lock_guard<std::mutex> lock(mu_);
    return attempts_[plural];
  }
  int creates(const std::string& plural) {
    std::lock_guard<std::mutex> lock(mu_);
    return creates_[plural];
  }

  const api::ResourceRegistry& registry() const override { return inner_->registry(); }
  const std::string& name() const override { return inner_->name(); }
  Result<client::ObjectPtr> Get(const api::ResourceType& type, const std::string& ns,
                                const std::string& name) override {
    return inner_->Get(type, ns, name);
  }
  Result<client::ListResult> List(const api::ResourceType& type, const std::string& ns,
                                  const client::ListOptions& options) override {
    return inner_->List(type, ns, options);
  }
  Result<Json> Create(const api::ResourceType& type, const std::string& ns, Json obj,
                      const client::WriteOptions& options) override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++attempts_[type.plural];
      if (auto it = failures_.find(type.plural); it != failures_.end()) return it->second;
    }
    auto r = inner_->Create(type, ns, std::move(obj), options);
    if (r.status().IsAlreadyExists()) ++already_exists_;
    if (r.ok()) {
      std::lock_guard<std::mutex> lock(mu_);
      ++creates_[type.plural];
    }
    return r;
  }
  Result<Json> Update(const api::ResourceType& type, const std::string& ns, Json obj,
                      const client::WriteOptions& options, client::Subresource sub) override {
    return inner_->Update(type, ns, std::move(obj), options, sub);
  }
  Result<Json> Patch(const api::ResourceType& type, const std::string& ns, const std::string& name,
                     client::PatchKind kind, std::string_view body,
                     const client::WriteOptions& options, client::Subresource sub) override {
    return inner_->Patch(type, ns, name, kind, body, options, sub);
  }
  Result<client::DeleteResult> Delete(const api::ResourceType& type, const std::string& ns,
                                      const std::string& name,
                                      const client::DeleteOptions& options) override {
    return inner_->Delete(type, ns, name, options);
  }
  Result<client::ListResult> DeleteCollection(const api::ResourceType& type, const std::string& ns,
                                              const client::ListOptions& list_options,
                                              const client::DeleteOptions& options) override {
    return inner_->DeleteCollection(type, ns, list_options, options);
  }
  Result<std::unique_ptr<client::WatchStream>> Watch(const api::ResourceType& type,
                                                     const std::string& ns,
                                                     const client::ListOptions& options,
                                                     client::WatchSink sink) override {
    std::string plural = type.plural;
    return inner_->Watch(type, ns, options, [this, plural, sink](const client::WatchEvent& e) {
      {
        std::lock_guard<std::mutex> lock(mu_);
        if (held_.count(plural)) {
          queued_.emplace_back(sink, e);
          return;
        }
      }
      sink(e);
    });
  }
  Result<Json> GetScale(const api::ResourceType& type, const std::string& ns,
                        const std::string& name) override {
    return inner_->GetScale(type, ns, name);
  }
  Result<Json> UpdateScale(const api::ResourceType& type, const std::string& ns,
                           const std::string& name, Json scale,
                           const client::WriteOptions& options) override {
    return inner_->UpdateScale(type, ns, name, std::move(scale), options);
  }
  Status BindPod(const std::string& ns, const std::string& name, Json binding,
                 const client::WriteOptions& options) override {
    return inner_->BindPod(ns, name, std::move(binding), options);
  }

 private:
  client::Client* const inner_;
  std::atomic<int> already_exists_{0};
  std::mutex mu_;
  std::set<std::string> held_;                                            // guarded by mu_
  std::vector<std::pair<client::WatchSink, client::WatchEvent>> queued_;  // guarded by mu_
  std::map<std::string, int> creates_;                                    // guarded by mu_
  std::map<std::string, int> attempts_;                                   // guarded by mu_
  std::map<std::string, Status> failures_;                                // guarded by mu_
};

}  // namespace stead::controllers
