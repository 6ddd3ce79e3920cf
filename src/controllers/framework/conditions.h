// Condition lists of an object's status (`status.conditions`, one entry per
// type), the lookups every controller's condition helpers share
// (GetCondition / filterOutCondition upstream).
//
// Pure.
#pragma once

#include <string_view>

#include "core/json.h"

namespace stead::controllers {

// The condition of `type` in `status.conditions`, or nullptr.
const Json* FindCondition(const Json& status, std::string_view type);
// Drops the condition of `type`; drops `conditions` when none is left.
void RemoveCondition(Json& status, std::string_view type);
// Appends `condition` after removing the one of its type.
void ReplaceCondition(Json& status, Json condition);

}  // namespace stead::controllers
