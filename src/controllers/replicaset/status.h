// The status a ReplicaSet sync writes (calculateStatus and
// updateReplicaSetStatus in k8s.io/kubernetes pkg/controller/replicaset):
//   * replicas: the active pods the set owns;
//   * fullyLabeledReplicas: those carrying every label of the template;
//   * readyReplicas / availableReplicas: Ready, and Ready for longer than
//     minReadySeconds;
//   * a ReplicaFailure condition (reason FailedCreate or FailedDelete, the
//     error as message) while creating or deleting pods fails, removed
//     after the next sync that succeeds;
//   * observedGeneration: the generation this sync acted on.
//
// Pure functions over JSON.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/json.h"

namespace stead::controllers::replicaset {

inline constexpr char kReplicaFailure[] = "ReplicaFailure";

// spec.replicas (1 when unset, as the API server defaults it).
int64_t SpecReplicas(const Json& rs);

// `pods`: the active pods the set owns. `manage_error` is the error of this
// sync's creates or deletes, if any. The result has observedGeneration set
// to the set's generation.
Json CalculateStatus(const Json& rs, const std::vector<const Json*>& pods,
                     const std::optional<std::string>& manage_error, SystemTime now);

// False when the set already shows `status` (counters, conditions) for its
// current generation: upstream's steady state, where nothing is written.
bool StatusNeedsUpdate(const Json& rs, const Json& status);

// ReplicaSet conditions (replica_set_utils.go).
const Json* GetReplicaSetCondition(const Json& status, const std::string& type);
// Replaces the condition of the same type unless it has the same status and
// reason already.
void SetReplicaSetCondition(Json& status, Json condition);
void RemoveReplicaSetCondition(Json& status, const std::string& type);

}  // namespace stead::controllers::replicaset
