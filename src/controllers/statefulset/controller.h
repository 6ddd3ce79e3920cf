// The StatefulSet controller: the thin I/O shell around the reconcile core
// (reconcile.h). It keeps informers on StatefulSets, Pods (indexed by their
// controller's UID), ControllerRevisions and PersistentVolumeClaims, turns
// their events into set keys (R1), and for each key gathers an Observed
// from the caches, asks the core for a Plan and executes it through the
// client in order: a failed setup write (adoption, revision) ends the sync;
// a failed pod/claim write ends the loop but the status is still written
// (retrying conflicts) and history truncated; then the sync is retried with
// back-off. Events go through the "statefulset-controller" recorder.
//
// Read-your-writes (R1b): after executing a plan the controller remembers
// the resource versions of its writes for that set; a later sync of the set
// waits (requeues briefly) until every informer has caught up with them, so
// a lagging cache can never make it create, delete or renumber twice.
//
// Made by NewStatefulSetController; the manager starts and syncs the shared
// informers before Start(). Thread-safe; `workers` syncs run in parallel
// but never two for the same set.
#pragma once

#include <memory>

#include "controllers/context.h"

namespace stead::controllers {

struct StatefulSetControllerOptions {
  // Upstream's --concurrent-statefulset-syncs.
  int workers = 5;
};

// Name "statefulset-controller".
std::unique_ptr<RunnableController> NewStatefulSetController(
    const ControllerContext& context, StatefulSetControllerOptions options = {});

}  // namespace stead::controllers
