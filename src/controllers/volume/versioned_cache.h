// VersionedCache: the newest version the PV controller knows of each volume
// or claim — the informer's, or the controller's own last write when the
// informer has not caught up with it yet. Binding writes four objects in a
// row (volume spec and status, claim spec and status); reading them back from
// a lagging informer would make the controller redo what it just did and
// fail on conflicts. Upstream keeps the same cache for the same reason.
// Keys are client::MetaNamespaceKey. Thread-safe.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "store/watch_cache.h"

namespace stead::controllers::volume {

class VersionedCache {
 public:
  // Stores `obj` unless the cache holds a newer resourceVersion of it; a
  // version equal to the cached one is stored again (resyncs pass). Returns
  // whether it was stored.
  bool StoreIfNotOlder(const store::ObjectPtr& obj);
  store::ObjectPtr Get(const std::string& key) const;
  void Remove(const std::string& key);
  // Every object, in key order.
  std::vector<store::ObjectPtr> List() const;

 private:
  mutable std::mutex mu_;
  std::map<std::string, store::ObjectPtr> items_;  // guarded by mu_
};

}  // namespace stead::controllers::volume
