// What the controllers writing EndpointSlices (the EndpointSlice and the
// EndpointSliceMirroring controller) share around their EndpointSliceTracker
// (upstream: the onEndpointSlice* handlers and finalize of both):
//
//   * ManagedSliceHandler: the slice informer handler. A slice the
//     controller manages (endpointslice.kubernetes.io/managed-by) queues the
//     key of its kubernetes.io/service-name label unless it is the
//     controller's own write coming back; a changed service-name label
//     queues both keys (labels do not bump the generation); a change of
//     managed-by queues it; a deletion the controller did not make queues it;
//   * StaleCacheBackoff: how soon to look again while the slice cache lags
//     behind the controller's own writes: 20ms, doubling up to ~1.3s (the
//     cache normally catches up at once, and a slice that never shows up,
//     say relabelled away, must not make the controller spin);
//   * SliceSyncRateLimiter: the work queue's retry back-off, 1s·2^n up to
//     `max_backoff` (a sync can rewrite many slices, so failures back off
//     harder than the default's 5ms), within 10 qps / burst 100;
//   * WriteSlices: carries out a plan — creates, then updates, then
//     deletes, stopping at the first failure — recording each write in the
//     tracker. Creates failing in a terminating namespace end the sync
//     without an error; a slice already gone counts as deleted.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "client/client.h"
#include "client/informer.h"
#include "client/rate_limiter.h"
#include "controllers/endpointslice/endpoint_slice_tracker.h"
#include "core/status.h"

namespace stead::controllers::endpointslice {

// `enqueue` takes the "ns/name" key of a slice's service-name label; `log_name`
// names the controller in logs. `tracker` must outlive the handler.
client::ResourceEventHandler ManagedSliceHandler(EndpointSliceTracker& tracker,
                                                 std::string managed_by, std::string log_name,
                                                 std::function<void(const std::string&)> enqueue);

class StaleCacheBackoff {
 public:
  std::chrono::milliseconds Next(const std::string& key);
  void Forget(const std::string& key);

 private:
  std::mutex mu_;
  std::map<std::string, int> retries_;  // guarded by mu_
};

std::unique_ptr<client::RateLimiter> SliceSyncRateLimiter(const Clock* clock,
                                                          std::chrono::seconds max_backoff);

struct SliceWrites {
  std::vector<Json> creates;  // metadata.generateName set
  std::vector<Json> updates;
  std::vector<Json> deletes;
};

// `owner` names what the slices are for in errors ("Service ns/name").
// `changed` is called with "create", "update" or "delete" per write done.
Status WriteSlices(client::Client& client, const api::ResourceType& slice_type,
                   EndpointSliceTracker& tracker, const std::string& ns, const std::string& owner,
                   SliceWrites& writes, const std::function<void(const char*)>& changed);

}  // namespace stead::controllers::endpointslice
