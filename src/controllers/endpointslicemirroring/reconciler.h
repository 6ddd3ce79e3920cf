// The EndpointSliceMirroring reconciler: the pure core of the
// EndpointSliceMirroring controller (upstream pkg/controller/
// endpointslicemirroring reconciler.go, reconciler_helpers.go, utils.go).
// Given a hand-written core/v1 Endpoints of a Service without a selector and
// the slices the controller mirrors it into, it plans the creates, updates
// and deletes that make the slices show the Endpoints:
//
//   * the subsets are repacked (RepackSubsets) first; each subset's port
//     list gives one slice per address type (IPv4/IPv6, from each address;
//     an address that is not an IP is skipped and counted as invalid);
//   * addresses become endpoints with ready=true, notReadyAddresses with
//     ready=false; hostname, nodeName and targetRef are copied; at most
//     max_endpoints_per_subset addresses of a subset are mirrored (upstream's
//     --mirroring-max-endpoints-per-subset, 1000), the rest counted as
//     skipped, so a subset maps to exactly one slice;
//   * a port list keeps the first (by name) of its existing slices, left
//     untouched when its endpoints, labels and annotations already match,
//     else rewritten in full; its other slices, and the slices of port
//     lists no longer desired, are deleted; a create and a delete of the
//     same address type become one update of the slice to delete; no
//     creates while the Endpoints is being deleted;
//   * slices carry generateName "<endpoints>-", the Endpoints' labels plus
//     kubernetes.io/service-name and endpointslice.kubernetes.io/managed-by
//     (endpointslicemirroring-controller.k8s.io), its annotations but
//     endpoints.kubernetes.io/last-change-trigger-time and kubectl's
//     last-applied-configuration, and a controller owner reference to the
//     Endpoints.
// Pure: the plan's objects are new JSON values.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/json.h"

namespace stead::controllers::endpointslicemirroring {

inline constexpr char kControllerName[] = "endpointslicemirroring-controller.k8s.io";
inline constexpr char kLabelSkipMirror[] = "endpointslice.kubernetes.io/skip-mirror";
// resourcelock.LeaderElectionRecordAnnotationKey: Endpoints used as a
// leader-election lock are never mirrored.
inline constexpr char kAnnotationLeader[] = "control-plane.alpha.kubernetes.io/leader";
inline constexpr int kDefaultMaxEndpointsPerSubset = 1000;

// Not labelled skip-mirror=true and not a leader-election lock.
bool ShouldMirror(const Json& endpoints);

struct ReconcileInput {
  const Json* endpoints = nullptr;
  // The slices labelled for this Endpoints and managed by this controller,
  // without those being deleted.
  std::vector<const Json*> slices;
  int max_endpoints_per_subset = kDefaultMaxEndpointsPerSubset;
};

struct ReconcilePlan {
  std::vector<Json> creates;  // metadata.generateName, no name
  std::vector<Json> updates;  // full slices to PUT
  std::vector<Json> deletes;  // as read
  // Endpoints added / updated / removed (metrics).
  int added = 0;
  int updated = 0;
  int removed = 0;
  // Addresses that are not IPs, and all addresses not mirrored (invalid
  // ones included).
  int invalid_addresses = 0;
  int addresses_skipped = 0;
  // Per desired port list and address type: endpoints and the slices
  // holding them once the plan is carried out (metrics).
  struct Efficiency {
    int endpoints = 0;
    int slices = 0;
  };
  std::vector<Efficiency> efficiency;
  bool empty() const { return creates.empty() && updates.empty() && deletes.empty(); }
};

ReconcilePlan Reconcile(const ReconcileInput& input);

// "IPv4" / "IPv6" for an IP address, nullopt for anything else.
std::optional<std::string> AddressType(const std::string& ip);
// The slice endpoint of a core/v1 EndpointAddress.
Json AddressToEndpoint(const Json& address, bool ready);
// A subset's core/v1 EndpointPorts as discovery/v1 EndpointPorts.
Json SlicePorts(const Json& subset_ports);

}  // namespace stead::controllers::endpointslicemirroring
