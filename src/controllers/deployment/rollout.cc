#include "controllers/deployment/rollout.h"

#include <algorithm>

#include "controllers/framework/controller_ref.h"
#include "controllers/framework/namespace_terminating.h"
#include "controllers/framework/pod_template_hash.h"

namespace stead::controllers::deployment {
namespace {

constexpr const char* kCounters[] = {"observedGeneration", "replicas",
                                     "updatedReplicas",    "readyReplicas",
                                     "availableReplicas",  "unavailableReplicas"};

Json StatusOf(const Json& obj) {
  const Json* s = Lookup(obj, {"status"});
  return s && s->is_object() ? *s : Json::object();
}

Json ConditionsOf(const Json& status) {
  const Json* c = Lookup(status, {"conditions"});
  return c && c->is_array() ? *c : Json::array();
}

std::optional<int32_t> CollisionCount(const Json& d) {
  const Json* c = Lookup(d, {"status", "collisionCount"});
  if (!c || !c->is_number_integer()) return std::nullopt;
  return c->get<int32_t>();
}

std::string Quote(const std::string& s) { return "\"" + s + "\""; }

RSPtr Snapshot(Json obj) { return std::make_shared<const Json>(std::move(obj)); }

std::vector<RSPtr> With(std::vector<RSPtr> sets, const RSPtr& rs) {
  sets.push_back(rs);
  return sets;
}

}  // namespace

bool DeploymentStatusEqual(const Json& a, const Json& b) {
  for (const char* c : kCounters) {
    if (GetInt(a, {c}) != GetInt(b, {c})) return false;
  }
  const Json* ca = Lookup(a, {"collisionCount"});
  const Json* cb = Lookup(b, {"collisionCount"});
  if ((ca == nullptr || ca->is_null()) != (cb == nullptr || cb->is_null())) return false;
  if (ca && cb && !ca->is_null() && *ca != *cb) return false;
  return ConditionsOf(a) == ConditionsOf(b);
}

Rollout::Rollout(Json d, std::vector<RSPtr> sets, PodMap pods, SystemTime now, Writer* writer)
    : d_(std::move(d)),
      sets_(std::move(sets)),
      pods_(std::move(pods)),
      now_(now),
      writer_(writer) {}

Status Rollout::UpdateStatus() {
  auto r = writer_->UpdateDeploymentStatus(d_);
  if (!r.ok()) return r.status();
  // Later writes of this sync build on the version just written.
  d_["metadata"]["resourceVersion"] = MetaResourceVersion(*r);
  return Status::OK();
}

Status Rollout::Sync() {
  if (MetaDeleting(d_)) return SyncStatusOnly();
  STEAD_RETURN_IF_ERROR(CheckPausedConditions());
  if (GetBool(d_, {"spec", "paused"})) return SyncScale();
  // Not re-entrant: the rollback's own update must be seen first.
  if (RollbackTo(d_)) return Rollback();
  auto scaling = IsScalingEvent();
  if (!scaling.ok()) return scaling.status();
  if (*scaling) return SyncScale();
  std::string type = GetString(d_, {"spec", "strategy", "type"});
  if (type == "Recreate") return RolloutRecreate();
  if (type == "RollingUpdate") return RolloutRolling();
  return Status::Invalid("unexpected deployment strategy type: " + type);
}

// --- sync.go -------------------------------------------------------------------

Status Rollout::SyncStatusOnly() {
  auto sets = GetAllReplicaSetsAndSyncRevision(false);
  if (!sets.ok()) return sets.status();
  return SyncDeploymentStatus(With(sets->old, sets->new_rs), sets->new_rs);
}

Status Rollout::SyncScale() {
  auto sets = GetAllReplicaSetsAndSyncRevision(false);
  if (!sets.ok()) return sets.status();
  STEAD_RETURN_IF_ERROR(Scale(sets->new_rs, sets->old));
  if (GetBool(d_, {"spec", "paused"}) && !RollbackTo(d_)) {
    STEAD_RETURN_IF_ERROR(CleanupDeployment(sets->old));
  }
  return SyncDeploymentStatus(With(sets->old, sets->new_rs), sets->new_rs);
}

Status Rollout::CheckPausedConditions() {
  if (!HasProgressDeadline(d_)) return Status::OK();
  Json status = StatusOf(d_);
  const Json* cond = GetDeploymentCondition(status, kProgressing);
  // A reported lack of progress is not overwritten.
  if (cond && GetString(*cond, {"reason"}) == kTimedOutReason) return Status::OK();
  bool paused_cond = cond && GetString(*cond, {"reason"}) == kPausedDeployReason;
  bool paused = GetBool(d_, {"spec", "paused"});
  if (paused && !paused_cond) {
    SetDeploymentCondition(status,
                           NewDeploymentCondition(kProgressing, "Unknown", kPausedDeployReason,
                                                  "Deployment is paused", now_));
  } else if (!paused && paused_cond) {
    SetDeploymentCondition(status,
                           NewDeploymentCondition(kProgressing, "Unknown", kResumedDeployReason,
                                                  "Deployment is resumed", now_));
  } else {
    return Status::OK();
  }
  d_["status"] = std::move(status);
  return UpdateStatus();
}

Result<Rollout::AllSets> Rollout::GetAllReplicaSetsAndSyncRevision(bool create_if_not_existed) {
  std::vector<RSPtr> old = FindOldReplicaSets(d_, sets_);
  auto new_rs = GetNewReplicaSet(old, create_if_not_existed);
  if (!new_rs.ok()) return new_rs.status();
  return AllSets{*new_rs, std::move(old)};
}

Result<RSPtr> Rollout::GetNewReplicaSet(const std::vector<RSPtr>& old, bool create_if_not_existed) {
  RSPtr existing = FindNewReplicaSet(d_, sets_);
  std::string new_revision = std::to_string(MaxRevision(old) + 1);
  const std::string ns = MetaNamespace(d_);

  if (existing) {
    Json copy = *existing;
    bool annotations_updated =
        SetNewReplicaSetAnnotations(d_, copy, new_revision, true, kMaxRevHistoryLengthInChars);
    int64_t min_ready = GetInt(d_, {"spec", "minReadySeconds"});
    bool min_ready_update = GetInt(copy, {"spec", "minReadySeconds"}) != min_ready;
    if (annotations_updated || min_ready_update) {
      copy["spec"]["minReadySeconds"] = min_ready;
      auto r = writer_->UpdateReplicaSet(copy);
      if (!r.ok()) return r.status();
      return Snapshot(std::move(r).value());
    }
    bool needs_update = SetDeploymentRevision(
        d_, GetString(copy, {"metadata", "annotations", kRevisionAnnotation}));
    Json status = StatusOf(d_);
    if (HasProgressDeadline(d_) && !GetDeploymentCondition(status, kProgressing)) {
      SetDeploymentCondition(
          status, NewDeploymentCondition(kProgressing, "True", kFoundNewRSReason,
                                         "Found new replica set " + Quote(MetaName(copy)), now_));
      d_["status"] = std::move(status);
      needs_update = true;
    }
    if (needs_update) STEAD_RETURN_IF_ERROR(UpdateStatus());
    return Snapshot(std::move(copy));
  }
  if (!create_if_not_existed) return RSPtr();

  const Json* tmpl_ptr = Lookup(d_, {"spec", "template"});
  Json tmpl = tmpl_ptr ? *tmpl_ptr : Json::object();
  std::string hash = ComputePodTemplateHash(tmpl, CollisionCount(d_));
  Ensure(tmpl, {"metadata", "labels"})[kDefaultDeploymentUniqueLabelKey] = hash;
  const Json* selector_ptr = Lookup(d_, {"spec", "selector"});
  Json selector = selector_ptr ? *selector_ptr : Json::object();
  Ensure(selector, {"matchLabels"})[kDefaultDeploymentUniqueLabelKey] = hash;

  Json rs = {{"apiVersion", "apps/v1"}, {"kind", "ReplicaSet"}};
  rs["metadata"] = {
      {"name", MetaName(d_) + "-" + hash},
      {"namespace", ns},
      {"ownerReferences",
       Json::array({NewControllerRef("apps/v1", "Deployment", MetaName(d_), MetaUid(d_))})},
      {"labels", tmpl["metadata"]["labels"]}};
  rs["spec"] = {{"replicas", 0},
                {"minReadySeconds", GetInt(d_, {"spec", "minReadySeconds"})},
                {"selector", std::move(selector)},
                {"template", std::move(tmpl)}};
  auto count = NewRSNewReplicas(d_, With(old, Snapshot(rs)), rs);
  if (!count.ok()) return count.status();
  rs["spec"]["replicas"] = *count;
  SetNewReplicaSetAnnotations(d_, rs, new_revision, false, kMaxRevHistoryLengthInChars);

  bool already_exists = false;
  RSPtr created;
  auto r = writer_->CreateReplicaSet(rs);
  if (r.ok()) {
    created = Snapshot(std::move(r).value());
  } else if (r.status().IsAlreadyExists()) {
    // A slow cache, or a hash collision.
    already_exists = true;
    auto found = writer_->GetReplicaSet(ns, MetaName(rs));
    if (!found.ok()) return found.status();
    const RSPtr& other = *found;
    const Json* other_tmpl = Lookup(*other, {"spec", "template"});
    if (ControllerUid(*other) == MetaUid(d_) && other_tmpl &&
        EqualIgnoreHash(*tmpl_ptr, *other_tmpl)) {
      created = other;
    } else {
      int32_t collisions = CollisionCount(d_).value_or(0);
      d_["status"]["collisionCount"] = collisions + 1;
      // The next sync retries with the new hash.
      (void)UpdateStatus();
      return r.status();
    }
  } else if (IsNamespaceTerminating(r.status())) {
    return r.status();
  } else {
    std::string msg =
        "Failed to create new replica set " + Quote(MetaName(rs)) + ": " + r.status().message();
    if (HasProgressDeadline(d_)) {
      Json status = StatusOf(d_);
      SetDeploymentCondition(
          status, NewDeploymentCondition(kProgressing, "False", kFailedRSCreateReason, msg, now_));
      d_["status"] = std::move(status);
      (void)UpdateStatus();
    }
    writer_->Event(d_, "Warning", kFailedRSCreateReason, msg);
    return r.status();
  }
  if (!already_exists && *count > 0) {
    writer_->Event(
        d_, "Normal", "ScalingReplicaSet",
        "Scaled up replica set " + MetaName(*created) + " from 0 to " + std::to_string(*count));
  }
  bool needs_update = SetDeploymentRevision(d_, new_revision);
  if (!already_exists && HasProgressDeadline(d_)) {
    Json status = StatusOf(d_);
    SetDeploymentCondition(
        status,
        NewDeploymentCondition(kProgressing, "True", kNewReplicaSetReason,
                               "Created new replica set " + Quote(MetaName(*created)), now_));
    d_["status"] = std::move(status);
    needs_update = true;
  }
  if (needs_update) STEAD_RETURN_IF_ERROR(UpdateStatus());
  return created;
}

Status Rollout::Scale(const RSPtr& new_rs, std::vector<RSPtr> old) {
  const int32_t want = Replicas(d_);
  if (RSPtr target = FindActiveOrLatest(new_rs, old)) {
    if (Replicas(*target) == want) return Status::OK();
    return ScaleReplicaSetAndRecordEvent(target, want).status();
  }
  // A saturated new set: old ones go to 0 (adoption during a saturated set).
  if (IsSaturated(d_, new_rs)) {
    for (const RSPtr& rs : FilterActive(old)) {
      STEAD_RETURN_IF_ERROR(ScaleReplicaSetAndRecordEvent(rs, 0).status());
    }
    return Status::OK();
  }
  if (!IsRollingUpdate(d_)) return Status::OK();
  // Proportional scaling of every active set.
  std::vector<RSPtr> all = FilterActive(With(old, new_rs));
  int32_t all_replicas = ReplicaCount(all);
  int32_t allowed = want > 0 ? want + MaxSurge(d_) : 0;
  int32_t to_add = allowed - all_replicas;
  std::string operation;
  if (to_add > 0) {
    SortBySizeNewer(all);
    operation = "up";
  } else if (to_add < 0) {
    SortBySizeOlder(all);
    operation = "down";
  }
  int32_t added = 0;
  std::map<std::string, int32_t> sizes;
  for (const RSPtr& rs : all) {
    if (to_add != 0) {
      int32_t proportion = ReplicaSetProportion(*rs, d_, to_add, added);
      sizes[MetaName(*rs)] = Replicas(*rs) + proportion;
      added += proportion;
    } else {
      sizes[MetaName(*rs)] = Replicas(*rs);
    }
  }
  for (size_t i = 0; i < all.size(); ++i) {
    const RSPtr& rs = all[i];
    int32_t& size = sizes[MetaName(*rs)];
    // Leftovers go to the largest set.
    if (i == 0 && to_add != 0) size = std::max(size + to_add - added, 0);
    STEAD_RETURN_IF_ERROR(ScaleReplicaSet(rs, size, operation).status());
  }
  return Status::OK();
}

Result<Rollout::Scaled> Rollout::ScaleReplicaSetAndRecordEvent(const RSPtr& rs, int32_t new_scale) {
  if (Replicas(*rs) == new_scale) return Scaled{false, rs};
  return ScaleReplicaSet(rs, new_scale, Replicas(*rs) < new_scale ? "up" : "down");
}

Result<Rollout::Scaled> Rollout::ScaleReplicaSet(const RSPtr& rs, int32_t new_scale,
                                                 const std::string& operation) {
  bool size_update = Replicas(*rs) != new_scale;
  int32_t desired = Replicas(d_), max = Replicas(d_) + MaxSurge(d_);
  bool annotations_update = ReplicasAnnotationsNeedUpdate(*rs, desired, max);
  if (!size_update && !annotations_update) return Scaled{false, rs};
  int32_t old_scale = Replicas(*rs);
  Json copy = *rs;
  copy["spec"]["replicas"] = new_scale;
  SetReplicasAnnotations(copy, desired, max);
  auto r = writer_->UpdateReplicaSet(copy);
  if (!r.ok()) return r.status();
  RSPtr updated = Snapshot(std::move(r).value());
  if (size_update) {
    writer_->Event(d_, "Normal", "ScalingReplicaSet",
                   "Scaled " + operation + " replica set " + MetaName(*updated) + " from " +
                       std::to_string(old_scale) + " to " + std::to_string(new_scale));
  }
  return Scaled{size_update, updated};
}

Status Rollout::CleanupDeployment(const std::vector<RSPtr>& old) {
  if (!HasRevisionHistoryLimit(d_)) return Status::OK();
  std::vector<RSPtr> cleanable;
  for (const RSPtr& rs : old) {
    if (rs && !MetaDeleting(*rs)) cleanable.push_back(rs);
  }
  int64_t diff =
      static_cast<int64_t>(cleanable.size()) - GetInt(d_, {"spec", "revisionHistoryLimit"});
  if (diff <= 0) return Status::OK();
  SortByRevision(cleanable);
  for (int64_t i = 0; i < diff; ++i) {
    const Json& rs = *cleanable[i];
    // Only sets that are fully scaled down and observed as such.
    if (StatusInt(rs, "replicas") != 0 || Replicas(rs) != 0 ||
        GetInt(rs, {"metadata", "generation"}) > GetInt(rs, {"status", "observedGeneration"}) ||
        MetaDeleting(rs)) {
      continue;
    }
    Status st = writer_->DeleteReplicaSet(rs);
    if (!st.ok() && !st.IsNotFound()) return st;
  }
  return Status::OK();
}

Result<bool> Rollout::IsScalingEvent() {
  auto sets = GetAllReplicaSetsAndSyncRevision(false);
  if (!sets.ok()) return sets.status();
  for (const RSPtr& rs : FilterActive(With(sets->old, sets->new_rs))) {
    auto desired = DesiredReplicasAnnotation(*rs);
    if (desired && *desired != Replicas(d_)) return true;
  }
  return false;
}

Json Rollout::CalculateStatus(const std::vector<RSPtr>& all, const RSPtr& new_rs) const {
  int32_t available = AvailableReplicaCount(all);
  int32_t unavailable = std::max(ReplicaCount(all) - available, 0);
  Json status = {{"observedGeneration", GetInt(d_, {"metadata", "generation"})},
                 {"replicas", ActualReplicaCount(all)},
                 {"updatedReplicas", ActualReplicaCount({new_rs})},
                 {"readyReplicas", ReadyReplicaCount(all)},
                 {"availableReplicas", available},
                 {"unavailableReplicas", unavailable}};
  if (auto c = CollisionCount(d_)) status["collisionCount"] = *c;
  Json conditions = ConditionsOf(StatusOf(d_));
  if (!conditions.empty()) status["conditions"] = conditions;
  if (available >= Replicas(d_) - MaxUnavailable(d_)) {
    SetDeploymentCondition(status,
                           NewDeploymentCondition(kAvailable, "True", kMinimumReplicasAvailable,
                                                  "Deployment has minimum availability.", now_));
  } else {
    SetDeploymentCondition(
        status, NewDeploymentCondition(kAvailable, "False", kMinimumReplicasUnavailable,
                                       "Deployment does not have minimum availability.", now_));
  }
  return status;
}

Status Rollout::SyncDeploymentStatus(const std::vector<RSPtr>& all, const RSPtr& new_rs) {
  Json status = CalculateStatus(all, new_rs);
  if (DeploymentStatusEqual(StatusOf(d_), status)) return Status::OK();
  d_["status"] = std::move(status);
  return UpdateStatus();
}

// --- rollback.go -------------------------------------------------------------------

Status Rollout::Rollback() {
  auto sets = GetAllReplicaSetsAndSyncRevision(true);
  if (!sets.ok()) return sets.status();
  std::vector<RSPtr> all = With(sets->old, sets->new_rs);
  int64_t revision = *RollbackTo(d_);
  if (revision == 0) {
    revision = LastRevision(all);
    if (revision == 0) {
      writer_->Event(d_, "Warning", kRollbackRevisionNotFound, "Unable to find last revision.");
      return UpdateDeploymentAndClearRollbackTo();
    }
  }
  for (const RSPtr& rs : all) {
    if (!rs) continue;
    auto v = Revision(*rs);
    if (!v || *v != revision) continue;
    const Json* tmpl = Lookup(d_, {"spec", "template"});
    const Json* rs_tmpl = Lookup(*rs, {"spec", "template"});
    bool performed = false;
    if (!tmpl || !rs_tmpl || !EqualIgnoreHash(*tmpl, *rs_tmpl)) {
      RollbackToTemplateOf(d_, *rs);
      performed = true;
    } else {
      writer_->Event(d_, "Warning", kRollbackTemplateUnchanged,
                     "The rollback revision contains the same template as current deployment " +
                         Quote(MetaName(d_)));
    }
    Status st = UpdateDeploymentAndClearRollbackTo();
    if (performed && st.ok()) {
      writer_->Event(d_, "Normal", kRollbackDone,
                     "Rolled back deployment " + Quote(MetaName(d_)) + " to revision " +
                         std::to_string(revision));
    }
    return st;
  }
  writer_->Event(d_, "Warning", kRollbackRevisionNotFound,
                 "Unable to find the revision to rollback to.");
  return UpdateDeploymentAndClearRollbackTo();
}

Status Rollout::UpdateDeploymentAndClearRollbackTo() {
  Erase(d_, {"metadata", "annotations", kDeprecatedRollbackTo});
  auto r = writer_->UpdateDeployment(d_);
  if (!r.ok()) return r.status();
  d_["metadata"]["resourceVersion"] = MetaResourceVersion(*r);
  return Status::OK();
}

// --- rolling.go ------------------------------------------------------------------

Status Rollout::RolloutRolling() {
  auto sets = GetAllReplicaSetsAndSyncRevision(true);
  if (!sets.ok()) return sets.status();
  const RSPtr& new_rs = sets->new_rs;
  std::vector<RSPtr> all = With(sets->old, new_rs);
  auto up = ReconcileNewReplicaSet(all, new_rs);
  if (!up.ok()) return up.status();
  if (*up) return SyncRolloutStatus(all, new_rs);
  auto down = ReconcileOldReplicaSets(all, FilterActive(sets->old), new_rs);
  if (!down.ok()) return down.status();
  if (*down) return SyncRolloutStatus(all, new_rs);
  if (DeploymentComplete(d_, StatusOf(d_))) STEAD_RETURN_IF_ERROR(CleanupDeployment(sets->old));
  return SyncRolloutStatus(all, new_rs);
}

Result<bool> Rollout::ReconcileNewReplicaSet(const std::vector<RSPtr>& all, const RSPtr& new_rs) {
  const int32_t want = Replicas(d_);
  if (Replicas(*new_rs) == want) return false;
  if (Replicas(*new_rs) > want) {
    auto r = ScaleReplicaSetAndRecordEvent(new_rs, want);
    if (!r.ok()) return r.status();
    return r->scaled;
  }
  auto count = NewRSNewReplicas(d_, all, *new_rs);
  if (!count.ok()) return count.status();
  auto r = ScaleReplicaSetAndRecordEvent(new_rs, *count);
  if (!r.ok()) return r.status();
  return r->scaled;
}

Result<bool> Rollout::ReconcileOldReplicaSets(const std::vector<RSPtr>& all, std::vector<RSPtr> old,
                                              const RSPtr& new_rs) {
  if (ReplicaCount(old) == 0) return false;
  int32_t all_pods = ReplicaCount(all);
  int32_t min_available = Replicas(d_) - MaxUnavailable(d_);
  int32_t new_unavailable = Replicas(*new_rs) - StatusInt(*new_rs, "availableReplicas");
  // Scaling down must not make availability worse: count the surge pods
  // and the new set's unavailable pods too.
  int32_t max_scaled_down = all_pods - min_available - new_unavailable;
  if (max_scaled_down <= 0) return false;
  // Unhealthy replicas first: they would otherwise block the rollout.
  auto cleaned = CleanupUnhealthyReplicas(old, max_scaled_down);
  if (!cleaned.ok()) return false;
  auto scaled = ScaleDownOldReplicaSetsForRollingUpdate(With(old, new_rs), old);
  if (!scaled.ok()) return false;
  return *cleaned + *scaled > 0;
}

Result<int32_t> Rollout::CleanupUnhealthyReplicas(std::vector<RSPtr>& old, int32_t max_cleanup) {
  SortByCreationTimestamp(old);
  int32_t total = 0;
  for (RSPtr& rs : old) {
    if (total >= max_cleanup) break;
    int32_t replicas = Replicas(*rs);
    int32_t available = StatusInt(*rs, "availableReplicas");
    if (replicas == 0 || replicas == available) continue;
    int32_t count = std::min(max_cleanup - total, replicas - available);
    int32_t new_count = replicas - count;
    if (new_count > replicas) {
      return Status::Internal(
          "when cleaning up unhealthy replicas, got invalid request to scale "
          "down " +
          MetaNamespace(*rs) + "/" + MetaName(*rs) + " " + std::to_string(replicas) + " -> " +
          std::to_string(new_count));
    }
    auto r = ScaleReplicaSetAndRecordEvent(rs, new_count);
    if (!r.ok()) return r.status();
    total += count;
    rs = r->rs;
  }
  return total;
}

Result<int32_t> Rollout::ScaleDownOldReplicaSetsForRollingUpdate(const std::vector<RSPtr>& all,
                                                                 std::vector<RSPtr> old) {
  int32_t min_available = Replicas(d_) - MaxUnavailable(d_);
  int32_t available = AvailableReplicaCount(all);
  if (available <= min_available) return 0;
  SortByCreationTimestamp(old);
  int32_t total = 0;
  int32_t target = available - min_available;
  for (const RSPtr& rs : old) {
    if (total >= target) break;
    int32_t replicas = Replicas(*rs);
    if (replicas == 0) continue;
    int32_t count = std::min(replicas, target - total);
    auto r = ScaleReplicaSetAndRecordEvent(rs, replicas - count);
    if (!r.ok()) return r.status();
    total += count;
  }
  return total;
}

// --- recreate.go ------------------------------------------------------------------

Status Rollout::RolloutRecreate() {
  // No new set yet: scale down before anything scales up.
  auto sets = GetAllReplicaSetsAndSyncRevision(false);
  if (!sets.ok()) return sets.status();
  RSPtr new_rs = sets->new_rs;
  std::vector<RSPtr> old = sets->old;
  std::vector<RSPtr> all = With(old, new_rs);
  std::vector<RSPtr> active_old = FilterActive(old);
  auto down = ScaleDownOldReplicaSetsForRecreate(active_old);
  if (!down.ok()) return down.status();
  if (*down) return SyncRolloutStatus(all, new_rs);
  if (OldPodsRunning(new_rs, old)) return SyncRolloutStatus(all, new_rs);
  if (!new_rs) {
    auto created = GetAllReplicaSetsAndSyncRevision(true);
    if (!created.ok()) return created.status();
    new_rs = created->new_rs;
    old = created->old;
    all = With(old, new_rs);
  }
  STEAD_RETURN_IF_ERROR(ScaleReplicaSetAndRecordEvent(new_rs, Replicas(d_)).status());
  if (DeploymentComplete(d_, StatusOf(d_))) STEAD_RETURN_IF_ERROR(CleanupDeployment(old));
  return SyncRolloutStatus(all, new_rs);
}

Result<bool> Rollout::ScaleDownOldReplicaSetsForRecreate(std::vector<RSPtr>& old) {
  bool scaled = false;
  for (RSPtr& rs : old) {
    if (Replicas(*rs) == 0) continue;
    auto r = ScaleReplicaSetAndRecordEvent(rs, 0);
    if (!r.ok()) return r.status();
    if (r->scaled) {
      rs = r->rs;
      scaled = true;
    }
  }
  return scaled;
}

bool Rollout::OldPodsRunning(const RSPtr& new_rs, const std::vector<RSPtr>& old) const {
  if (ActualReplicaCount(old) > 0) return true;
  for (const auto& [uid, pods] : pods_) {
    if (new_rs && MetaUid(*new_rs) == uid) continue;
    for (const Json* pod : pods) {
      std::string phase = GetString(*pod, {"status", "phase"});
      // Terminal pods do not count; Unknown ones might still run.
      if (phase != "Failed" && phase != "Succeeded") return true;
    }
  }
  return false;
}

// --- progress.go ------------------------------------------------------------------

Status Rollout::SyncRolloutStatus(const std::vector<RSPtr>& all, const RSPtr& new_rs) {
  Json status = CalculateStatus(all, new_rs);
  if (!HasProgressDeadline(d_)) RemoveDeploymentCondition(status, kProgressing);
  const Json current_status = StatusOf(d_);
  const Json* current = GetDeploymentCondition(current_status, kProgressing);
  bool complete_rollout = GetInt(status, {"replicas"}) == GetInt(status, {"updatedReplicas"}) &&
                          current && GetString(*current, {"reason"}) == kNewRSAvailableReason;
  if (HasProgressDeadline(d_) && !complete_rollout) {
    const std::string name = MetaName(d_);
    if (DeploymentComplete(d_, status)) {
      std::string msg =
          new_rs ? "ReplicaSet " + Quote(MetaName(*new_rs)) + " has successfully progressed."
                 : "Deployment " + Quote(name) + " has successfully progressed.";
      SetDeploymentCondition(
          status, NewDeploymentCondition(kProgressing, "True", kNewRSAvailableReason, msg, now_));
    } else if (DeploymentProgressing(d_, status)) {
      std::string msg = new_rs ? "ReplicaSet " + Quote(MetaName(*new_rs)) + " is progressing."
                               : "Deployment " + Quote(name) + " is progressing.";
      Json condition =
          NewDeploymentCondition(kProgressing, "True", kReplicaSetUpdatedReason, msg, now_);
      // Progress refreshes lastUpdateTime even with the same reason.
      if (current) {
        if (GetString(*current, {"status"}) == "True") {
          condition["lastTransitionTime"] = GetString(*current, {"lastTransitionTime"});
        }
        RemoveDeploymentCondition(status, kProgressing);
      }
      SetDeploymentCondition(status, std::move(condition));
    } else if (DeploymentTimedOut(d_, status, now_)) {
      std::string msg =
          new_rs ? "ReplicaSet " + Quote(MetaName(*new_rs)) + " has timed out progressing."
                 : "Deployment " + Quote(name) + " has timed out progressing.";
      SetDeploymentCondition(
          status, NewDeploymentCondition(kProgressing, "False", kTimedOutReason, msg, now_));
    }
  }
  // ReplicaFailure of the new set first, else of any set.
  std::optional<Json> failure;
  auto find_failure = [&](const RSPtr& rs) {
    if (!rs || failure) return;
    const Json* conditions = Lookup(*rs, {"status", "conditions"});
    if (!conditions || !conditions->is_array()) return;
    for (const Json& c : *conditions) {
      if (GetString(c, {"type"}) == kReplicaFailure) {
        failure = ReplicaSetToDeploymentCondition(c);
        return;
      }
    }
  };
  find_failure(new_rs);
  for (const RSPtr& rs : all) find_failure(rs);
  if (failure) {
    SetDeploymentCondition(status, std::move(*failure));
  } else {
    RemoveDeploymentCondition(status, kReplicaFailure);
  }
  if (DeploymentStatusEqual(current_status, status)) {
    RequeueStuckDeployment(status);
    return Status::OK();
  }
  d_["status"] = std::move(status);
  return UpdateStatus();
}

void Rollout::RequeueStuckDeployment(const Json& new_status) {
  const Json current_status = StatusOf(d_);
  const Json* current = GetDeploymentCondition(current_status, kProgressing);
  if (!HasProgressDeadline(d_) || !current) return;
  if (DeploymentComplete(d_, new_status) || GetString(*current, {"reason"}) == kTimedOutReason) {
    return;
  }
  // Look again when the deadline passes: lastUpdateTime + deadline - now.
  SystemTime updated{};
  ParseTime(GetString(*current, {"lastUpdateTime"}), &updated);
  auto after = std::chrono::duration_cast<std::chrono::milliseconds>(
      updated + std::chrono::seconds(GetInt(d_, {"spec", "progressDeadlineSeconds"})) - now_);
  if (after < std::chrono::seconds(1)) {
    writer_->Requeue(std::chrono::milliseconds(0));
    return;
  }
  // A second more against millisecond skew.
  writer_->Requeue(after + std::chrono::seconds(1));
}

}  // namespace stead::controllers::deployment
