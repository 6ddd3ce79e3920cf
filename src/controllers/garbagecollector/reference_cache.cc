#include "controllers/garbagecollector/reference_cache.h"

namespace stead::controllers::garbagecollector {

void ReferenceCache::Add(const ObjectReference& ref) {
  std::string key = ref.Key();
  std::lock_guard<std::mutex> lock(mu_);
  if (auto it = index_.find(key); it != index_.end()) {
    order_.splice(order_.begin(), order_, it->second);
    return;
  }
  order_.push_front(key);
  index_.emplace(std::move(key), order_.begin());
  if (order_.size() > capacity_) {
    index_.erase(order_.back());
    order_.pop_back();
  }
}

bool ReferenceCache::Has(const ObjectReference& ref) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = index_.find(ref.Key());
  if (it == index_.end()) return false;
  order_.splice(order_.begin(), order_, it->second);
  return true;
}

}  // namespace stead::controllers::garbagecollector
