// The EndpointSlice controller (upstream pkg/controller/endpointslice): for
// every Service with a selector it keeps discovery.k8s.io/v1 EndpointSlices
// listing the pods the selector matches, as the reconciler (reconciler.h)
// plans them. The thin I/O shell around that core:
//
//   * informers on Services, Pods, Nodes and EndpointSlices; work-queue keys
//     are Service keys. A Service event queues it; a pod event queues the
//     Services selecting the pod, and only when something an endpoint shows
//     changed (pod_endpoints.h), so a readiness flip reaches the slices
//     within milliseconds; a slice event queues its Service (after 1s, as
//     upstream's endpointSliceChangeMinSyncDelay) unless it is the
//     controller's own write coming back (EndpointSliceTracker);
//   * a sync reads the caches, refuses to act on slices older than its own
//     last writes (looks again 20ms later, doubling up to ~1.3s while the
//     cache stays behind), computes the trigger time, asks the reconciler
//     for a plan and runs it: creates, updates, deletes, recording each
//     write in the tracker;
//   * Services without a selector and ExternalName Services are left alone;
//     the slices of a deleted Service go with it through their owner
//     reference (garbage collector).
//
// Failures are retried with upstream's back-off (1s·2^n up to 1000s) and
// reported as FailedToUpdateEndpointSlices Warning events on the Service
// (source "endpoint-slice-controller"). Metrics as upstream's
// endpoint_slice_controller_* (changes, syncs, endpoints added/removed and
// slices changed per sync; gauges of desired endpoints, slices, slices with
// perfect packing, and Services by trafficDistribution).
#pragma once

#include <memory>

#include "controllers/context.h"
#include "controllers/endpointslice/reconciler.h"

namespace stead::controllers {

struct EndpointSliceControllerOptions {
  // Upstream's --concurrent-service-endpoint-syncs.
  int workers = 5;
  // Upstream's --max-endpoints-per-slice.
  int max_endpoints_per_slice = endpointslice::kDefaultMaxEndpointsPerSlice;
};

// Name "endpointslice-controller".
std::unique_ptr<RunnableController> NewEndpointSliceController(
    const ControllerContext& context, EndpointSliceControllerOptions options = {});

}  // namespace stead::controllers
