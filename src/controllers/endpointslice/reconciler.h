// The EndpointSlice reconciler: the pure core of the EndpointSlice
// controller (upstream k8s.io/endpointslice reconciler.go, utils.go). Given
// a Service with a selector, the pods it selects, the nodes, and the slices
// the controller manages for it, it plans the creates, updates and deletes
// that make the slices show exactly the desired endpoints, with minimal
// churn:
//
//   * one group of slices per address type of the Service (spec.ipFamilies)
//     and per distinct port list: a named targetPort resolves per pod, so
//     pods whose ports resolve differently land in different slices;
//   * an endpoint per pod that has an IP and is not terminal (terminating
//     pods included): addresses [podIP], conditions ready (Ready and not
//     terminating; always true with publishNotReadyAddresses), serving
//     (Ready), terminating (deletionTimestamp), hostname (when the pod's
//     subdomain is the Service), nodeName, zone (the node's
//     topology.kubernetes.io/zone), targetRef to the pod;
//   * endpoints are identified by addresses + hostname + pod (so a changed
//     condition updates the endpoint in place); existing slices keep the
//     endpoints still desired, changed ones are rewritten; slices left
//     empty are deleted; new endpoints first fill the slices already being
//     updated (fullest first), then the unchanged slice closest to full
//     that takes them all, then new slices of at most max_endpoints_per_
//     slice; unchanged slices are never rewritten;
//   * a delete and a create of the same address type become one update
//     of the slice to delete; no creates while the Service is being
//     deleted; a Service without endpoints keeps one empty placeholder slice;
//   * slices carry generateName "<service>-", the Service's labels plus
//     kubernetes.io/service-name, endpointslice.kubernetes.io/managed-by and
//     (headless) service.kubernetes.io/headless, a controller owner
//     reference to the Service, and the trigger-time annotation.
//
// Zone hints follow spec.trafficDistribution (traffic_distribution.h);
// topology-aware hints are not computed. Pure: the plan's objects are new
// JSON values.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/json.h"
#include "core/label_selector.h"

namespace stead::controllers::endpointslice {

inline constexpr char kControllerQualifiedName[] = "endpointslice-controller.k8s.io";
inline constexpr int kDefaultMaxEndpointsPerSlice = 100;

struct ReconcileInput {
  const Json* service = nullptr;
  // The pods the Service's selector matches (any state).
  std::vector<const Json*> pods;
  // The slices labelled for this Service and managed by this controller,
  // without those being deleted.
  std::vector<const Json*> slices;
  // The node a pod runs on (nullptr: not found).
  std::function<const Json*(const std::string& name)> node;
  int max_endpoints_per_slice = kDefaultMaxEndpointsPerSlice;
  // The trigger-time annotation to write (nullopt: remove it).
  std::optional<SystemTime> trigger_time;
};

struct ReconcilePlan {
  // New slices: metadata.generateName, no name.
  std::vector<Json> creates;
  // Full slices to PUT (with the resourceVersion read, except a create
  // turned into the update of a slice that was to be deleted).
  std::vector<Json> updates;
  // Slices to delete, as read.
  std::vector<Json> deletes;
  // Endpoints added / removed (metrics).
  int added = 0;
  int removed = 0;
  // Per port list (and the placeholder): endpoints and the slices holding
  // them once the plan is carried out (upstream's EfficiencyInfo).
  struct Efficiency {
    int endpoints = 0;
    int slices = 0;
  };
  std::vector<Efficiency> efficiency;
  // Pods left out because their node is unknown: the sync is to be retried.
  std::vector<std::string> errors;
  bool empty() const { return creates.empty() && updates.empty() && deletes.empty(); }
};

ReconcilePlan Reconcile(const ReconcileInput& input);

// The Service's address types: "IPv4"/"IPv6" from spec.ipFamilies, else
// the family of the ClusterIP, else (headless) both.
std::vector<std::string> AddressTypesForService(const Json& service);
// The endpoint a pod gives a Service (addresses of `address_type` only).
Json PodToEndpoint(const Json& pod, const Json* node, const Json& service,
                   const std::string& address_type);
// The slice ports a pod gives a Service (unresolvable ports left out).
Json EndpointPorts(const Json& service, const Json& pod);
// The labels a slice of this Service carries, and whether `slice`'s own
// (non-reserved) labels differ from the Service's.
std::pair<LabelSet, bool> EndpointSliceLabels(const Json& slice, const Json& service);
// "<service>-", or the bare name when the dash would make it too long.
std::string EndpointSlicePrefix(const std::string& service_name);
// The "ns/service" key of a slice, from its kubernetes.io/service-name label
// ("" without one).
std::string ServiceKeyForSlice(const Json& slice);

}  // namespace stead::controllers::endpointslice
