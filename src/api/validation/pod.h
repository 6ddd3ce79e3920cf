// Pod object validation beyond its spec (pkg/apis/core/validation
// ValidatePodCreate / ValidatePodUpdate / ValidatePodStatusUpdate), without
// the generic ObjectMeta checks the API server runs itself.
#pragma once

#include "core/field_error.h"
#include "core/json.h"

namespace stead::api::validation {

void ValidatePodCreate(FieldErrorList& errs, const Json& pod);
// Includes the "pod updates may not change fields other than ..." rule.
void ValidatePodUpdate(FieldErrorList& errs, const Json& pod, const Json& old);
void ValidatePodStatusUpdate(FieldErrorList& errs, const Json& pod, const Json& old);

// The message prefix of the spec immutability error.
extern const char* const kPodUpdateForbiddenMessage;

}  // namespace stead::api::validation
