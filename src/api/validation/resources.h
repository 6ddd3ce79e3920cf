// Compute-resource validation of pkg/apis/core/validation: resource names
// (standard, prefixed native, extended), quantity values and container
// requirements (requests <= limits, non-overcommitable resources, huge
// pages), plus the resource-name helpers of pkg/apis/core/helper.
#pragma once

#include <string_view>

#include "core/field_error.h"
#include "core/json.h"

namespace stead::api::validation {

bool IsHugePageResourceName(std::string_view name);
bool IsNativeResource(std::string_view name);
bool IsExtendedResourceName(std::string_view name);
bool IsOvercommitAllowed(std::string_view name);

// ValidateResourceQuantityValue: non-negative, and integral for integer
// resources. `quantity` is the JSON value (string or number).
void ValidateResourceQuantityValue(FieldErrorList& errs, std::string_view resource,
                                   const Json& quantity, const FieldPath& path);
// ValidatePositiveQuantityValue ("must be greater than zero").
void ValidatePositiveQuantityValue(FieldErrorList& errs, const Json& quantity,
                                   const FieldPath& path);

// ValidateContainerResourceRequirements for a container's `resources`.
void ValidateContainerResourceRequirements(FieldErrorList& errs, const Json* resources,
                                           const FieldPath& path);

}  // namespace stead::api::validation
