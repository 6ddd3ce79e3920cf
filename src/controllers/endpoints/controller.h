// The Endpoints controller (upstream pkg/controller/endpoint): keeps the
// legacy core/v1 Endpoints object named after every Service with a selector
// (endpoints_plan.h computes it). The I/O shell:
//
//   * informers on Services, Pods and Endpoints; work-queue keys are
//     Service keys. Service events queue it; pod events queue the Services
//     selecting the pod when something an address shows changed (shared
//     rules with the EndpointSlice controller, pod_endpoints.h); a deleted
//     Endpoints object queues its key, so it is recreated;
//   * on start every existing Endpoints is queued once, so the Endpoints of
//     Services deleted while the controller was down are removed;
//   * a deleted Service's Endpoints is deleted; Services without a selector
//     (e.g. default/kubernetes) and ExternalName Services are left alone;
//   * after an update the replaced resourceVersion is remembered, after a
//     create the fact that the object exists: a cache still showing the old
//     version (or nothing) is stale and the sync looks again shortly, so a
//     lagging informer never makes the controller write twice.
//
// Failed writes are retried with back-off and reported as
// FailedToCreateEndpoint / FailedToUpdateEndpoint Warning events (source
// "endpoint-controller").
#pragma once

#include <memory>

#include "controllers/context.h"

namespace stead::controllers {

struct EndpointsControllerOptions {
  // Upstream's --concurrent-endpoint-syncs.
  int workers = 5;
};

// Name "endpoints-controller".
std::unique_ptr<RunnableController> NewEndpointsController(const ControllerContext& context,
                                                           EndpointsControllerOptions options = {});

}  // namespace stead::controllers
