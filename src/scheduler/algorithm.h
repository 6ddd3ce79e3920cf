// The scheduling decision for one pod, as a pure function of the pod and
// the cache's node view: upstream kube-scheduler's default profile reduced to
// the plugins stead needs, with upstream's reasons and messages.
//
// Filters, in upstream's order, stopping at a node's first failure:
//   NodeUnschedulable  "node(s) were unschedulable"
//   TaintToleration    "node(s) had untolerated taint {key: value}"
//                      (NoSchedule/NoExecute; node conditions count as the
//                      taints the node lifecycle controller would add)
//   NodeAffinity       "node(s) didn't match Pod's node affinity/selector"
//                      (nodeSelector + required node affinity; matchFields
//                      metadata.name narrows the candidates first)
//   NodePorts          "node(s) didn't have free ports for the requested pod ports"
//   NodeResourcesFit   "Too many pods", "Insufficient cpu|memory|ephemeral-storage|<name>"
//   VolumeBinding      "node(s) had volume node affinity conflict" (node
//                      affinity of the volumes the pod's claims are bound to)
// Scores (higher wins; ties go to the node whose name sorts first):
//   least allocated cpu/memory (weight 1), spreading of pods with the same
//   controller owner (2), preferred node affinity (2), untolerated
//   PreferNoSchedule taints (3).
// When no node fits, the message is upstream's FitError text followed by
// the (never-preempting) PostFilter's, e.g.
//   0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't match
//   Pod's node affinity/selector. preemption: 0/3 nodes are available: 1 No
//   preemption victims found for incoming pod, 2 Preemption is not helpful
//   for scheduling.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/json.h"
#include "scheduler/cache.h"

namespace stead::scheduler {

// What the scheduler found out about the pod's volumes before the cycle.
struct VolumeConstraints {
  // Non-empty: the pod cannot be placed anywhere until this changes
  // (`persistentvolumeclaim "x" not found`, `pod has unbound immediate
  // PersistentVolumeClaims`, ...).
  std::string rejection;
  // nodeSelectorTerms of each volume bound to one of the pod's claims.
  std::vector<Json> node_affinities;
  // A claim is bound to a volume that does not exist.
  bool missing_volume = false;
};

struct ScheduleDecision {
  std::string node;     // the chosen node; empty when the pod does not fit
  std::string message;  // why not (the PodScheduled condition's message)
};

inline constexpr char kNoNodesAvailable[] = "no nodes available to schedule pods";

ScheduleDecision Schedule(const Json& pod, const PlacedPod& placed,
                          const VolumeConstraints& volumes,
                          const std::map<std::string, NodeInfo>& nodes);

}  // namespace stead::scheduler
