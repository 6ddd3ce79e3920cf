#include "controllers/deployment/util.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <set>

#include "controllers/framework/conditions.h"
#include "controllers/framework/pod_template.h"
#include "core/int_or_string.h"

namespace stead::controllers::deployment {
namespace {

// Annotations that are not copied from a Deployment to its ReplicaSets.
const std::set<std::string>& AnnotationsToSkip() {
  static const std::set<std::string> kSkip = {
      "kubectl.kubernetes.io/last-applied-configuration",
      kRevisionAnnotation,
      kRevisionHistoryAnnotation,
      kDesiredReplicasAnnotation,
      kMaxReplicasAnnotation,
      "deprecated.deployment.rollback.to",
  };
  return kSkip;
}

SystemTime CreationTime(const Json& obj) {
  SystemTime t{};
  ParseTime(GetString(obj, {"metadata", "creationTimestamp"}), &t);
  return t;
}

bool CreatedBefore(const RSPtr& a, const RSPtr& b) {
  SystemTime ta = CreationTime(*a), tb = CreationTime(*b);
  if (ta == tb) return MetaName(*a) < MetaName(*b);
  return ta < tb;
}

std::optional<int32_t> IntAnnotation(const Json& obj, const char* key) {
  const Json* v = Lookup(obj, {"metadata", "annotations", key});
  if (!v || !v->is_string()) return std::nullopt;
  const std::string& s = v->get_ref<const std::string&>();
  int32_t out = 0;
  auto res = std::from_chars(s.data(), s.data() + s.size(), out);
  if (res.ec != std::errc() || res.ptr != s.data() + s.size()) return std::nullopt;
  return out;
}

std::string Annotation(const Json& obj, const char* key) {
  return GetString(obj, {"metadata", "annotations", key});
}

Json GetOr(const Json& obj, std::initializer_list<std::string_view> path) {
  const Json* v = Lookup(obj, path);
  return v ? *v : Json::object();
}

const Json* RollingUpdate(const Json& d) {
  return Lookup(d, {"spec", "strategy", "rollingUpdate"});
}

const Json* RollingField(const Json& d, const char* field) {
  const Json* ru = RollingUpdate(d);
  return ru ? Lookup(*ru, {field}) : nullptr;
}

// copyDeploymentAnnotationsToReplicaSet.
bool CopyAnnotations(const Json& d, Json& rs) {
  bool changed = false;
  const Json* src = Lookup(d, {"metadata", "annotations"});
  if (!src || !src->is_object()) return false;
  Json& dst = Ensure(rs, {"metadata", "annotations"});
  for (const auto& [k, v] : src->items()) {
    if (AnnotationsToSkip().count(k) || (dst.contains(k) && dst[k] == v)) continue;
    dst[k] = v;
    changed = true;
  }
  return changed;
}

}  // namespace

int32_t Replicas(const Json& obj) {
  return static_cast<int32_t>(GetInt(obj, {"spec", "replicas"}, 1));
}

int32_t StatusInt(const Json& obj, const char* field) {
  return static_cast<int32_t>(GetInt(obj, {"status", field}));
}

bool IsRollingUpdate(const Json& d) {
  return GetString(d, {"spec", "strategy", "type"}) == "RollingUpdate";
}

bool HasProgressDeadline(const Json& d) {
  const Json* p = Lookup(d, {"spec", "progressDeadlineSeconds"});
  return p && p->is_number_integer() && p->get<int64_t>() != std::numeric_limits<int32_t>::max();
}

bool HasRevisionHistoryLimit(const Json& d) {
  const Json* l = Lookup(d, {"spec", "revisionHistoryLimit"});
  return l && l->is_number_integer() && l->get<int64_t>() != std::numeric_limits<int32_t>::max();
}

// --- Conditions ----------------------------------------------------------------

Json NewDeploymentCondition(const std::string& type, const std::string& status,
                            const std::string& reason, const std::string& message, SystemTime now) {
  std::string t = FormatTime(now);
  return Json{{"type", type},        {"status", status},
              {"lastUpdateTime", t}, {"lastTransitionTime", t},
              {"reason", reason},    {"message", message}};
}

const Json* GetDeploymentCondition(const Json& status, const std::string& type) {
  return FindCondition(status, type);
}

void RemoveDeploymentCondition(Json& status, const std::string& type) {
  RemoveCondition(status, type);
}

void SetDeploymentCondition(Json& status, Json condition) {
  std::string type = GetString(condition, {"type"});
  const Json* current = FindCondition(status, type);
  if (current && GetString(*current, {"status"}) == GetString(condition, {"status"})) {
    if (GetString(*current, {"reason"}) == GetString(condition, {"reason"})) return;
    condition["lastTransitionTime"] = GetString(*current, {"lastTransitionTime"});
  }
  ReplaceCondition(status, std::move(condition));
}

Json ReplicaSetToDeploymentCondition(const Json& c) {
  std::string t = GetString(c, {"lastTransitionTime"});
  return Json{{"type", GetString(c, {"type"})},
              {"status", GetString(c, {"status"})},
              {"lastUpdateTime", t},
              {"lastTransitionTime", t},
              {"reason", GetString(c, {"reason"})},
              {"message", GetString(c, {"message"})}};
}

// --- Revisions and annotations --------------------------------------------------

std::optional<int64_t> Revision(const Json& obj) {
  const Json* v = Lookup(obj, {"metadata", "annotations", kRevisionAnnotation});
  if (!v) return 0;
  if (!v->is_string()) return std::nullopt;
  const std::string& s = v->get_ref<const std::string&>();
  int64_t out = 0;
  auto res = std::from_chars(s.data(), s.data() + s.size(), out);
  if (res.ec != std::errc() || res.ptr != s.data() + s.size()) return std::nullopt;
  return out;
}

int64_t MaxRevision(const std::vector<RSPtr>& sets) {
  int64_t max = 0;
  for (const RSPtr& rs : sets) {
    if (!rs) continue;
    if (auto v = Revision(*rs); v && *v > max) max = *v;
  }
  return max;
}

int64_t LastRevision(const std::vector<RSPtr>& sets) {
  int64_t max = 0, second = 0;
  for (const RSPtr& rs : sets) {
    if (!rs) continue;
    auto v = Revision(*rs);
    if (!v) continue;
    if (*v >= max) {
      second = max;
      max = *v;
    } else if (*v > second) {
      second = *v;
    }
  }
  return second;
}

std::optional<int64_t> RollbackTo(const Json& d) {
  std::string v = Annotation(d, kDeprecatedRollbackTo);
  if (v.empty()) return std::nullopt;
  int64_t out = 0;
  auto res = std::from_chars(v.data(), v.data() + v.size(), out);
  if (res.ec != std::errc() || res.ptr != v.data() + v.size()) return std::nullopt;
  return out;
}

void RollbackToTemplateOf(Json& d, const Json& rs) {
  Json tmpl = GetOr(rs, {"spec", "template"});
  Erase(tmpl, {"metadata", "labels", kDefaultDeploymentUniqueLabelKey});
  Ensure(d, {"spec"})["template"] = std::move(tmpl);
  Json kept = Json::object();
  if (const Json* a = Lookup(d, {"metadata", "annotations"}); a && a->is_object()) {
    for (const auto& [k, v] : a->items()) {
      if (AnnotationsToSkip().count(k)) kept[k] = v;
    }
  }
  if (const Json* a = Lookup(rs, {"metadata", "annotations"}); a && a->is_object()) {
    for (const auto& [k, v] : a->items()) {
      if (!AnnotationsToSkip().count(k)) kept[k] = v;
    }
  }
  Ensure(d, {"metadata"})["annotations"] = std::move(kept);
}

bool SetDeploymentRevision(Json& d, const std::string& revision) {
  if (Annotation(d, kRevisionAnnotation) == revision) return false;
  Ensure(d, {"metadata", "annotations"})[kRevisionAnnotation] = revision;
  return true;
}

std::optional<int32_t> DesiredReplicasAnnotation(const Json& rs) {
  return IntAnnotation(rs, kDesiredReplicasAnnotation);
}

std::optional<int32_t> MaxReplicasAnnotation(const Json& rs) {
  return IntAnnotation(rs, kMaxReplicasAnnotation);
}

bool SetReplicasAnnotations(Json& rs, int32_t desired, int32_t max) {
  bool updated = false;
  Json& annotations = Ensure(rs, {"metadata", "annotations"});
  std::string desired_s = std::to_string(desired), max_s = std::to_string(max);
  if (GetString(annotations, {kDesiredReplicasAnnotation}) != desired_s ||
      !annotations.contains(kDesiredReplicasAnnotation)) {
    annotations[kDesiredReplicasAnnotation] = desired_s;
    updated = true;
  }
  if (GetString(annotations, {kMaxReplicasAnnotation}) != max_s ||
      !annotations.contains(kMaxReplicasAnnotation)) {
    annotations[kMaxReplicasAnnotation] = max_s;
    updated = true;
  }
  return updated;
}

bool ReplicasAnnotationsNeedUpdate(const Json& rs, int32_t desired, int32_t max) {
  const Json* a = Lookup(rs, {"metadata", "annotations"});
  if (!a || !a->is_object()) return true;
  return GetString(*a, {kDesiredReplicasAnnotation}) != std::to_string(desired) ||
         GetString(*a, {kMaxReplicasAnnotation}) != std::to_string(max);
}

bool SetNewReplicaSetAnnotations(const Json& d, Json& rs, const std::string& new_revision,
                                 bool exists, size_t history_limit_chars) {
  bool changed = CopyAnnotations(d, rs);
  Json& annotations = Ensure(rs, {"metadata", "annotations"});
  bool had_revision = annotations.contains(kRevisionAnnotation);
  std::string old_revision = GetString(annotations, {kRevisionAnnotation});
  int64_t old_value = 0;
  if (!old_revision.empty()) {
    auto res =
        std::from_chars(old_revision.data(), old_revision.data() + old_revision.size(), old_value);
    if (res.ec != std::errc() || res.ptr != old_revision.data() + old_revision.size()) {
      return false;
    }
  }
  int64_t new_value = 0;
  auto res =
      std::from_chars(new_revision.data(), new_revision.data() + new_revision.size(), new_value);
  if (res.ec != std::errc() || res.ptr != new_revision.data() + new_revision.size()) return false;
  if (old_value < new_value) {
    annotations[kRevisionAnnotation] = new_revision;
    changed = true;
  }
  // An existing set that gets a new revision is being rolled back to: keep
  // the revisions it had.
  if (had_revision && old_value < new_value) {
    std::string history = GetString(annotations, {kRevisionHistoryAnnotation});
    if (history.empty()) {
      annotations[kRevisionHistoryAnnotation] = old_revision;
    } else {
      std::vector<std::string> parts;
      size_t start = 0;
      for (size_t pos; (pos = history.find(',', start)) != std::string::npos; start = pos + 1) {
        parts.push_back(history.substr(start, pos - start));
      }
      parts.push_back(history.substr(start));
      size_t total = history.size() + old_revision.size() + 1;
      size_t first = 0;
      while (total > history_limit_chars && first < parts.size()) {
        total -= parts[first].size() + 1;
        ++first;
      }
      if (total <= history_limit_chars) {
        std::string joined;
        for (size_t i = first; i < parts.size(); ++i) joined += parts[i] + ",";
        annotations[kRevisionHistoryAnnotation] = joined + old_revision;
      }
    }
  }
  if (!exists && SetReplicasAnnotations(rs, Replicas(d), Replicas(d) + MaxSurge(d))) {
    changed = true;
  }
  return changed;
}

// --- Fenceposts and sizes -----------------------------------------------------------

Result<Fenceposts> ResolveFenceposts(const Json* max_surge, const Json* max_unavailable,
                                     int32_t desired) {
  const Json zero = 0;
  auto surge = GetScaledValueFromIntOrPercent(max_surge ? *max_surge : zero, desired, true);
  if (!surge.ok()) return surge.status();
  auto unavailable =
      GetScaledValueFromIntOrPercent(max_unavailable ? *max_unavailable : zero, desired, false);
  if (!unavailable.ok()) return unavailable.status();
  Fenceposts f{static_cast<int32_t>(*surge), static_cast<int32_t>(*unavailable)};
  // Rounding down can turn a valid maxUnavailable into 0; surge may not
  // work (quota), so allow one unavailable pod.
  if (f.max_surge == 0 && f.max_unavailable == 0) f.max_unavailable = 1;
  return f;
}

int32_t MaxSurge(const Json& d) {
  if (!IsRollingUpdate(d)) return 0;
  auto f = ResolveFenceposts(RollingField(d, "maxSurge"), RollingField(d, "maxUnavailable"),
                             Replicas(d));
  return f.ok() ? f->max_surge : 0;
}

int32_t MaxUnavailable(const Json& d) {
  if (!IsRollingUpdate(d) || Replicas(d) == 0) return 0;
  auto f = ResolveFenceposts(RollingField(d, "maxSurge"), RollingField(d, "maxUnavailable"),
                             Replicas(d));
  int32_t max = f.ok() ? f->max_unavailable : 0;
  return std::min(max, Replicas(d));
}

int32_t ReplicaCount(const std::vector<RSPtr>& sets) {
  int32_t n = 0;
  for (const RSPtr& rs : sets) n += rs ? Replicas(*rs) : 0;
  return n;
}

int32_t ActualReplicaCount(const std::vector<RSPtr>& sets) {
  int32_t n = 0;
  for (const RSPtr& rs : sets) n += rs ? StatusInt(*rs, "replicas") : 0;
  return n;
}

int32_t ReadyReplicaCount(const std::vector<RSPtr>& sets) {
  int32_t n = 0;
  for (const RSPtr& rs : sets) n += rs ? StatusInt(*rs, "readyReplicas") : 0;
  return n;
}

int32_t AvailableReplicaCount(const std::vector<RSPtr>& sets) {
  int32_t n = 0;
  for (const RSPtr& rs : sets) n += rs ? StatusInt(*rs, "availableReplicas") : 0;
  return n;
}

std::vector<RSPtr> FilterActive(const std::vector<RSPtr>& sets) {
  std::vector<RSPtr> out;
  for (const RSPtr& rs : sets) {
    if (rs && Replicas(*rs) > 0) out.push_back(rs);
  }
  return out;
}

Result<int32_t> NewRSNewReplicas(const Json& d, const std::vector<RSPtr>& all, const Json& new_rs) {
  std::string type = GetString(d, {"spec", "strategy", "type"});
  if (type == "RollingUpdate") {
    const Json zero = 0;
    const Json* surge_value = RollingField(d, "maxSurge");
    auto surge =
        GetScaledValueFromIntOrPercent(surge_value ? *surge_value : zero, Replicas(d), true);
    if (!surge.ok()) return surge.status();
    int32_t current = ReplicaCount(all);
    int32_t max_total = Replicas(d) + static_cast<int32_t>(*surge);
    if (current >= max_total) return Replicas(new_rs);
    int32_t scale_up = std::min(max_total - current, Replicas(d) - Replicas(new_rs));
    return Replicas(new_rs) + scale_up;
  }
  if (type == "Recreate") return Replicas(d);
  return Status::Invalid("deployment type " + type + " isn't supported");
}

bool IsSaturated(const Json& d, const RSPtr& rs) {
  if (!rs) return false;
  auto desired = DesiredReplicasAnnotation(*rs);
  if (!desired) return false;
  return Replicas(*rs) == Replicas(d) && *desired == Replicas(d) &&
         StatusInt(*rs, "availableReplicas") == Replicas(d);
}

namespace {

// getReplicaSetFraction.
int32_t ReplicaSetFraction(const Json& rs, const Json& d) {
  if (Replicas(d) == 0) return -Replicas(rs);
  int32_t max_replicas = Replicas(d) + MaxSurge(d);
  auto annotated = MaxReplicasAnnotation(rs);
  int32_t before = annotated.value_or(0);
  if (before == 0) {
    // Someone edited the annotations: fall back to the current size.
    before = StatusInt(d, "replicas");
    if (before == 0) return 0;
  }
  double size = static_cast<double>(static_cast<int64_t>(Replicas(rs)) * max_replicas) /
                static_cast<double>(before);
  // integer.RoundToInt32.
  int32_t rounded = size < 0 ? static_cast<int32_t>(size - 0.5) : static_cast<int32_t>(size + 0.5);
  return rounded - Replicas(rs);
}

}  // namespace

int32_t ReplicaSetProportion(const Json& rs, const Json& d, int32_t to_add, int32_t added) {
  if (Replicas(rs) == 0 || to_add == 0 || to_add == added) return 0;
  int32_t fraction = ReplicaSetFraction(rs, d);
  int32_t allowed = to_add - added;
  if (to_add > 0) return std::min(fraction, allowed);
  return std::max(fraction, allowed);
}

// --- Rollout state ----------------------------------------------------------------

bool DeploymentComplete(const Json& d, const Json& s) {
  int32_t want = Replicas(d);
  return GetInt(s, {"updatedReplicas"}) == want && GetInt(s, {"replicas"}) == want &&
         GetInt(s, {"availableReplicas"}) == want &&
         GetInt(s, {"observedGeneration"}) >= GetInt(d, {"metadata", "generation"});
}

bool DeploymentProgressing(const Json& d, const Json& s) {
  int64_t old_old = StatusInt(d, "replicas") - StatusInt(d, "updatedReplicas");
  int64_t new_old = GetInt(s, {"replicas"}) - GetInt(s, {"updatedReplicas"});
  return GetInt(s, {"updatedReplicas"}) > StatusInt(d, "updatedReplicas") || new_old < old_old ||
         GetInt(s, {"readyReplicas"}) > StatusInt(d, "readyReplicas") ||
         GetInt(s, {"availableReplicas"}) > StatusInt(d, "availableReplicas");
}

bool DeploymentTimedOut(const Json& d, const Json& s, SystemTime now) {
  if (!HasProgressDeadline(d)) return false;
  const Json* c = GetDeploymentCondition(s, kProgressing);
  if (!c) return false;
  std::string reason = GetString(*c, {"reason"});
  if (reason == kNewRSAvailableReason) return false;
  if (reason == kTimedOutReason) return true;
  SystemTime from{};
  ParseTime(GetString(*c, {"lastUpdateTime"}), &from);
  auto deadline = std::chrono::seconds(GetInt(d, {"spec", "progressDeadlineSeconds"}));
  return from + deadline < now;
}

// --- Finding and sorting --------------------------------------------------------------

bool EqualIgnoreHash(const Json& t1, const Json& t2) {
  Json a = t1, b = t2;
  Erase(a, {"metadata", "labels", kDefaultDeploymentUniqueLabelKey});
  Erase(b, {"metadata", "labels", kDefaultDeploymentUniqueLabelKey});
  return PodTemplatesEquivalent(a, b);
}

RSPtr FindNewReplicaSet(const Json& d, const std::vector<RSPtr>& sets) {
  std::vector<RSPtr> sorted = sets;
  SortByCreationTimestamp(sorted);
  const Json* tmpl = Lookup(d, {"spec", "template"});
  const Json empty = Json::object();
  for (const RSPtr& rs : sorted) {
    const Json* rs_tmpl = Lookup(*rs, {"spec", "template"});
    // The oldest wins when several are equal (a hash collision made one).
    if (EqualIgnoreHash(rs_tmpl ? *rs_tmpl : empty, tmpl ? *tmpl : empty)) return rs;
  }
  return nullptr;
}

std::vector<RSPtr> FindOldReplicaSets(const Json& d, const std::vector<RSPtr>& sets) {
  RSPtr new_rs = FindNewReplicaSet(d, sets);
  std::vector<RSPtr> out;
  for (const RSPtr& rs : sets) {
    if (new_rs && MetaUid(*rs) == MetaUid(*new_rs)) continue;
    out.push_back(rs);
  }
  return out;
}

RSPtr FindActiveOrLatest(const RSPtr& new_rs, std::vector<RSPtr>& old) {
  if (!new_rs && old.empty()) return nullptr;
  std::stable_sort(old.begin(), old.end(),
                   [](const RSPtr& a, const RSPtr& b) { return CreatedBefore(b, a); });
  std::vector<RSPtr> all = old;
  all.push_back(new_rs);
  std::vector<RSPtr> active = FilterActive(all);
  if (active.empty()) return new_rs ? new_rs : old[0];
  if (active.size() == 1) return active[0];
  return nullptr;
}

void SortByCreationTimestamp(std::vector<RSPtr>& sets) {
  std::stable_sort(sets.begin(), sets.end(), CreatedBefore);
}

void SortBySizeNewer(std::vector<RSPtr>& sets) {
  std::stable_sort(sets.begin(), sets.end(), [](const RSPtr& a, const RSPtr& b) {
    if (Replicas(*a) == Replicas(*b)) return CreatedBefore(b, a);
    return Replicas(*a) > Replicas(*b);
  });
}

void SortBySizeOlder(std::vector<RSPtr>& sets) {
  std::stable_sort(sets.begin(), sets.end(), [](const RSPtr& a, const RSPtr& b) {
    if (Replicas(*a) == Replicas(*b)) return CreatedBefore(a, b);
    return Replicas(*a) > Replicas(*b);
  });
}

void SortByRevision(std::vector<RSPtr>& sets) {
  std::stable_sort(sets.begin(), sets.end(), [](const RSPtr& a, const RSPtr& b) {
    auto ra = Revision(*a), rb = Revision(*b);
    if (!ra || !rb || *ra == *rb) return CreatedBefore(a, b);
    return *ra < *rb;
  });
}

}  // namespace stead::controllers::deployment
