// PersistentVolume and PersistentVolumeClaim validation
// (pkg/apis/core/validation): claim specs (also used for StatefulSet claim
// templates and ephemeral volumes), PV specs and the update rules (claim
// specs are immutable except resources.requests and volumeName binding; PV
// sources are immutable).
#pragma once

#include "core/field_error.h"
#include "core/json.h"

namespace stead::api::validation {

void ValidatePersistentVolumeClaimSpec(FieldErrorList& errs, const Json& spec,
                                       const FieldPath& path);
// A PersistentVolumeClaimTemplate (metadata restricted to labels/annotations).
void ValidatePersistentVolumeClaimTemplate(FieldErrorList& errs, const Json& tmpl,
                                           const FieldPath& path);
// Kind-specific parts of ValidatePersistentVolumeClaimUpdate (spec rules).
void ValidatePersistentVolumeClaimUpdate(FieldErrorList& errs, const Json& pvc, const Json& old);
void ValidatePersistentVolumeClaimStatusUpdate(FieldErrorList& errs, const Json& pvc);

// `spec` of a PersistentVolume named `name`.
void ValidatePersistentVolumeSpec(FieldErrorList& errs, const Json& spec, const FieldPath& path);
void ValidatePersistentVolumeUpdate(FieldErrorList& errs, const Json& pv, const Json& old);

// Shared with pod volumes.
void ValidateHostPathVolumeSource(FieldErrorList& errs, const Json& host_path,
                                  const FieldPath& path);
void ValidateNodeSelector(FieldErrorList& errs, const Json& selector, bool allow_invalid_values,
                          const FieldPath& path);
// validatePathNoBacksteps.
void ValidatePathNoBacksteps(FieldErrorList& errs, std::string_view target, const FieldPath& path);

}  // namespace stead::api::validation
