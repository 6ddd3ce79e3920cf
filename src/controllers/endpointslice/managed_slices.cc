#include "controllers/endpointslice/managed_slices.h"

#include <algorithm>

#include "client/object_key.h"
#include "controllers/endpointslice/pod_endpoints.h"
#include "controllers/endpointslice/reconciler.h"
#include "controllers/framework/namespace_terminating.h"
#include "core/log.h"

namespace stead::controllers::endpointslice {
namespace {

constexpr auto kStaleRetry = std::chrono::milliseconds(20);

Status WriteError(const Status& s, const std::string& what) {
  return Status(s.http_code(), s.reason(), what + ": " + s.message());
}

}  // namespace

client::ResourceEventHandler ManagedSliceHandler(EndpointSliceTracker& tracker,
                                                 std::string managed_by, std::string log_name,
                                                 std::function<void(const std::string&)> enqueue) {
  auto managed = [managed_by](const Json& slice) {
    return GetString(slice, {"metadata", "labels", kLabelManagedBy}) == managed_by;
  };
  auto queue = [log_name, enqueue](const Json& slice) {
    std::string key = ServiceKeyForSlice(slice);
    if (key.empty()) {
      LOG_WARN(log_name, "EndpointSlice missing kubernetes.io/service-name label",
               {{"endpointSlice", client::MetaNamespaceKey(slice)}});
      return;
    }
    enqueue(key);
  };
  client::ResourceEventHandler h;
  h.on_add = [&tracker, managed, queue](const client::ObjectPtr& slice) {
    if (managed(*slice) && tracker.ShouldSync(*slice)) queue(*slice);
  };
  h.on_update = [&tracker, managed, queue](const client::ObjectPtr& old_slice,
                                           const client::ObjectPtr& slice) {
    if (GetString(*old_slice, {"metadata", "labels", kLabelServiceName}) !=
        GetString(*slice, {"metadata", "labels", kLabelServiceName})) {
      queue(*slice);
      queue(*old_slice);
      return;
    }
    if (managed(*old_slice) != managed(*slice) || (managed(*slice) && tracker.ShouldSync(*slice))) {
      queue(*slice);
    }
  };
  h.on_delete = [&tracker, managed, queue](const client::ObjectPtr& slice) {
    if (managed(*slice) && tracker.Has(*slice) && !tracker.HandleDeletion(*slice)) queue(*slice);
  };
  return h;
}

std::chrono::milliseconds StaleCacheBackoff::Next(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  int n = std::min(retries_[key]++, 6);
  return kStaleRetry * (1 << n);
}

void StaleCacheBackoff::Forget(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  retries_.erase(key);
}

std::unique_ptr<client::RateLimiter> SliceSyncRateLimiter(const Clock* clock,
                                                          std::chrono::seconds max_backoff) {
  std::vector<std::unique_ptr<client::RateLimiter>> limiters;
  limiters.push_back(
      client::NewItemExponentialFailureRateLimiter(std::chrono::seconds(1), max_backoff));
  limiters.push_back(client::NewBucketRateLimiter(10, 100, clock));
  return client::NewMaxOfRateLimiter(std::move(limiters));
}

Status WriteSlices(client::Client& client, const api::ResourceType& slice_type,
                   EndpointSliceTracker& tracker, const std::string& ns, const std::string& owner,
                   SliceWrites& writes, const std::function<void(const char*)>& changed) {
  for (Json& slice : writes.creates) {
    auto created = client.Create(slice_type, ns, std::move(slice));
    if (!created.ok()) {
      // Creates keep failing in a terminating namespace: drop the item.
      if (IsNamespaceTerminating(created.status())) return Status::OK();
      return WriteError(created.status(), "failed to create EndpointSlice for " + owner);
    }
    tracker.Update(*created);
    changed("create");
  }
  for (Json& slice : writes.updates) {
    std::string name = MetaName(slice);
    auto updated = client.Update(slice_type, ns, std::move(slice));
    if (!updated.ok()) {
      return WriteError(updated.status(),
                        "failed to update " + name + " EndpointSlice for " + owner);
    }
    tracker.Update(*updated);
    changed("update");
  }
  for (const Json& slice : writes.deletes) {
    client::DeleteOptions options;
    auto deleted = client.Delete(slice_type, ns, MetaName(slice), options);
    if (!deleted.ok() && !deleted.status().IsNotFound()) {
      return WriteError(deleted.status(),
                        "failed to delete " + MetaName(slice) + " EndpointSlice for " + owner);
    }
    if (deleted.ok()) {
      tracker.ExpectDeletion(slice);
      changed("delete");
    }
  }
  return Status::OK();
}

}  // namespace stead::controllers::endpointslice
