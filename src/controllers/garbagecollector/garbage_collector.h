// The garbage collector (upstream pkg/controller/garbagecollector): deletes
// objects whose owners are all gone, and carries out the foreground and
// orphan deletion the API server asks for through finalizers.
//
//   * Background: an owner deleted outright leaves dependents whose
//     ownerReferences name a uid that no longer exists. Each is checked
//     against the API server (a live GET of every owner); if all its owners
//     are absent it is deleted (Background, or Foreground if an owner was
//     being deleted in the foreground and the dependent has dependents of
//     its own); if some owner is alive, only the dangling references are
//     removed.
//   * Foreground: an owner with deletionTimestamp and the
//     "foregroundDeletion" finalizer stays until every dependent that blocks
//     it (blockOwnerDeletion: true) is gone — they are deleted in the
//     foreground too — and then loses the finalizer, which deletes it.
//   * Orphan: an owner with deletionTimestamp and the "orphan" finalizer has
//     its uid removed from its dependents' ownerReferences, then loses the
//     finalizer.
//
// The dependency graph (graph.h) is built from informers on every served
// kind except events, fed through one graph-builder thread. Workers take
// uids from two rate-limited queues, attempt-to-delete and
// attempt-to-orphan, and act through the client; failures are retried with
// backoff. Dependents of owners that vanished while the server was down are
// found when the informers first list them.
//
// Metrics: garbagecollector_controller_resources_sync_error_total (the
// informers did not sync in time), garbagecollector_controller_graph_nodes,
// garbagecollector_controller_deleted_total{propagation_policy} and
// garbagecollector_controller_orphaned_total, besides the workqueue_* and
// controller_reconcile_* families of the two queues.
#pragma once

#include <chrono>
#include <memory>

#include "controllers/context.h"

namespace stead::controllers {

struct GarbageCollectorOptions {
  // Workers per queue.
  int workers = 2;
  // How long the workers wait for the informers' initial lists before
  // collecting anyway (upstream: initialSyncTimeout).
  std::chrono::milliseconds initial_sync_timeout{std::chrono::seconds(30)};
};

std::unique_ptr<RunnableController> NewGarbageCollector(const ControllerContext& context);
std::unique_ptr<RunnableController> NewGarbageCollector(const ControllerContext& context,
                                                        GarbageCollectorOptions options);

}  // namespace stead::controllers
