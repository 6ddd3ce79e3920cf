// The body of a PATCH request: which patch format its Content-Type names and
// how a body of that format changes the current object, with the status
// codes and messages of the Kubernetes API server (v1.32). The formats
// themselves live in json_patch.h, merge_patch.h and
// strategic_merge_patch.h. Pure functions.
#pragma once

#include <string_view>

#include "api/schema/schema.h"
#include "core/json.h"
#include "core/result.h"

namespace stead::api::patch {

enum class PatchType {
  kJson,            // application/json-patch+json (RFC 6902)
  kMerge,           // application/merge-patch+json (RFC 7386)
  kStrategicMerge,  // application/strategic-merge-patch+json
  kApply,           // application/apply-patch+yaml (server-side apply; not implemented yet)
};

// The patch type a request's Content-Type names; parameters such as
// "; charset=utf-8" are ignored. Anything else is 415 UnsupportedMediaType,
// with the message of the API server's router ("415: Unsupported Media
// Type") or, for types the router lets through but the handler does not
// know, the handler's ("the body of the request was in an unknown format -
// accepted media types include: ...").
Result<PatchType> ParsePatchType(std::string_view content_type);

// Applies `patch_body` to `original`, an object whose type is `schema`
// (needed by strategic merge only; null for untyped objects, which cannot
// be strategically merged). Returns the patched object, not yet decoded,
// defaulted or validated.
//
// Errors: 400 BadRequest for a body that does not parse or has the wrong
// shape; 415 for kApply; the format's own errors otherwise. A 422 from a
// JSON patch that does not apply goes out, like upstream's, as "the server
// rejected our request due to an error in our request" with empty details:
// the API server drops the library's explanation (ApplyJsonPatch returns it).
Result<Json> ApplyPatch(PatchType patch_type, const Json& original, std::string_view patch_body,
                        const schema::TypeDef* schema);

}  // namespace stead::api::patch
