// Pieces of apps/v1 validation shared by Deployment, ReplicaSet and
// StatefulSet (pkg/apis/apps/validation): the label selector rules of a
// workload spec, the template-vs-selector check, and status counters.
#pragma once

#include <string_view>

#include "api/validation/pod_spec.h"
#include "core/field_error.h"
#include "core/json.h"

namespace stead::api::validation {

// spec.selector: required, valid, non-empty ("empty selector is invalid for
// <what>").
void ValidateWorkloadSelector(FieldErrorList& errs, const Json& spec, std::string_view what,
                              const FieldPath& path);

// `selector` does not match template `labels` (at template.metadata.labels);
// a missing selector matches nothing, as labels.Nothing() does upstream.
void ValidateTemplateMatchesSelector(FieldErrorList& errs, const Json* selector, const Json& tmpl,
                                     const FieldPath& template_path);

// ValidatePodTemplateSpecForReplicaSet: selector match, full pod template
// validation, restartPolicy Always, no activeDeadlineSeconds (`kind` names
// the owner in the message: "activeDeadlineSeconds in <kind> is not
// Supported").
void ValidatePodTemplateSpecForReplicaSet(FieldErrorList& errs, const Json* tmpl,
                                          const Json* selector, std::string_view kind,
                                          const FieldPath& path, const PodValidationOptions& opts);

// status.collisionCount must not decrease (IsDecremented).
void ValidateCollisionCountNotDecremented(FieldErrorList& errs, const Json& obj, const Json& old);

// The Go rendering of a selector for `Invalid value: ...` (`null` if absent).
std::string GoSelectorOrNull(const Json* selector);

}  // namespace stead::api::validation
