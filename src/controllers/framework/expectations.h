// ControllerExpectations: what a controller has asked the API server to do
// but has not yet seen in its informer cache (upstream
// pkg/controller/controller_utils.go). A controller that creates N pods
// records ExpectCreations(key, N); its pod handlers call CreationObserved as
// the pods show up; until then SatisfiedExpectations(key) is false and the
// controller does not act again on its stale cache (which would create the
// pods twice). Expectations older than 5 minutes count as satisfied, so a
// lost event never wedges a controller.
//
// UIDTrackingControllerExpectations additionally remembers which objects a
// deletion expectation is for, so a deletion is counted once even if it is
// observed twice.
//
// Keys are the controller's object keys ("ns/name"). Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/clock.h"

namespace stead::controllers {

inline constexpr std::chrono::minutes kExpectationsTimeout{5};

class ControllerExpectations {
 public:
  struct Expectations {
    int64_t add = 0;
    int64_t del = 0;
    SystemTime timestamp{};
    bool Fulfilled() const { return add <= 0 && del <= 0; }
  };

  // `clock` must outlive the object.
  explicit ControllerExpectations(const Clock* clock) : clock_(clock) {}

  std::optional<Expectations> Get(const std::string& key) const;
  void Delete(const std::string& key);
  // True if there are no expectations for `key`, they are fulfilled, or they
  // expired.
  bool SatisfiedExpectations(const std::string& key) const;

  // Replaces the expectations of `key` (timestamped now).
  void SetExpectations(const std::string& key, int64_t add, int64_t del);
  void ExpectCreations(const std::string& key, int64_t adds) { SetExpectations(key, adds, 0); }
  void ExpectDeletions(const std::string& key, int64_t dels) { SetExpectations(key, 0, dels); }
  // Adjust existing expectations (no-op if there are none).
  void RaiseExpectations(const std::string& key, int64_t add, int64_t del);
  void LowerExpectations(const std::string& key, int64_t add, int64_t del);
  void CreationObserved(const std::string& key) { LowerExpectations(key, 1, 0); }
  void DeletionObserved(const std::string& key) { LowerExpectations(key, 0, 1); }

 private:
  const Clock* const clock_;
  mutable std::mutex mu_;
  std::map<std::string, Expectations> items_;  // guarded by mu_
};

class UIDTrackingControllerExpectations {
 public:
  explicit UIDTrackingControllerExpectations(const Clock* clock) : expectations_(clock) {}

  ControllerExpectations& expectations() { return expectations_; }
  bool SatisfiedExpectations(const std::string& key) const {
    return expectations_.SatisfiedExpectations(key);
  }
  void ExpectCreations(const std::string& key, int64_t adds) {
    expectations_.ExpectCreations(key, adds);
  }
  void CreationObserved(const std::string& key) { expectations_.CreationObserved(key); }

  // Expects the deletion of the objects with these keys ("ns/name").
  void ExpectDeletions(const std::string& key, const std::vector<std::string>& deleted_keys);
  // Counts the deletion of `deleted_key` once.
  void DeletionObserved(const std::string& key, const std::string& deleted_key);
  std::set<std::string> GetUIDs(const std::string& key) const;
  // Forgets the expectations and tracked objects of `key`.
  void Delete(const std::string& key);

 private:
  ControllerExpectations expectations_;
  mutable std::mutex mu_;
  std::map<std::string, std::set<std::string>> uids_;  // guarded by mu_
};

}  // namespace stead::controllers
