// Table printers: the columns and cells `kubectl get` shows for each kind,
// matching upstream's pkg/printers/internalversion (including -o wide
// columns, which have priority 1).
#pragma once

#include "api/resource.h"

namespace stead::api::printers {

// Fills type.columns and type.row for type.group/type.kind. Kinds without a
// specific printer get the apiserver's default convertor (Name, and the
// creation time as a "Created At" date column).
void Install(ResourceType& type);

}  // namespace stead::api::printers
