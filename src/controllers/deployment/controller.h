// The Deployment controller (k8s.io/kubernetes pkg/controller/deployment):
// the thin I/O shell around the rollout logic (rollout.h). It keeps
// informers on Deployments, ReplicaSets and Pods, turns their events into
// Deployment keys as upstream does, and for each key
//   * refuses a Deployment that selects everything (SelectingAll event);
//   * claims ReplicaSets — adopting orphans that match the selector,
//     releasing owned ones that stopped matching (framework/adoption.h);
//   * groups the Deployment's pods by ReplicaSet (for Recreate);
//   * runs one Rollout whose writes go through the in-process client and
//     whose events go through the "deployment-controller" recorder.
// A sync that follows one of its own writes of the Deployment waits until
// the cache shows that write (read-your-writes), so it never acts on the
// version it has just replaced (upstream then fails on a conflict and
// retries). A status write carries the revision annotations too, as
// upstream's (the deployments/status strategy lets annotations through).
//
// Made by NewDeploymentController; the manager starts and syncs the shared
// informers before Start(). Thread-safe; `workers` syncs run in parallel,
// never two for the same Deployment.
#pragma once

#include <memory>

#include "controllers/context.h"

namespace stead::controllers {

struct DeploymentControllerOptions {
  // Upstream's --concurrent-deployment-syncs.
  int workers = 5;
};

// Name "deployment-controller".
std::unique_ptr<RunnableController> NewDeploymentController(
    const ControllerContext& context, DeploymentControllerOptions options = {});

}  // namespace stead::controllers
