#include "controllers/replicaset/status.h"

#include "controllers/framework/conditions.h"
#include "controllers/framework/pod_conditions.h"
#include "core/label_selector.h"

namespace stead::controllers::replicaset {
namespace {

constexpr const char* kCounters[] = {"replicas", "fullyLabeledReplicas", "readyReplicas",
                                     "availableReplicas"};

Json Conditions(const Json& status) {
  const Json* c = Lookup(status, {"conditions"});
  return c && c->is_array() ? *c : Json::array();
}

}  // namespace

int64_t SpecReplicas(const Json& rs) { return GetInt(rs, {"spec", "replicas"}, 1); }

const Json* GetReplicaSetCondition(const Json& status, const std::string& type) {
  return FindCondition(status, type);
}

void RemoveReplicaSetCondition(Json& status, const std::string& type) {
  RemoveCondition(status, type);
}

void SetReplicaSetCondition(Json& status, Json condition) {
  std::string type = GetString(condition, {"type"});
  if (const Json* current = FindCondition(status, type);
      current && GetString(*current, {"status"}) == GetString(condition, {"status"}) &&
      GetString(*current, {"reason"}) == GetString(condition, {"reason"})) {
    return;
  }
  ReplaceCondition(status, std::move(condition));
}

Json CalculateStatus(const Json& rs, const std::vector<const Json*>& pods,
                     const std::optional<std::string>& manage_error, SystemTime now) {
  const Json* current = Lookup(rs, {"status"});
  Json status = current && current->is_object() ? *current : Json::object();
  LabelSelector template_labels =
      SelectorFromSet(StringMap(Lookup(rs, {"spec", "template", "metadata", "labels"})));
  int64_t min_ready = GetInt(rs, {"spec", "minReadySeconds"});
  int64_t fully_labeled = 0, ready = 0, available = 0;
  for (const Json* pod : pods) {
    if (template_labels.Matches(MetaLabels(*pod))) ++fully_labeled;
    if (IsPodReady(*pod)) {
      ++ready;
      if (IsPodAvailable(*pod, min_ready, now)) ++available;
    }
  }

  const Json* failure = GetReplicaSetCondition(status, kReplicaFailure);
  if (manage_error && !failure) {
    int64_t diff = static_cast<int64_t>(pods.size()) - SpecReplicas(rs);
    std::string reason = diff < 0 ? "FailedCreate" : diff > 0 ? "FailedDelete" : "";
    SetReplicaSetCondition(status, Json{{"type", kReplicaFailure},
                                        {"status", "True"},
                                        {"lastTransitionTime", FormatTime(now)},
                                        {"reason", reason},
                                        {"message", *manage_error}});
  } else if (!manage_error && failure) {
    RemoveReplicaSetCondition(status, kReplicaFailure);
  }
  status["replicas"] = static_cast<int64_t>(pods.size());
  status["fullyLabeledReplicas"] = fully_labeled;
  status["readyReplicas"] = ready;
  status["availableReplicas"] = available;
  status["observedGeneration"] = GetInt(rs, {"metadata", "generation"});
  return status;
}

bool StatusNeedsUpdate(const Json& rs, const Json& status) {
  const Json* current = Lookup(rs, {"status"});
  const Json empty = Json::object();
  const Json& cur = current && current->is_object() ? *current : empty;
  for (const char* counter : kCounters) {
    if (GetInt(cur, {counter}) != GetInt(status, {counter})) return true;
  }
  if (GetInt(rs, {"metadata", "generation"}) != GetInt(cur, {"observedGeneration"})) return true;
  return Conditions(cur) != Conditions(status);
}

}  // namespace stead::controllers::replicaset
