#include "controllers/statefulset/status.h"

#include "controllers/statefulset/pod_identity.h"

namespace stead::controllers::statefulset {

void CountPods(SetStatus& status, const std::vector<const Json*>& pods, int32_t min_ready_seconds,
               SystemTime now) {
  status.replicas = status.ready_replicas = status.available_replicas = 0;
  status.current_replicas = status.updated_replicas = 0;
  for (const Json* pod : pods) {
    bool created = IsCreated(*pod);
    if (created) ++status.replicas;
    if (IsRunningAndReady(*pod)) {
      ++status.ready_replicas;
      if (IsAvailable(*pod, min_ready_seconds, now)) ++status.available_replicas;
    }
    if (created && !IsTerminating(*pod)) {
      std::string revision = PodRevision(*pod);
      if (revision == status.current_revision) ++status.current_replicas;
      if (revision == status.update_revision) ++status.updated_replicas;
    }
  }
}

void CompleteUpdate(const SetView& set, SetStatus& status) {
  if (status.updated_replicas == set.replicas && status.ready_replicas == set.replicas &&
      status.replicas == set.replicas) {
    status.current_replicas = status.updated_replicas;
    status.current_revision = status.update_revision;
  }
}

bool StatusNeedsWrite(const SetView& set, const SetStatus& status) {
  const Json& s = set.status();
  return status.observed_generation > GetInt(s, {"observedGeneration"}) ||
         status.replicas != GetInt(s, {"replicas"}) ||
         status.current_replicas != GetInt(s, {"currentReplicas"}) ||
         status.ready_replicas != GetInt(s, {"readyReplicas"}) ||
         status.updated_replicas != GetInt(s, {"updatedReplicas"}) ||
         status.current_revision != GetString(s, {"currentRevision"}) ||
         status.available_replicas != GetInt(s, {"availableReplicas"}) ||
         status.update_revision != GetString(s, {"updateRevision"});
}

Json StatusToJson(const SetView& set, const SetStatus& status) {
  Json out = Json::object();
  if (status.observed_generation != 0) out["observedGeneration"] = status.observed_generation;
  out["replicas"] = status.replicas;
  if (status.ready_replicas != 0) out["readyReplicas"] = status.ready_replicas;
  if (status.current_replicas != 0) out["currentReplicas"] = status.current_replicas;
  if (status.updated_replicas != 0) out["updatedReplicas"] = status.updated_replicas;
  if (!status.current_revision.empty()) out["currentRevision"] = status.current_revision;
  if (!status.update_revision.empty()) out["updateRevision"] = status.update_revision;
  out["collisionCount"] = status.collision_count;
  out["availableReplicas"] = status.available_replicas;
  if (const Json* c = Lookup(set.status(), {"conditions"}); c && c->is_array() && !c->empty()) {
    out["conditions"] = *c;
  }
  return out;
}

}  // namespace stead::controllers::statefulset
