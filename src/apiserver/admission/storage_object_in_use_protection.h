// StorageObjectInUseProtection admission (upstream plugin of that name):
// every new PersistentVolumeClaim gets the finalizer
// kubernetes.io/pvc-protection and every new PersistentVolume
// kubernetes.io/pv-protection, appended to the finalizers it already has.
// The PVC and PV protection controllers (src/controllers/volume/) remove them
// once the object is no longer in use, so a claim a pod still mounts and a
// volume still bound to a claim outlive their deletion until then.
#pragma once

#include "api/resource.h"
#include "core/json.h"
#include "core/status.h"

namespace stead::apiserver::admission {

inline constexpr char kPvcProtectionFinalizer[] = "kubernetes.io/pvc-protection";
inline constexpr char kPvProtectionFinalizer[] = "kubernetes.io/pv-protection";

Status AdmitStorageObjectInUseProtection(const api::ResourceType& type, Json& obj);

}  // namespace stead::apiserver::admission
