// The pod predicates the workload controllers count with
// (k8s.io/kubernetes pkg/api/v1/pod and pkg/controller/controller_utils.go):
//   * active: not Succeeded, not Failed and not being deleted;
//   * ready: the Ready condition is True (whatever the phase);
//   * available: ready for longer than minReadySeconds, measured from the
//     Ready condition's lastTransitionTime.
//
// Pure functions over pod JSON.
#pragma once

#include <cstdint>

#include "core/clock.h"
#include "core/json.h"

namespace stead::controllers {

// controller.IsPodActive.
bool IsPodActive(const Json& pod);
// The Ready condition, or nullptr.
const Json* PodReadyCondition(const Json& pod);
// podutil.IsPodReady.
bool IsPodReady(const Json& pod);
// podutil.IsPodAvailable.
bool IsPodAvailable(const Json& pod, int64_t min_ready_seconds, SystemTime now);
// The time the pod became Ready (zero when it is not Ready).
SystemTime PodReadyTime(const Json& pod);

}  // namespace stead::controllers
