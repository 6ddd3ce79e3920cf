// The Endpoints controller's pure core (upstream pkg/controller/endpoint
// syncService): the legacy core/v1 Endpoints object named after a Service
// with a selector, and whether it needs writing.
//
//   * one address per selected pod that has an IP of the Service's first
//     IP family and is not terminal; terminating pods are left out unless
//     the Service publishes not-ready addresses. Ready pods (or all, with
//     publishNotReadyAddresses) go to `addresses`, the others to
//     `notReadyAddresses`; an address carries hostname (subdomain rule as
//     for slices), nodeName and a targetRef to the pod;
//   * ports come from the Service ports, named targetPorts resolved per pod;
//     a headless Service without ports lists bare addresses;
//   * subsets are repacked (repack_subsets.h); labels are the Service's
//     plus service.kubernetes.io/headless for a headless Service; the
//     last-change-trigger-time annotation is set (or removed);
//   * past 1000 addresses the object is truncated (ready addresses first,
//     each subset keeping its share) and annotated
//     endpoints.kubernetes.io/over-capacity: truncated;
//   * nothing is written when the stored subsets (ignoring targetRef
//     resourceVersions), labels and capacity annotation already agree.
//
// Pure: the plan's object is a new JSON value.
#pragma once

#include <optional>
#include <vector>

#include "core/clock.h"
#include "core/json.h"

namespace stead::controllers::endpoints {

inline constexpr int kMaxCapacity = 1000;
inline constexpr char kAnnotationOverCapacity[] = "endpoints.kubernetes.io/over-capacity";

struct EndpointsPlan {
  enum class Action { kNone, kCreate, kUpdate };
  Action action = Action::kNone;
  // The Endpoints to create, or to PUT (with the stored resourceVersion).
  Json object;
  int ready = 0;
  int not_ready = 0;
};

// `current`: the stored Endpoints of the same name, or nullptr.
EndpointsPlan PlanEndpoints(const Json& service, const std::vector<const Json*>& pods,
                            const Json* current, const std::optional<SystemTime>& trigger_time);

// The subsets the pods give the Service, repacked.
Json DesiredSubsets(const Json& service, const std::vector<const Json*>& pods, int* ready = nullptr,
                    int* not_ready = nullptr);

// truncateEndpoints: cuts `endpoints`' subsets to kMaxCapacity addresses;
// false if they were within it.
bool TruncateEndpoints(Json& endpoints);

}  // namespace stead::controllers::endpoints
