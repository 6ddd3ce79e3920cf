#include "controllers/framework/pod_conditions.h"

#include <string>

namespace stead::controllers {

bool IsPodActive(const Json& pod) {
  std::string phase = GetString(pod, {"status", "phase"});
  return phase != "Succeeded" && phase != "Failed" && !MetaDeleting(pod);
}

const Json* PodReadyCondition(const Json& pod) {
  const Json* conditions = Lookup(pod, {"status", "conditions"});
  if (!conditions || !conditions->is_array()) return nullptr;
  for (const Json& c : *conditions) {
    if (GetString(c, {"type"}) == "Ready") return &c;
  }
  return nullptr;
}

bool IsPodReady(const Json& pod) {
  const Json* c = PodReadyCondition(pod);
  return c && GetString(*c, {"status"}) == "True";
}

SystemTime PodReadyTime(const Json& pod) {
  SystemTime t{};
  if (!IsPodReady(pod)) return t;
  ParseTime(GetString(*PodReadyCondition(pod), {"lastTransitionTime"}), &t);
  return t;
}

bool IsPodAvailable(const Json& pod, int64_t min_ready_seconds, SystemTime now) {
  if (!IsPodReady(pod)) return false;
  if (min_ready_seconds == 0) return true;
  SystemTime since = PodReadyTime(pod);
  return since != SystemTime{} && since + std::chrono::seconds(min_ready_seconds) < now;
}

}  // namespace stead::controllers
