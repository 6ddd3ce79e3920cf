// Go-syntax rendering of the values that upstream validation puts into
// "Invalid value: ..." messages. Upstream prints non-scalar bad values with
// Go's %#v (e.g. `map[string]string{"app":"web"}` or
// `v1.LabelSelector{MatchLabels:...}`); these helpers reproduce that text
// from our JSON objects so that messages stay byte-identical.
//
// Pointer-valued struct fields print as `(*T)(nil)` when absent; when set,
// Go prints a memory address, which we render as a fixed placeholder
// address (kGoPointer) since no client can depend on its value.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/go_quote.h"
#include "core/int_or_string.h"
#include "core/json.h"

namespace stead::api::validation {

// strconv.Quote, %#v of []string and of intstr.IntOrString live in core.
using stead::GoQuote;
using stead::GoStringSlice;
using stead::RenderIntOrString;

// What Go prints for a non-nil pointer inside %#v output.
inline constexpr std::string_view kGoPointer = "0xc000000000";

// %#v of map[string]string (keys sorted, as fmt does); `map[string]string(nil)`
// when `value` is absent/null.
std::string GoStringMap(const Json* value);
std::string GoStringMap(const std::map<std::string, std::string>& m);

// %#v of []string held in JSON; `[]string(nil)` when absent/null.
std::string GoStringSlice(const Json* value);

// %#v of a metav1.LabelSelector value (package name "v1").
std::string GoLabelSelector(const Json& selector);

// %#v of a `*T` struct field: `(*T)(nil)` or `(*T)(0xc000000000)`.
std::string GoPointer(std::string_view type, const Json* value);

}  // namespace stead::api::validation
