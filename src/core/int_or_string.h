// IntOrString fields (maxUnavailable, maxSurge, targetPort, ...): a JSON
// integer or a string such as "25%". Helpers mirror
// k8s.io/apimachinery/pkg/util/intstr and the apps validation of such fields,
// with upstream's messages.
#pragma once

#include <cstdint>
#include <string>

#include "core/field_error.h"
#include "core/json.h"
#include "core/result.h"

namespace stead {

// intstr.GetScaledValueFromIntOrPercent: an integer as is, a percentage of
// `total` rounded up or down. A string that is not "<int>%" is an error, e.g.
// "invalid value for IntOrString: invalid type: string is not a percentage";
// null gives "nil value for IntOrString". Errors are 400 BadRequest.
Result<int64_t> GetScaledValueFromIntOrPercent(const Json& value, int64_t total, bool round_up);

// How Go's %#v prints the value inside upstream validation messages:
// `intstr.IntOrString{Type:1, IntVal:0, StrVal:"25%"}`.
std::string RenderIntOrString(const Json& value);

// apps ValidatePositiveIntOrPercent: strings must be "<digits>%", integers
// must be >= 0.
FieldErrorList ValidatePositiveIntOrPercent(const Json& value, const FieldPath& path);
// apps IsNotMoreThan100Percent: a valid percentage above 100% is invalid.
FieldErrorList IsNotMoreThan100Percent(const Json& value, const FieldPath& path);

}  // namespace stead
