#include "controllers/replicaset/pod_ranking.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "controllers/framework/pod_conditions.h"

namespace stead::controllers::replicaset {
namespace {

int PhaseOrdinal(const Json& pod) {
  std::string phase = GetString(pod, {"status", "phase"});
  if (phase == "Unknown") return 1;
  if (phase == "Running") return 2;
  return 0;  // Pending, and anything else
}

// helper.GetDeletionCostFromPodAnnotations; an invalid value counts as 0.
int32_t DeletionCost(const Json& pod) {
  std::string v = GetString(pod, {"metadata", "annotations", kPodDeletionCostAnnotation});
  int32_t cost = 0;
  auto res = std::from_chars(v.data(), v.data() + v.size(), cost);
  if (res.ec != std::errc() || res.ptr != v.data() + v.size()) return 0;
  return cost;
}

SystemTime CreationTime(const Json& pod) {
  SystemTime t{};
  ParseTime(GetString(pod, {"metadata", "creationTimestamp"}), &t);
  return t;
}

// afterOrZero: t1 is after t2, a zero time counting as after any other.
bool AfterOrZero(SystemTime t1, SystemTime t2) {
  if (t1 == SystemTime{} || t2 == SystemTime{}) return t1 == SystemTime{};
  return t1 > t2;
}

int64_t LogRank(SystemTime t, SystemTime now) {
  auto d = std::chrono::duration_cast<std::chrono::nanoseconds>(now - t).count();
  if (d <= 0) return -1;
  return static_cast<int64_t>(std::log2(static_cast<double>(d)));
}

// Newer (younger on the log2 scale) first; UID breaks ties of one rank.
bool YoungerFirst(SystemTime t1, SystemTime t2, const Json& a, const Json& b, SystemTime now) {
  if (now == SystemTime{} || t1 == SystemTime{} || t2 == SystemTime{}) return AfterOrZero(t1, t2);
  int64_t diff = LogRank(t1, now) - LogRank(t2, now);
  if (diff == 0) return MetaUid(a) < MetaUid(b);
  return diff < 0;
}

struct Restarts {
  int64_t regular = 0;
  int64_t sidecar = 0;
};

Restarts MaxRestarts(const Json& pod) {
  Restarts r;
  if (const Json* s = Lookup(pod, {"status", "containerStatuses"}); s && s->is_array()) {
    for (const Json& c : *s) r.regular = std::max(r.regular, GetInt(c, {"restartCount"}));
  }
  std::set<std::string> sidecars;
  if (const Json* s = Lookup(pod, {"spec", "initContainers"}); s && s->is_array()) {
    for (const Json& c : *s) {
      if (GetString(c, {"restartPolicy"}) == "Always") sidecars.insert(GetString(c, {"name"}));
    }
  }
  if (const Json* s = Lookup(pod, {"status", "initContainerStatuses"}); s && s->is_array()) {
    for (const Json& c : *s) {
      if (sidecars.count(GetString(c, {"name"}))) {
        r.sidecar = std::max(r.sidecar, GetInt(c, {"restartCount"}));
      }
    }
  }
  return r;
}

}  // namespace

bool PodDeletesBefore(const Json& a, int rank_a, const Json& b, int rank_b, SystemTime now) {
  std::string node_a = GetString(a, {"spec", "nodeName"});
  std::string node_b = GetString(b, {"spec", "nodeName"});
  if (node_a != node_b && (node_a.empty() || node_b.empty())) return node_a.empty();
  if (PhaseOrdinal(a) != PhaseOrdinal(b)) return PhaseOrdinal(a) < PhaseOrdinal(b);
  bool ready_a = IsPodReady(a), ready_b = IsPodReady(b);
  if (ready_a != ready_b) return !ready_a;
  if (int32_t ca = DeletionCost(a), cb = DeletionCost(b); ca != cb) return ca < cb;
  if (rank_a != rank_b) return rank_a > rank_b;
  if (ready_a && ready_b) {
    SystemTime ta = PodReadyTime(a), tb = PodReadyTime(b);
    if (ta != tb) return YoungerFirst(ta, tb, a, b, now);
  }
  Restarts ra = MaxRestarts(a), rb = MaxRestarts(b);
  if (ra.regular != rb.regular) return ra.regular > rb.regular;
  if (ra.sidecar != rb.sidecar) return ra.sidecar > rb.sidecar;
  SystemTime ca = CreationTime(a), cb = CreationTime(b);
  if (ca != cb) return YoungerFirst(ca, cb, a, b, now);
  return false;
}

std::vector<const Json*> PodsToDelete(const std::vector<const Json*>& pods,
                                      const std::vector<const Json*>& related, size_t diff,
                                      SystemTime now) {
  std::vector<const Json*> out = pods;
  diff = std::min(diff, out.size());
  if (diff < out.size()) {
    std::map<std::string, int> on_node;
    for (const Json* p : related) {
      if (IsPodActive(*p)) ++on_node[GetString(*p, {"spec", "nodeName"})];
    }
    auto rank = [&](const Json* p) { return on_node[GetString(*p, {"spec", "nodeName"})]; };
    std::stable_sort(out.begin(), out.end(), [&](const Json* a, const Json* b) {
      return PodDeletesBefore(*a, rank(a), *b, rank(b), now);
    });
  }
  out.resize(diff);
  return out;
}

}  // namespace stead::controllers::replicaset
