// RFC 6902 JSON Patch (`application/json-patch+json`) with the exact
// behaviour of the library the Kubernetes API server uses for it
// (gopkg.in/evanphx/json-patch.v4, v4.12.0), leniencies included:
//   * "replace" of a missing object member adds it (only array indices are
//     checked), and "copy" from a missing member copies null;
//   * array indices may be negative (counted from the end) and may carry a
//     sign or leading zeros ("+1", "01");
//   * a path's first token is dropped unchecked ("x/a" means "/a");
//   * "replace" at the root ("") with a non-object, non-array value is a
//     no-op; "test" compares numbers by type (1 is not 1.0).
//
// The operations list is first checked the way the API server's strict
// decoder does by default (fieldValidation Warn or Strict), which produces
// its "error decoding patch: ..." messages. Pure functions.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/json.h"
#include "core/result.h"

namespace stead::api::patch {

// The API server refuses patches with more operations than this.
inline constexpr size_t kMaxJsonPatchOperations = 10000;
// Total bytes "copy" operations may add to a document (the API server's
// JSONPatchMaxCopyBytes default).
inline constexpr int64_t kMaxJsonPatchCopyBytes = 3 * 1024 * 1024;

// Applies the parsed patch document `patch` to `doc`.
// Errors: 400 BadRequest when `patch` is not a list of operations
// ("error decoding patch: json: cannot unmarshal object into Go value of
// type []handlers.jsonPatchOp"), 413 RequestEntityTooLarge above
// kMaxJsonPatchOperations, and 422 Invalid with the library's message when
// an operation does not apply ("replace operation does not apply: doc is
// missing key: /spec/containers/3: missing value"). The API server hides
// that last message behind a generic one; see ApplyPatch in patch.h.
Result<Json> ApplyJsonPatch(Json doc, const Json& patch);

}  // namespace stead::api::patch
