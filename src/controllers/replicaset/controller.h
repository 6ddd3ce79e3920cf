// The ReplicaSet controller (k8s.io/kubernetes pkg/controller/replicaset):
// keeps spec.replicas active pods for every ReplicaSet.
//
// Each sync of a set
//   1. claims pods: adopts orphans matching the selector, releases owned
//      pods that stopped matching (framework/adoption.h); pods that are
//      terminating, Succeeded or Failed do not count;
//   2. unless its expectations are pending or it is being deleted, creates
//      the missing pods ("<set>-" + 5 random characters, from the template,
//      with a controller reference) in slow-start batches, or deletes the
//      surplus ones in the order of pod_ranking.h — at most 500 per sync;
//   3. writes the status (status.h), a ReplicaFailure condition included
//      when a create or delete failed, and looks again after minReadySeconds
//      when pods are ready but not yet available.
// Expectations (framework/expectations.h) stop a sync from acting on a cache
// that has not yet seen its own creates and deletes, so pods are never
// created twice. Events SuccessfulCreate "Created pod: <name>",
// SuccessfulDelete "Deleted pod: <name>", FailedCreate "Error creating: ..."
// and FailedDelete "Error deleting: ..." go on the set through the
// "replicaset-controller" recorder.
//
// Made by NewReplicaSetController; the manager starts and syncs the shared
// informers before Start(). Thread-safe; `workers` syncs run in parallel,
// never two for the same set.
#pragma once

#include <memory>

#include "controllers/context.h"

namespace stead::controllers {

struct ReplicaSetControllerOptions {
  // Upstream's --concurrent-replicaset-syncs.
  int workers = 5;
  // BurstReplicas: creates or deletes of one sync.
  int burst_replicas = 500;
};

// Name "replicaset-controller".
std::unique_ptr<RunnableController> NewReplicaSetController(
    const ControllerContext& context, ReplicaSetControllerOptions options = {});

}  // namespace stead::controllers
