// Equality and total order of JSON values as structured-merge-diff defines
// them (sigs.k8s.io/structured-merge-diff/v4/value): integers and floats
// compare numerically with each other; otherwise values order by type
// (numbers, strings, booleans, lists, maps, null) and then by content,
// lists and maps lexically. Used for set-list values ("v:"), list-map keys
// ("k:") and for deciding whether a field was modified. Pure functions.
#pragma once

#include "core/json.h"

namespace stead::api::apply {

// -1, 0 or 1.
int ValueCompare(const Json& lhs, const Json& rhs);
bool ValueEquals(const Json& lhs, const Json& rhs);

}  // namespace stead::api::apply
