// One function per served kind, each defined in its own file in this folder
// (naming, scope, subresources, defaulting, validation, field selectors).
// Table printers are installed separately (src/api/printers).
#pragma once

#include <vector>

#include "api/resource.h"

namespace stead::api::kinds {

// core/v1
ResourceType Namespace();
ResourceType Pod();
ResourceType Service();
ResourceType Endpoints();
ResourceType PersistentVolumeClaim();
ResourceType PersistentVolume();
ResourceType Event();
ResourceType ConfigMap();
ResourceType Secret();
ResourceType ServiceAccount();
ResourceType Node();
// apps/v1
ResourceType StatefulSet();
ResourceType ControllerRevision();
ResourceType Deployment();
ResourceType ReplicaSet();
// discovery.k8s.io/v1
ResourceType EndpointSlice();
// coordination.k8s.io/v1
ResourceType Lease();
// storage.k8s.io/v1
ResourceType StorageClass();
// events.k8s.io/v1 (the same events as core/v1, newer shape)
ResourceType EventV1();

// All of the above in discovery order.
std::vector<ResourceType> All();

}  // namespace stead::api::kinds
