#include "controllers/volume/versioned_cache.h"

#include <charconv>

#include "client/object_key.h"

namespace stead::controllers::volume {

namespace {

int64_t Version(const Json& obj) {
  std::string rv = MetaResourceVersion(obj);
  int64_t v = 0;
  std::from_chars(rv.data(), rv.data() + rv.size(), v);
  return v;
}

}  // namespace

bool VersionedCache::StoreIfNotOlder(const store::ObjectPtr& obj) {
  std::string key = client::MetaNamespaceKey(*obj);
  std::lock_guard<std::mutex> lock(mu_);
  auto it = items_.find(key);
  if (it != items_.end() && Version(*it->second) > Version(*obj)) return false;
  items_[key] = obj;
  return true;
}

store::ObjectPtr VersionedCache::Get(const std::string& key) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = items_.find(key);
  return it == items_.end() ? nullptr : it->second;
}

void VersionedCache::Remove(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  items_.erase(key);
}

std::vector<store::ObjectPtr> VersionedCache::List() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<store::ObjectPtr> out;
  out.reserve(items_.size());
  for (const auto& [_, obj] : items_) out.push_back(obj);
  return out;
}

}  // namespace stead::controllers::volume
