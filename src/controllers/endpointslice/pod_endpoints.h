// Which pods back a Service and how: the rules the EndpointSlice and
// Endpoints controllers share (upstream k8s.io/endpointslice/util
// controller_utils.go and podutil.FindPort).
//
//   * a pod is an endpoint when it has an IP and is not terminal (Succeeded
//     or Failed); terminating pods (deletionTimestamp set) only where the
//     caller includes them;
//   * the endpoint's hostname is pod.spec.hostname when the pod's subdomain
//     is the Service's name (same namespace) — how StatefulSet pods get
//     `qdrant-0.qdrant-service` DNS names;
//   * a Service port's targetPort is a number, or the name of a container
//     port (regular containers, then restartable init containers) of the
//     same protocol, resolved per pod;
//   * pod events enqueue the Services whose selector matches the pod, and
//     only when something an endpoint shows changed (readiness, IPs,
//     deletion, hostname/subdomain, labels).
//
// Pure functions over API objects; nothing is retained.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "client/client.h"
#include "core/json.h"
#include "core/label_selector.h"

namespace stead::controllers::endpointslice {

// Labels and annotations of the discovery API (discovery.k8s.io/v1 and
// core/v1 well-known names).
inline constexpr char kLabelServiceName[] = "kubernetes.io/service-name";
inline constexpr char kLabelManagedBy[] = "endpointslice.kubernetes.io/managed-by";
inline constexpr char kLabelHeadless[] = "service.kubernetes.io/headless";
inline constexpr char kLabelTopologyZone[] = "topology.kubernetes.io/zone";
inline constexpr char kAnnotationLastChangeTriggerTime[] =
    "endpoints.kubernetes.io/last-change-trigger-time";

// Pod predicates.
bool IsPodReady(const Json& pod);  // the Ready condition is True
bool IsPodTerminal(const Json& pod);
bool ShouldPodBeInEndpoints(const Json& pod, bool include_terminating);
bool ShouldSetHostname(const Json& pod, const Json& service);
// The pod's IPs (status.podIPs, else status.podIP).
std::vector<std::string> PodIPs(const Json& pod);

// Service predicates.
// spec.selector is set and not empty (a nil selector selects nothing; an
// empty one is dropped by the API's omitempty encoding).
bool HasSelector(const Json& service);
// spec.clusterIP is neither "" nor "None".
bool IsServiceIPSet(const Json& service);

// The container port a Service port targets on this pod; nullopt when a
// named targetPort matches no port of the pod.
std::optional<int64_t> FindPort(const Json& pod, const Json& service_port);

// The keys ("ns/name") of the Services selecting a pod with these labels.
std::set<std::string> ServicesSelecting(const std::vector<client::ObjectPtr>& services,
                                        const LabelSet& pod_labels);
// GetServicesToUpdateOnPodChange: the Services to resync after a pod update
// (`services` are those of the pod's namespace). Empty for a resync
// (same resourceVersion) or a change no endpoint shows.
std::set<std::string> ServicesToUpdateOnPodChange(const std::vector<client::ObjectPtr>& services,
                                                  const Json& old_pod, const Json& new_pod);

}  // namespace stead::controllers::endpointslice
