// FakeNft: an in-memory Nft for the proxy's unit tests. It records every
// script and table deletion, can be told to fail the next calls, and lets
// a test wait (wall-clock bounded) until a number of scripts has arrived.
// Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

#include "agent/proxy/nft.h"

namespace stead::agent::proxy::testing {

class FakeNft final : public Nft {
 public:
  Status Apply(const std::string& script) override {
    std::lock_guard<std::mutex> lock(mu_);
    ++attempts_;
    cv_.notify_all();
    if (fail_next_ > 0) {
      --fail_next_;
      return Status::Internal("nft -f: Error: Could not process rule: injected failure");
    }
    scripts_.push_back(script);
    table_exists_ = true;
    return Status::OK();
  }
  Status DeleteTable(const std::string& table) override {
    std::lock_guard<std::mutex> lock(mu_);
    deleted_tables_.push_back(table);
    table_exists_ = false;
    return Status::OK();
  }
  Result<std::string> ListTable(const std::string& table) override {
    std::lock_guard<std::mutex> lock(mu_);
    ++lists_;
    if (!table_exists_) return Status::NotFound("table ip " + table + " does not exist");
    return scripts_.empty() ? existing_ : scripts_.back();
  }

  // A table exists before the first Apply (left by an earlier run).
  void SetExisting(const std::string& text) {
    std::lock_guard<std::mutex> lock(mu_);
    table_exists_ = true;
    existing_ = text;
  }
  int lists() const {
    std::lock_guard<std::mutex> lock(mu_);
    return lists_;
  }
  void FailNext(int n) {
    std::lock_guard<std::mutex> lock(mu_);
    fail_next_ = n;
  }
  std::vector<std::string> scripts() const {
    std::lock_guard<std::mutex> lock(mu_);
    return scripts_;
  }
  std::string last() const {
    std::lock_guard<std::mutex> lock(mu_);
    return scripts_.empty() ? "" : scripts_.back();
  }
  int attempts() const {
    std::lock_guard<std::mutex> lock(mu_);
    return attempts_;
  }
  std::vector<std::string> deleted_tables() const {
    std::lock_guard<std::mutex> lock(mu_);
    return deleted_tables_;
  }
  // Waits until at least `n` Apply calls (successful or not) were made.
  bool WaitAttempts(int n, std::chrono::seconds timeout = std::chrono::seconds(20)) const {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return attempts_ >= n; });
  }

 private:
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  std::vector<std::string> scripts_;
  std::vector<std::string> deleted_tables_;
  std::string existing_;
  int attempts_ = 0;
  int lists_ = 0;
  int fail_next_ = 0;
  bool table_exists_ = false;
};

}  // namespace stead::agent::proxy::testing
