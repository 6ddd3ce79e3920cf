#include "controllers/framework/expectations.h"

#include "core/log.h"

namespace stead::controllers {

std::optional<ControllerExpectations::Expectations> ControllerExpectations::Get(
    const std::string& key) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = items_.find(key);
  if (it == items_.end()) return std::nullopt;
  return it->second;
}

void ControllerExpectations::Delete(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  items_.erase(key);
}

bool ControllerExpectations::SatisfiedExpectations(const std::string& key) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = items_.find(key);
  // A controller that never set expectations (e.g. after a restart) acts.
  if (it == items_.end()) return true;
  const Expectations& exp = it->second;
  if (exp.Fulfilled()) return true;
  return clock_->Now() - exp.timestamp > kExpectationsTimeout;
}

void ControllerExpectations::SetExpectations(const std::string& key, int64_t add, int64_t del) {
  std::lock_guard<std::mutex> lock(mu_);
  items_[key] = Expectations{add, del, clock_->Now()};
}

void ControllerExpectations::RaiseExpectations(const std::string& key, int64_t add, int64_t del) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = items_.find(key);
  if (it == items_.end()) return;
  it->second.add += add;
  it->second.del += del;
}

void ControllerExpectations::LowerExpectations(const std::string& key, int64_t add, int64_t del) {
  RaiseExpectations(key, -add, -del);
}

void UIDTrackingControllerExpectations::ExpectDeletions(
    const std::string& key, const std::vector<std::string>& deleted_keys) {
  std::set<std::string> expected(deleted_keys.begin(), deleted_keys.end());
  std::lock_guard<std::mutex> lock(mu_);
  if (auto it = uids_.find(key); it != uids_.end() && !it->second.empty()) {
    LOG_ERROR("expectations", "Clobbering existing delete keys", {{"controller", key}});
  }
  expectations_.ExpectDeletions(key, static_cast<int64_t>(expected.size()));
  uids_[key] = std::move(expected);
}

void UIDTrackingControllerExpectations::DeletionObserved(const std::string& key,
                                                         const std::string& deleted_key) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = uids_.find(key);
  if (it == uids_.end() || !it->second.erase(deleted_key)) return;
  expectations_.DeletionObserved(key);
}

std::set<std::string> UIDTrackingControllerExpectations::GetUIDs(const std::string& key) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = uids_.find(key);
  return it == uids_.end() ? std::set<std::string>() : it->second;
}

void UIDTrackingControllerExpectations::Delete(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  expectations_.Delete(key);
  uids_.erase(key);
}

}  // namespace stead::controllers
