// Which pods a ReplicaSet deletes first when it has too many
// (getPodsToDelete and controller.ActivePodsWithRanks upstream, with the
// PodDeletionCost and LogarithmicScaleDown features on, as in 1.32). A pod
// ranks lower — and goes first — when, in this order of precedence, it is
//   1. not assigned to a node (and the other is),
//   2. in an earlier phase: Pending < Unknown < Running,
//   3. not ready (and the other is),
//   4. of lower controller.kubernetes.io/pod-deletion-cost,
//   5. on a node with more active pods of the related set (doubled up),
//   6. ready for a shorter time (compared on a log2 scale of the age, ties
//      broken by UID),
//   7. restarted more often (regular containers, then sidecars),
//   8. newer (log2 scale of the age again, ties broken by UID).
//
// Pure functions over pod JSON.
#pragma once

#include <vector>

#include "core/clock.h"
#include "core/json.h"

namespace stead::controllers::replicaset {

inline constexpr char kPodDeletionCostAnnotation[] = "controller.kubernetes.io/pod-deletion-cost";

// ActivePodsWithRanks.Less: `rank_*` is the number of related active pods
// on the pod's node.
bool PodDeletesBefore(const Json& a, int rank_a, const Json& b, int rank_b, SystemTime now);

// getPodsToDelete: the first `diff` of `pods` in deletion order (no sorting
// when all of them go). `related` are the pods whose co-location counts
// (the set's own pods, and those of sibling sets of the same Deployment).
std::vector<const Json*> PodsToDelete(const std::vector<const Json*>& pods,
                                      const std::vector<const Json*>& related, size_t diff,
                                      SystemTime now);

}  // namespace stead::controllers::replicaset
