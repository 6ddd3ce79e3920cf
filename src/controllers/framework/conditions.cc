#include "controllers/framework/conditions.h"

#include <string>

namespace stead::controllers {

const Json* FindCondition(const Json& status, std::string_view type) {
  const Json* conditions = Lookup(status, {"conditions"});
  if (!conditions || !conditions->is_array()) return nullptr;
  for (const Json& c : *conditions) {
    if (GetString(c, {"type"}) == type) return &c;
  }
  return nullptr;
}

void RemoveCondition(Json& status, std::string_view type) {
  Json kept = Json::array();
  if (const Json* c = Lookup(status, {"conditions"}); c && c->is_array()) {
    for (const Json& cond : *c) {
      if (GetString(cond, {"type"}) != type) kept.push_back(cond);
    }
  }
  if (kept.empty()) {
    status.erase("conditions");
  } else {
    status["conditions"] = std::move(kept);
  }
}

void ReplaceCondition(Json& status, Json condition) {
  RemoveCondition(status, GetString(condition, {"type"}));
  Json& conditions = status["conditions"];
  if (!conditions.is_array()) conditions = Json::array();
  conditions.push_back(std::move(condition));
}

}  // namespace stead::controllers
