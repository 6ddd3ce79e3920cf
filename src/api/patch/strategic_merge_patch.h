// Strategic merge patch (`application/strategic-merge-patch+json`): a JSON
// merge patch whose list handling is driven by the API schema, applied the
// way the Kubernetes API server does (k8s.io/apimachinery
// strategicpatch.StrategicMergeMapPatch with server-side options).
//
//   * Objects merge recursively; null deletes a member.
//   * Fields with patch strategy "merge" merge their lists: lists of objects
//     by the field's merge key (matching elements merge, new ones are added),
//     lists of scalars as a set union. The result keeps the patch's order
//     for the elements it mentions and interleaves the server-only elements
//     by their old positions; an element only in the patch goes before the
//     server-only elements that follow it. Lists without the strategy, and
//     fields with strategy "replace", are replaced.
//   * Directives: `$patch: replace|delete` on an object or list element,
//     `$patch: replace` as a list element, `$retainKeys`,
//     `$deleteFromPrimitiveList/<field>` and `$setElementOrder/<field>`.
//   * Where the schema does not know a field (or the type is kAny) the
//     field gets no strategy, so its lists are replaced; directives still
//     apply. (Upstream's struct lookup fails there instead, but it never
//     reaches such fields for objects that went through the typed decoder.)
//
// New values are inserted as sent, nested directives and nulls included, as
// upstream does; the typed decoder that runs after patching drops them.
// Pure function.
#pragma once

#include "api/schema/schema.h"
#include "core/json.h"
#include "core/result.h"

namespace stead::api::patch {

// Applies the parsed patch `patch` to `original`, an object of type `type`.
// Errors follow the API server: 400 BadRequest for a body that is not an
// object, for a null `type` (no strategic merge for untyped objects) and
// for malformed directives ("invalid patch format of retainKeys"); 422
// Invalid for lists of lists; anything else is a 500 with an empty reason,
// e.g. "map: map[image:nginx] does not contain declared merge key: name".
Result<Json> ApplyStrategicMergePatch(Json original, Json patch, const schema::TypeDef* type);

}  // namespace stead::api::patch
