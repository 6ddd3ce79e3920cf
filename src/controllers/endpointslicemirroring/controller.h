// The EndpointSliceMirroring controller (upstream pkg/controller/
// endpointslicemirroring): for every core/v1 Endpoints whose Service exists
// and has no selector, it keeps discovery.k8s.io/v1 EndpointSlices
// mirroring it, as the reconciler (reconciler.h) plans them, so that
// consumers of EndpointSlices only (the cluster DNS, the service proxy)
// see hand-written Endpoints too. The thin I/O shell around that core:
//
//   * informers on Endpoints, Services and EndpointSlices; work-queue keys
//     are Endpoints keys (= Service keys). An Endpoints event queues it when
//     it is (or was) to be mirrored (ShouldMirror); the add or delete of a
//     Service without a selector queues it, an update only when the Service
//     gains or loses its selector; a slice event queues its Endpoints unless
//     it is the controller's own write coming back (EndpointSliceTracker,
//     managed_slices.h);
//   * a sync deletes the mirrored slices when the Endpoints is gone, is
//     labelled endpointslice.kubernetes.io/skip-mirror=true or is a
//     leader-election lock, or when its Service is gone or has a selector
//     (the EndpointSlice controller then serves it); otherwise it refuses
//     to act on slices older than its own last writes (looks again 20ms
//     later, backing off), asks the reconciler for a plan and runs it.
//
// Warning events on the Endpoints (source "endpoint-slice-mirroring-
// controller"): InvalidIPAddress for addresses that are not IPs,
// TooManyAddressesToMirror when a subset has more addresses than mirrored.
// Failures are retried with upstream's back-off (1s·2^n up to 100s).
// Metrics as upstream's endpoint_slice_mirroring_controller_* (endpoints
// added/updated/removed and addresses skipped per sync, sync duration,
// changes; gauges of desired endpoints, slices, and slices with perfect
// packing).
#pragma once

#include <memory>

#include "controllers/context.h"
#include "controllers/endpointslicemirroring/reconciler.h"

namespace stead::controllers {

struct EndpointSliceMirroringControllerOptions {
  // Upstream's --mirroring-concurrent-service-endpoint-syncs.
  int workers = 5;
  // Upstream's --mirroring-max-endpoints-per-subset.
  int max_endpoints_per_subset = endpointslicemirroring::kDefaultMaxEndpointsPerSubset;
};

// Name "endpointslicemirroring-controller".
std::unique_ptr<RunnableController> NewEndpointSliceMirroringController(
    const ControllerContext& context, EndpointSliceMirroringControllerOptions options = {});

}  // namespace stead::controllers
