// RFC 7386 JSON merge patch (`application/merge-patch+json`) as the
// Kubernetes API server applies it (gopkg.in/evanphx/json-patch.v4
// MergePatch): objects merge member by member, null deletes a member, and
// anything else (arrays included) replaces the target. Nulls inside a value
// that is added rather than merged are dropped, except where the library
// keeps them: array elements that are null, and the contents of a
// non-object value replacing an object. Pure function.
#pragma once

#include "core/json.h"
#include "core/result.h"

namespace stead::api::patch {

// Applies the parsed merge patch `patch` to `doc`. The body is checked as
// the API server's default (Warn/Strict) field validation decodes it:
// 400 BadRequest "Invalid JSON Patch" for null and "error decoding patch:
// json: cannot unmarshal array into Go value of type map[string]interface {}"
// for anything else that is not an object.
Result<Json> ApplyMergePatch(Json doc, const Json& patch);

}  // namespace stead::api::patch
