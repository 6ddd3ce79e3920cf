// One sync of a Deployment, once its ReplicaSets are claimed: upstream's
// sync.go, rolling.go, recreate.go and progress.go.
//
//   * a paused Deployment, or one whose active ReplicaSets record another
//     desired size (a scaling event), is only scaled — proportionally
//     across the new and old sets during a rollout — and its status synced;
//   * RollingUpdate grows the new set while the total stays within
//     replicas + maxSurge, and shrinks old sets (unhealthy replicas first)
//     while at least replicas - maxUnavailable stay available;
//   * Recreate scales every old set to 0, waits until none of their pods
//     is left, then creates and scales up the new set;
//   * the new set is "<name>-<pod-template-hash>" (pod_template_hash.h,
//     with status.collisionCount; an existing set of that name with another
//     template bumps collisionCount), and carries the revision annotations;
//   * old sets beyond revisionHistoryLimit are deleted once at 0 replicas;
//   * status: counters, Available (MinimumReplicasAvailable /
//     MinimumReplicasUnavailable) and Progressing (NewReplicaSetCreated,
//     FoundNewReplicaSet, ReplicaSetUpdated, NewReplicaSetAvailable,
//     ProgressDeadlineExceeded, DeploymentPaused, DeploymentResumed),
//     ReplicaFailure copied from the ReplicaSets;
//   * the deprecated rollbackTo annotation (extensions/v1beta1's
//     rollback) copies the template of that revision back (rollback.go).
//
// All writes and events go through the Writer, so the algorithm runs
// against a fake in tests. The Deployment is a working copy: status
// conditions set on the way are those of later writes, as upstream.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "controllers/deployment/util.h"
#include "core/result.h"

namespace stead::controllers::deployment {

// The I/O of a sync.
class Writer {
 public:
  virtual ~Writer() = default;
  // Return the object as stored.
  virtual Result<Json> CreateReplicaSet(const Json& rs) = 0;
  virtual Result<Json> UpdateReplicaSet(const Json& rs) = 0;
  virtual Status DeleteReplicaSet(const Json& rs) = 0;
  // The cached ReplicaSet of that name (after an AlreadyExists).
  virtual Result<RSPtr> GetReplicaSet(const std::string& ns, const std::string& name) = 0;
  // PUT the Deployment's status (and its changed annotations).
  virtual Result<Json> UpdateDeploymentStatus(const Json& d) = 0;
  // PUT the Deployment itself (the deprecated rollback clears its annotation).
  virtual Result<Json> UpdateDeployment(const Json& d) = 0;
  virtual void Event(const Json& d, const std::string& type, const std::string& reason,
                     const std::string& message) = 0;
  // Sync the Deployment again after `delay` (zero: now, rate limited).
  virtual void Requeue(std::chrono::milliseconds delay) = 0;
};

// Pods of the Deployment by the UID of the ReplicaSet controlling them.
using PodMap = std::map<std::string, std::vector<const Json*>>;

// upstream's maxRevHistoryLengthInChars.
inline constexpr size_t kMaxRevHistoryLengthInChars = 2000;

class Rollout {
 public:
  // `d` is the Deployment (a copy the sync may change), `sets` the
  // ReplicaSets it owns, `pods` its pods.
  Rollout(Json d, std::vector<RSPtr> sets, PodMap pods, SystemTime now, Writer* writer);

  // syncDeployment after the claims: everything but the SelectingAll check.
  Status Sync();

  const Json& deployment() const { return d_; }

 private:
  Status SyncStatusOnly();
  Status SyncScale();  // upstream's sync()
  Status CheckPausedConditions();
  Result<bool> IsScalingEvent();
  Status Rollback();
  Status UpdateDeploymentAndClearRollbackTo();
  Status RolloutRolling();
  Status RolloutRecreate();

  struct AllSets {
    RSPtr new_rs;
    std::vector<RSPtr> old;
  };
  Result<AllSets> GetAllReplicaSetsAndSyncRevision(bool create_if_not_existed);
  Result<RSPtr> GetNewReplicaSet(const std::vector<RSPtr>& old, bool create_if_not_existed);

  Status Scale(const RSPtr& new_rs, std::vector<RSPtr> old);
  struct Scaled {
    bool scaled = false;
    RSPtr rs;
  };
  Result<Scaled> ScaleReplicaSetAndRecordEvent(const RSPtr& rs, int32_t new_scale);
  Result<Scaled> ScaleReplicaSet(const RSPtr& rs, int32_t new_scale, const std::string& operation);
  Status CleanupDeployment(const std::vector<RSPtr>& old);

  Result<bool> ReconcileNewReplicaSet(const std::vector<RSPtr>& all, const RSPtr& new_rs);
  Result<bool> ReconcileOldReplicaSets(const std::vector<RSPtr>& all, std::vector<RSPtr> old,
                                       const RSPtr& new_rs);
  Result<int32_t> CleanupUnhealthyReplicas(std::vector<RSPtr>& old, int32_t max_cleanup);
  Result<int32_t> ScaleDownOldReplicaSetsForRollingUpdate(const std::vector<RSPtr>& all,
                                                          std::vector<RSPtr> old);
  Result<bool> ScaleDownOldReplicaSetsForRecreate(std::vector<RSPtr>& old);
  bool OldPodsRunning(const RSPtr& new_rs, const std::vector<RSPtr>& old) const;

  Json CalculateStatus(const std::vector<RSPtr>& all, const RSPtr& new_rs) const;
  Status SyncDeploymentStatus(const std::vector<RSPtr>& all, const RSPtr& new_rs);
  Status SyncRolloutStatus(const std::vector<RSPtr>& all, const RSPtr& new_rs);
  void RequeueStuckDeployment(const Json& new_status);
  Status UpdateStatus();

  Json d_;
  std::vector<RSPtr> sets_;
  PodMap pods_;
  const SystemTime now_;
  Writer* const writer_;
};

// Status objects compared as upstream compares DeploymentStatus structs
// (absent counters are 0).
bool DeploymentStatusEqual(const Json& a, const Json& b);

}  // namespace stead::controllers::deployment
