// Typed decoding of request bodies, emulating what upstream's API server
// does when it unmarshals JSON into a Go struct and marshals it back:
//
//   * type errors are 400 BadRequest with the Go decoder's message,
//     prefixed like upstream: `StatefulSet in version "v1" cannot be handled
//     as a StatefulSet: json: cannot unmarshal string into Go struct field
//     StatefulSetSpec.spec.replicas of type int32`;
//   * unknown fields are dropped; with FieldValidation::kStrict they are a
//     400 (`strict decoding error: unknown field "spec.foo", ...`), with
//     kWarn they become warnings (`unknown field "spec.foo"`);
//   * null values are dropped, and the typed round trip is reproduced:
//     omitempty zero values disappear, absent non-omitempty scalars come
//     back as their zero value, absent structs as `{}` (with their own
//     defaults), absent metav1.Time as null;
//   * quantities, times and base64 bytes are validated and written in
//     canonical form; int-or-string and RawExtension values are kept.
//
// Stateless and thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "api/schema/schema.h"
#include "core/json.h"
#include "core/result.h"

namespace stead::api::schema {

// The fieldValidation query parameter.
enum class FieldValidation { kIgnore, kWarn, kStrict };

// Decodes the body of a built-in kind. Errors carry upstream's
// `<Kind> in version "<v>" cannot be handled as a <Kind>: ` prefix when
// `kind_type` has a group/version/kind. `warnings` may be null.
Result<Json> Decode(const Json& input, const TypeDef& kind_type, FieldValidation mode,
                    std::vector<std::string>* warnings);

// The same for a nested value (no kind prefix in error messages).
Result<Json> DecodeValue(const Json& input, const TypeDef& type, FieldValidation mode,
                         std::vector<std::string>* warnings);

// Resolves a dotted JSON field path ("spec.nodeName", "status.phase")
// against `root`, stepping through struct fields only. Returns the field, or
// nullptr when some step is not a field of a struct.
const FieldDef* LookupFieldPath(const TypeDef& root, std::string_view dotted_path);

}  // namespace stead::api::schema
