// The StatefulSet reconcile core: one sync of upstream's StatefulSet
// controller (pkg/controller/statefulset, Kubernetes 1.32 plus the later
// fixes listed in STATEFULSET-SPEC.md: U5 1.37 maxUnavailable, U6 OnDelete
// promotion, U10, U12, S9) as a pure function from what the caches show to
// what the controller must do. See plan.h for the shape of both.
//
// Reconcile() is deterministic: no clock reads (Observed::now is the
// time), no randomness, no I/O. Because upstream's loop stops at "block"
// points (R7, R8), the plan holds exactly what one upstream sync would do
// given the same state: e.g. an OrderedReady set gets at most one pod
// creation per plan; the next one is planned after the caches show the
// effect of this one.
//
// Deliberate differences from upstream, all invisible to clients:
//   * a claim created by the plan carries its retention-policy owner
//     references from the start (upstream adds them in a later sync);
//   * within one plan a pod is deleted at most once, and the update phase
//     never deletes a pod the same plan creates;
//   * in Parallel mode a pod created by the plan is not re-checked for
//     invariants in the same plan (upstream re-checks it against a cache
//     that cannot have seen it yet);
//   * the stuck roll-out rule (stuck_rollout.h), beyond upstream.
#pragma once

#include "controllers/statefulset/plan.h"

namespace stead::controllers::statefulset {

Plan Reconcile(const Observed& observed);

}  // namespace stead::controllers::statefulset
