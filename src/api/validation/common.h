// Building blocks shared by every kind's validation: short, non-throwing
// accessors for the decoded JSON objects, field-error helpers that render
// values as upstream does, and the small generic validators of
// k8s.io/apimachinery/pkg/api/validation (non-negative fields, immutable
// fields, int-or-percent values) plus upstream's "semantic" deep equality.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "api/validation/names.h"
#include "core/field_error.h"
#include "core/json.h"

namespace stead::api::validation {

inline constexpr std::string_view kIsNegativeErrorMsg = "must be greater than or equal to 0";
inline constexpr std::string_view kFieldImmutableErrorMsg = "field is immutable";
inline constexpr std::string_view kIsNotPositiveErrorMsg = "must be greater than zero";

// obj[key] when obj is an object holding a non-null key, else nullptr.
const Json* Get(const Json& obj, std::string_view key);
// obj[key] as string/integer/bool ("" / 0 / false when absent or mistyped).
std::string Str(const Json& obj, std::string_view key);
int64_t Int(const Json& obj, std::string_view key);
bool Bool(const Json& obj, std::string_view key);
// obj[key] when it is a non-empty array/object (else nullptr).
const Json* Array(const Json& obj, std::string_view key);
const Json* Object(const Json& obj, std::string_view key);
// Size of obj[key] when it is an array or object, else 0.
size_t Len(const Json& obj, std::string_view key);

// Upstream's apiequality.Semantic.DeepEqual on decoded JSON: absent, null,
// empty strings/arrays/objects, 0 and false are all "zero" and compare
// equal, as they do for Go's zero values and nil-vs-empty collections.
bool SemanticEqual(const Json* a, const Json* b);
bool IsZero(const Json* v);

// field.Invalid with a string value, quoted like Go's %q.
FieldError InvalidString(const FieldPath& path, std::string_view value, std::string detail);

// One Invalid error per message (upstream's `for _, msg := range Is...(v)`).
void AppendInvalid(FieldErrorList& errs, const FieldPath& path, std::string_view value,
                   const Problems& msgs);

// ValidateNonnegativeField.
void ValidateNonnegativeField(FieldErrorList& errs, int64_t value, const FieldPath& path);
// ValidateDNS1123Label / ValidateDNS1123Subdomain / ValidateQualifiedName.
void ValidateDNS1123Label(FieldErrorList& errs, std::string_view value, const FieldPath& path);
void ValidateDNS1123Subdomain(FieldErrorList& errs, std::string_view value, const FieldPath& path);
void ValidateQualifiedName(FieldErrorList& errs, std::string_view value, const FieldPath& path);

// ValidateImmutableField: `Invalid value: <rendered new>: field is immutable`
// when the values are not semantically equal. `rendered` is the Go
// rendering of the new value.
void ValidateImmutableField(FieldErrorList& errs, const Json* new_value, const Json* old_value,
                            const FieldPath& path, std::string rendered);
// Same for a string field (rendered with %q).
void ValidateImmutableString(FieldErrorList& errs, const Json& new_obj, const Json& old_obj,
                             std::string_view key, const FieldPath& path);

// apps getIntOrPercentValue: the integer, or the number of a valid
// percentage (0 for other strings).
int64_t IntOrPercentValue(const Json& value);

// Go's %v of an int-or-string value as printed via its String() method.
std::string IntOrStringText(const Json& value);

// The diff appended to "... is immutable"/"may not change" messages. Upstream
// prints a go-cmp diff of the internal structs; this renders the differing
// top-level fields in the same spirit ("- \tField: old" / "+ \tField: new").
std::string SpecDiff(std::string_view type_name, const Json& old_spec, const Json& new_spec);

}  // namespace stead::api::validation
