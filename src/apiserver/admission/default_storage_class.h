// DefaultStorageClass admission (upstream plugin of that name): a new
// PersistentVolumeClaim that names no storage class gets the default
// StorageClass's name in spec.storageClassName. A claim "names a class" when
// spec.storageClassName is set — even to "", which asks for no class — or
// when it carries the beta annotation volume.beta.kubernetes.io/storage-class.
// With no default class the claim is left alone; with several, the newest
// wins (Kubernetes 1.26+).
//
// The class helpers are shared with the PV controller, which assigns the
// default class retroactively to claims created before one existed.
#pragma once

#include <string>
#include <vector>

#include "api/resource.h"
#include "apiserver/admission/admission.h"
#include "core/json.h"
#include "core/status.h"
#include "store/watch_cache.h"

namespace stead::apiserver::admission {

inline constexpr char kIsDefaultClassAnnotation[] = "storageclass.kubernetes.io/is-default-class";
inline constexpr char kBetaIsDefaultClassAnnotation[] =
    "storageclass.beta.kubernetes.io/is-default-class";
inline constexpr char kBetaStorageClassAnnotation[] = "volume.beta.kubernetes.io/storage-class";

// The class a claim asks for ("" for none): the beta annotation first, then
// spec.storageClassName.
std::string ClaimStorageClass(const Json& claim);
// The class of a PersistentVolume, by the same rule.
std::string VolumeStorageClass(const Json& volume);
// Whether the claim names a class at all (see above).
bool ClaimHasStorageClass(const Json& claim);
// Whether a StorageClass is marked default ("true" in either annotation).
bool IsDefaultStorageClass(const Json& storage_class);
// The default StorageClass among `classes`: the newest by creationTimestamp,
// ties broken by the smaller name; nullptr if none is marked default.
store::ObjectPtr PickDefaultStorageClass(const std::vector<store::ObjectPtr>& classes);

Status AdmitDefaultStorageClass(const api::ResourceType& type, Json& obj,
                                const AdmissionContext& context);

}  // namespace stead::apiserver::admission
