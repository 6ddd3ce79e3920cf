// Pod volume validation (ValidateVolumes and the per-source checks of
// pkg/apis/core/validation), plus the local-path helpers shared with
// container volume mounts.
#pragma once

#include <map>
#include <string>

#include "core/field_error.h"
#include "core/json.h"

namespace stead::api::validation {

// Validates spec.volumes; returns the valid volumes by name (pointing into
// `volumes`). `pod_name` is the pod's name when validating a real pod (used
// to check generated ephemeral PVC names), empty for templates.
std::map<std::string, const Json*> ValidateVolumes(FieldErrorList& errs, const Json* volumes,
                                                   const std::string& pod_name,
                                                   const FieldPath& path);

// validateLocalDescendingPath / ValidateLocalNonReservedPath.
void ValidateLocalDescendingPath(FieldErrorList& errs, std::string_view target,
                                 const FieldPath& path);
void ValidateLocalNonReservedPath(FieldErrorList& errs, std::string_view target,
                                  const FieldPath& path);

// validateObjectFieldSelector for downward API env vars (env=true) or
// volume files (env=false).
void ValidateObjectFieldSelector(FieldErrorList& errs, const Json& selector, bool env,
                                 const FieldPath& path);
// validateContainerResourceFieldSelector.
void ValidateResourceFieldSelector(FieldErrorList& errs, const Json& selector, bool volume,
                                   const FieldPath& path);

}  // namespace stead::api::validation
