// TriggerTimeTracker: computes the endpoints.kubernetes.io/last-change-
// trigger-time annotation of a Service's EndpointSlices and Endpoints
// (upstream k8s.io/endpointslice/util TriggerTimeTracker).
//
// The trigger time of a pod is the lastTransitionTime of its Ready
// condition; of a Service, its creationTimestamp. Each sync reports the
// earliest trigger time that changed since the previous sync of that
// Service; the first sync of a Service reports its creationTimestamp;
// nullopt means "no new trigger" (the annotation is removed). Like
// upstream, a pod that changes twice between two syncs counts once.
//
// Thread-safe for different Services; one Service must not be computed
// concurrently (the work queue guarantees it).
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/json.h"

namespace stead::controllers::endpointslice {

class TriggerTimeTracker {
 public:
  std::optional<SystemTime> ComputeEndpointLastChangeTriggerTime(
      const Json& service, const std::vector<const Json*>& pods);
  void DeleteService(const std::string& ns, const std::string& name);

 private:
  struct ServiceState {
    std::optional<SystemTime> last_service_trigger;
    std::map<std::string, SystemTime> last_pod_triggers;  // by pod name
  };
  std::mutex mu_;
  std::map<std::string, ServiceState> states_;  // guarded by mu_; by "ns/name"
};

// RFC 3339 with nanoseconds in UTC, as Go's time.RFC3339Nano prints
// (trailing zeros of the fraction dropped).
std::string FormatRFC3339Nano(SystemTime t);

}  // namespace stead::controllers::endpointslice
