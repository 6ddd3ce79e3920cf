// ReferenceCache: a bounded LRU set of object references, used by the
// garbage collector to remember owners the API server said do not exist
// (upstream's absentOwnerCache), so that the dependents of a deleted owner
// do not each look it up again. Thread-safe.
#pragma once

#include <cstddef>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>

#include "controllers/garbagecollector/object_reference.h"

namespace stead::controllers::garbagecollector {

class ReferenceCache {
 public:
  explicit ReferenceCache(size_t capacity) : capacity_(capacity) {}

  void Add(const ObjectReference& ref);
  // Also marks the entry as recently used.
  bool Has(const ObjectReference& ref);

 private:
  const size_t capacity_;
  std::mutex mu_;
  std::list<std::string> order_;  // guarded by mu_: most recently used first
  std::unordered_map<std::string, std::list<std::string>::iterator> index_;  // guarded by mu_
};

}  // namespace stead::controllers::garbagecollector
