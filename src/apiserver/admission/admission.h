// Mutating admission on create: the upstream admission plugins stead runs
// inside ResourceStore::Create, after defaulting and before validation (where
// kube-apiserver runs its mutating admission chain). Each plugin is a
// function of the new object and of what the watch cache currently holds;
// plugins see every create, dry runs included, and act only on their kinds:
//   * DefaultStorageClass          (default_storage_class.h)
//   * StorageObjectInUseProtection (storage_object_in_use_protection.h)
//
// An error rejects the create with that status. Thread-safe: plugins keep no
// state of their own.
#pragma once

#include <string_view>
#include <vector>

#include "api/registry.h"
#include "api/resource.h"
#include "core/json.h"
#include "core/status.h"
#include "store/watch_cache.h"

namespace stead::apiserver::admission {

// What a plugin may read: the objects in the watch cache (the API server's
// own consistent view, like upstream's admission informers).
class AdmissionContext {
 public:
  // Both must outlive the context.
  AdmissionContext(const api::ResourceRegistry& registry, const store::WatchCache& cache)
      : registry_(registry), cache_(cache) {}

  // Every object of a served type, in all namespaces, in key order; empty if
  // the type is not served.
  std::vector<store::ObjectPtr> List(std::string_view group, std::string_view plural) const;

 private:
  const api::ResourceRegistry& registry_;
  const store::WatchCache& cache_;
};

// Runs every plugin on `obj`, a new object of `type`, in upstream's order.
Status AdmitCreate(const api::ResourceType& type, Json& obj, const AdmissionContext& context);

}  // namespace stead::apiserver::admission
