// The Deployment arithmetic and bookkeeping of upstream's
// pkg/controller/deployment/util/deployment_util.go, over JSON objects:
// revision and replica annotations, conditions, the rolling-update
// fenceposts (maxSurge rounds up, maxUnavailable down, both 0 means 1
// unavailable), the size of the new ReplicaSet, proportional-scaling
// fractions, completeness, progress and deadline checks, and the orders
// ReplicaSets are sorted in.
//
// A ReplicaSet is handled as a shared immutable snapshot (RSPtr); nullptr
// stands for "no new ReplicaSet yet" where upstream passes a nil pointer.
// Pure functions.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/json.h"

namespace stead::controllers::deployment {

using RSPtr = std::shared_ptr<const Json>;

inline constexpr char kRevisionAnnotation[] = "deployment.kubernetes.io/revision";
inline constexpr char kRevisionHistoryAnnotation[] = "deployment.kubernetes.io/revision-history";
inline constexpr char kDesiredReplicasAnnotation[] = "deployment.kubernetes.io/desired-replicas";
inline constexpr char kMaxReplicasAnnotation[] = "deployment.kubernetes.io/max-replicas";
inline constexpr char kDefaultDeploymentUniqueLabelKey[] = "pod-template-hash";
// apps.DeprecatedRollbackTo: the rollbackTo of extensions/v1beta1 and
// apps/v1beta1 Deployments, carried as an annotation.
inline constexpr char kDeprecatedRollbackTo[] = "deprecated.deployment.rollback.to";

// Condition types and reasons.
inline constexpr char kAvailable[] = "Available";
inline constexpr char kProgressing[] = "Progressing";
inline constexpr char kReplicaFailure[] = "ReplicaFailure";
inline constexpr char kFailedRSCreateReason[] = "ReplicaSetCreateError";
inline constexpr char kNewReplicaSetReason[] = "NewReplicaSetCreated";
inline constexpr char kFoundNewRSReason[] = "FoundNewReplicaSet";
inline constexpr char kNewRSAvailableReason[] = "NewReplicaSetAvailable";
inline constexpr char kTimedOutReason[] = "ProgressDeadlineExceeded";
inline constexpr char kPausedDeployReason[] = "DeploymentPaused";
inline constexpr char kResumedDeployReason[] = "DeploymentResumed";
inline constexpr char kReplicaSetUpdatedReason[] = "ReplicaSetUpdated";
inline constexpr char kMinimumReplicasAvailable[] = "MinimumReplicasAvailable";
inline constexpr char kMinimumReplicasUnavailable[] = "MinimumReplicasUnavailable";
inline constexpr char kRollbackRevisionNotFound[] = "DeploymentRollbackRevisionNotFound";
inline constexpr char kRollbackTemplateUnchanged[] = "DeploymentRollbackTemplateUnchanged";
inline constexpr char kRollbackDone[] = "DeploymentRollback";

// spec.replicas of a Deployment or ReplicaSet (1 when unset, the default).
int32_t Replicas(const Json& obj);
int32_t StatusInt(const Json& obj, const char* field);
bool IsRollingUpdate(const Json& d);
bool HasProgressDeadline(const Json& d);
bool HasRevisionHistoryLimit(const Json& d);

// --- Conditions ------------------------------------------------------------

// A condition with lastUpdateTime = lastTransitionTime = now.
Json NewDeploymentCondition(const std::string& type, const std::string& status,
                            const std::string& reason, const std::string& message, SystemTime now);
const Json* GetDeploymentCondition(const Json& status, const std::string& type);
// Keeps the current condition when status and reason are the same; keeps
// its lastTransitionTime when only the reason changes.
void SetDeploymentCondition(Json& status, Json condition);
void RemoveDeploymentCondition(Json& status, const std::string& type);
// A ReplicaSet condition as a Deployment condition (lastUpdateTime =
// lastTransitionTime).
Json ReplicaSetToDeploymentCondition(const Json& rs_condition);

// --- Revisions and annotations ----------------------------------------------

// The revision annotation as a number; 0 when absent, nullopt when invalid.
std::optional<int64_t> Revision(const Json& obj);
int64_t MaxRevision(const std::vector<RSPtr>& sets);
// The second highest revision (0 when there is none).
int64_t LastRevision(const std::vector<RSPtr>& sets);
// The revision of the deprecated rollbackTo annotation, if set and valid.
std::optional<int64_t> RollbackTo(const Json& d);
// SetFromReplicaSetTemplate + SetDeploymentAnnotationsTo: the Deployment
// takes the set's template (without the hash label) and annotations
// (except those the controller owns, which it keeps).
void RollbackToTemplateOf(Json& d, const Json& rs);
// Sets the Deployment's revision annotation; true if it changed.
bool SetDeploymentRevision(Json& d, const std::string& revision);
// SetNewReplicaSetAnnotations: copies the Deployment's annotations (except
// the ones the controller owns and kubectl's last-applied), raises the
// revision (recording the previous one in revision-history, within
// `history_limit_chars`) and, for a set about to be created, the replica
// annotations. True if anything changed.
bool SetNewReplicaSetAnnotations(const Json& d, Json& rs, const std::string& new_revision,
                                 bool exists, size_t history_limit_chars);
// desired-replicas / max-replicas.
std::optional<int32_t> DesiredReplicasAnnotation(const Json& rs);
std::optional<int32_t> MaxReplicasAnnotation(const Json& rs);
bool SetReplicasAnnotations(Json& rs, int32_t desired, int32_t max);
bool ReplicasAnnotationsNeedUpdate(const Json& rs, int32_t desired, int32_t max);

// --- Fenceposts and sizes ---------------------------------------------------

struct Fenceposts {
  int32_t max_surge = 0;
  int32_t max_unavailable = 0;
};
// ResolveFenceposts: surge rounds up, unavailable down; both 0 gives 1
// unavailable. Errors on values validation would reject.
Result<Fenceposts> ResolveFenceposts(const Json* max_surge, const Json* max_unavailable,
                                     int32_t desired);
int32_t MaxSurge(const Json& d);
// Capped at spec.replicas; 0 for Recreate or 0 replicas.
int32_t MaxUnavailable(const Json& d);

int32_t ReplicaCount(const std::vector<RSPtr>& sets);             // sum of spec.replicas
int32_t ActualReplicaCount(const std::vector<RSPtr>& sets);       // sum of status.replicas
int32_t ReadyReplicaCount(const std::vector<RSPtr>& sets);        // sum of status.readyReplicas
int32_t AvailableReplicaCount(const std::vector<RSPtr>& sets);    // sum of status.availableReplicas
std::vector<RSPtr> FilterActive(const std::vector<RSPtr>& sets);  // spec.replicas > 0

// NewRSNewReplicas: how far the new ReplicaSet may grow now.
Result<int32_t> NewRSNewReplicas(const Json& d, const std::vector<RSPtr>& all, const Json& new_rs);
bool IsSaturated(const Json& d, const RSPtr& rs);
// GetReplicaSetProportion: the share of `to_add` (already `added`) for `rs`.
int32_t ReplicaSetProportion(const Json& rs, const Json& d, int32_t to_add, int32_t added);

// --- Rollout state ------------------------------------------------------------

bool DeploymentComplete(const Json& d, const Json& new_status);
bool DeploymentProgressing(const Json& d, const Json& new_status);
bool DeploymentTimedOut(const Json& d, const Json& new_status, SystemTime now);

// --- Finding and sorting ReplicaSets ---------------------------------------

// EqualIgnoreHash: templates semantically equal once the pod-template-hash
// label is removed from both.
bool EqualIgnoreHash(const Json& template1, const Json& template2);
// The oldest ReplicaSet whose template equals the Deployment's.
RSPtr FindNewReplicaSet(const Json& d, const std::vector<RSPtr>& sets);
// Every set but the new one.
std::vector<RSPtr> FindOldReplicaSets(const Json& d, const std::vector<RSPtr>& sets);
// FindActiveOrLatest (sorts `old` newest first, as upstream does).
RSPtr FindActiveOrLatest(const RSPtr& new_rs, std::vector<RSPtr>& old);

void SortByCreationTimestamp(std::vector<RSPtr>& sets);
void SortBySizeNewer(std::vector<RSPtr>& sets);
void SortBySizeOlder(std::vector<RSPtr>& sets);
void SortByRevision(std::vector<RSPtr>& sets);

}  // namespace stead::controllers::deployment
