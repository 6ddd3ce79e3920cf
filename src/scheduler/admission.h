// The kubelet's pod admission (upstream pkg/kubelet/lifecycle predicate
// admit handler over scheduler.AdmissionCheck): before a node runs a pod
// bound to it — by the scheduler or directly through spec.nodeName — it
// checks the pod against the pods it already admitted. A rejected pod is
// never started; the kubelet marks it Failed with the reason and message
// returned here (status.message "Pod was rejected: <message>") and records a
// Warning event with them.
//
// Checks, first failure wins (upstream order):
//   resources   reason OutOfcpu / OutOfmemory / OutOfephemeral-storage /
//               OutOfpods / OutOf<name>, message "Node didn't have enough
//               resource: cpu, requested: 2000, used: 7000, capacity: 8000"
//   node affinity / nodeSelector    reason NodeAffinity
//   host ports                      reason NodePorts
//   untolerated NoExecute taints    reason TaintToleration
// with message "Predicate <reason> failed: <the scheduler filter's reason>".
#pragma once

#include <string>
#include <vector>

#include "core/json.h"

namespace stead::scheduler {

struct AdmissionResult {
  bool admit = true;
  std::string reason;
  std::string message;
};

// `admitted`: the non-terminal pods the node already runs (not `pod`),
// borrowed for the call (a node admits against all its pods on every new
// pod: they are not copied).
AdmissionResult AdmitPod(const Json& pod, const Json& node,
                         const std::vector<const Json*>& admitted);

// The status the kubelet writes for a pod it rejected.
Json RejectedPodStatus(const Json& pod, const AdmissionResult& rejection);

}  // namespace stead::scheduler
