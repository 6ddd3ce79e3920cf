// How the Kubernetes API server's Go code sees a decoded JSON value: its
// dynamic type (what `reflect.TypeOf` names), how `==` on two `interface{}`
// values compares it, and how `fmt` prints it with %v and %s (for %q see
// core/go_quote.h).
//
// The patch algorithms mirror upstream code that works on values decoded
// into `interface{}` (integers as int64, other numbers as float64), so their
// equality rules and error messages ("map: map[image:nginx] does not contain
// declared merge key: name") depend on these details. Pure functions.
#pragma once

#include <string>

#include "core/json.h"

namespace stead::api::patch {

enum class GoType { kNil, kMap, kSlice, kString, kInt64, kFloat64, kBool };

// The Go type a JSON value decodes to; integers that do not fit int64
// become float64, as with upstream's int-preserving decoder.
GoType GoTypeOf(const Json& v);

// Go `a == b` for decoded values: scalars are equal only when both type
// and value are (so 1 != 1.0). Go panics on maps and slices; those are
// compared structurally with the same rule instead.
bool GoEqual(const Json& a, const Json& b);

// fmt's %v, e.g. `map[a:1 b:[x y]]`, `<nil>`, `1.5`, `1e+06`.
std::string GoFormat(const Json& v);

// fmt's %s: strings as they are, anything else as Go's `%!s(int64=1)`.
std::string GoFormatS(const Json& v);

// What `%s` prints for reflect.TypeOf(v): "map[string]interface {}",
// "[]interface {}", "string", "int64", "float64", "bool", and for null
// (a nil reflect.Type) "%!s(<nil>)".
std::string GoTypeString(const Json& v);

}  // namespace stead::api::patch
