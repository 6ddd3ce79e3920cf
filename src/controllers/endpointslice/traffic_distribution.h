// Zone hints of EndpointSlice endpoints from a Service's
// spec.trafficDistribution (upstream k8s.io/endpointslice/trafficdist,
// Kubernetes 1.32 with ServiceTrafficDistribution on):
//   * `PreferClose` (unless topology-aware hints are asked for by the
//     service.kubernetes.io/topology-mode or the deprecated
//     topology-aware-hints annotation): each ready endpoint with a zone gets
//     hints.forZones [{name: <its zone>}], others none; unchanged slices
//     whose hints are missing or wrong are updated too;
//   * otherwise the slices being written carry no hints (slices not being
//     written are left as they are).
// Topology-aware hints themselves (the annotation's Auto mode, which
// weighs zones by node CPU) are not computed. Pure.
#pragma once

#include <vector>

#include "core/json.h"

namespace stead::controllers::endpointslice {

// spec.trafficDistribution is PreferClose and topology hints are not asked for.
bool UsesTrafficDistribution(const Json& service);
// Sets the PreferClose hints on `creates` and `updates`; appends to
// `updates` copies of the `unchanged` slices whose hints must change.
void ReconcileHints(std::vector<Json>& creates, std::vector<Json>& updates,
                    const std::vector<const Json*>& unchanged);
// Drops every endpoint's hints.
void RemoveHints(std::vector<Json>& slices);

}  // namespace stead::controllers::endpointslice
