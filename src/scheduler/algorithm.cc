#include "scheduler/algorithm.h"

#include <algorithm>
#include <optional>
#include <set>

#include "scheduler/fit.h"
#include "scheduler/node_selection.h"

namespace stead::scheduler {

namespace {

constexpr int64_t kMaxNodeScore = 100;

// A node's verdict: kUnschedulable may be fixed by preempting pods there,
// kUnresolvable may not (upstream Unschedulable / UnschedulableAndUnresolvable).
enum class Code { kSuccess, kUnschedulable, kUnresolvable };

struct NodeStatus {
  Code code = Code::kSuccess;
  std::vector<std::string> reasons;
};

NodeStatus Fail(Code code, std::string reason) { return {code, {std::move(reason)}}; }

NodeStatus Filter(const Json& pod, const PlacedPod& placed, const VolumeConstraints& volumes,
                  const NodeInfo& info) {
  const Json& node = *info.node;
  const Json* tolerations = Lookup(pod, {"spec", "tolerations"});
  if (GetBool(node, {"spec", "unschedulable"})) {
    std::vector<Json> unschedulable = {
        {{"key", "node.kubernetes.io/unschedulable"}, {"effect", "NoSchedule"}}};
    if (FindUntoleratedTaint(unschedulable, tolerations, {"NoSchedule"}) != nullptr) {
      return Fail(Code::kUnresolvable, "node(s) were unschedulable");
    }
  }
  if (const Json* taint =
          FindUntoleratedTaint(info.taints, tolerations, {"NoSchedule", "NoExecute"})) {
    return Fail(Code::kUnresolvable, "node(s) had untolerated taint {" +
                                         GetString(*taint, {"key"}) + ": " +
                                         GetString(*taint, {"value"}) + "}");
  }
  if (!MatchesRequiredNodeAffinity(pod, node)) {
    return Fail(Code::kUnresolvable, kNodeAffinityReason);
  }
  if (!HostPortsFit(placed.host_ports, info)) {
    return Fail(Code::kUnschedulable, kNodePortsReason);
  }
  std::vector<InsufficientResource> insufficient = InsufficientResources(placed.requests, info);
  if (!insufficient.empty()) {
    NodeStatus status{Code::kUnschedulable, {}};
    for (const InsufficientResource& r : insufficient) status.reasons.push_back(r.Reason());
    return status;
  }
  if (volumes.missing_volume) {
    return Fail(Code::kUnresolvable,
                "node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)");
  }
  for (const Json& terms : volumes.node_affinities) {
    if (!MatchNodeSelectorTerms(&terms, node)) {
      return Fail(Code::kUnresolvable, "node(s) had volume node affinity conflict");
    }
  }
  return {};
}

// The node names a required node affinity limits the pod to through
// matchFields metadata.name In (upstream NodeAffinity PreFilter); nullopt
// when it does not limit them.
std::optional<std::set<std::string>> NodeNamesFromAffinity(const Json& pod) {
  const Json* terms =
      Lookup(pod, {"spec", "affinity", "nodeAffinity",
                   "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms"});
  if (terms == nullptr || !terms->is_array() || terms->empty()) return std::nullopt;
  std::set<std::string> all;
  for (const Json& term : *terms) {
    std::optional<std::set<std::string>> names;
    if (const Json* fields = Lookup(term, {"matchFields"}); fields && fields->is_array()) {
      for (const Json& r : *fields) {
        if (GetString(r, {"key"}) != "metadata.name" || GetString(r, {"operator"}) != "In") {
          continue;
        }
        std::set<std::string> values;
        if (const Json* v = Lookup(r, {"values"}); v && v->is_array()) {
          for (const Json& s : *v) {
            if (s.is_string()) values.insert(s.get<std::string>());
          }
        }
        if (!names) {
          names = std::move(values);
        } else {
          std::set<std::string> both;
          std::set_intersection(names->begin(), names->end(), values.begin(), values.end(),
                                std::inserter(both, both.begin()));
          names = std::move(both);
        }
      }
    }
    if (!names) return std::nullopt;  // terms are ORed: this one allows every node
    all.insert(names->begin(), names->end());
  }
  return all;
}

// "<count> <reason>" sorted as strings, joined by ", " (upstream's histogram).
std::string Histogram(const std::map<std::string, int>& reasons) {
  std::vector<std::string> parts;
  for (const auto& [reason, count] : reasons) parts.push_back(std::to_string(count) + " " + reason);
  std::sort(parts.begin(), parts.end());
  std::string out;
  for (const std::string& p : parts) {
    if (!out.empty()) out += ", ";
    out += p;
  }
  return out;
}

std::string NodesAvailable(size_t n) { return "0/" + std::to_string(n) + " nodes are available:"; }

// The FitError text plus what the preemption PostFilter adds (stead never
// preempts: nodes that failed resolvably have no victims, the others are
// beyond help).
std::string FitErrorMessage(const Json& pod, size_t num_nodes, const std::string& prefilter,
                            const std::map<std::string, NodeStatus>& statuses) {
  std::string msg = NodesAvailable(num_nodes);
  std::map<std::string, int> preemption;
  if (!prefilter.empty()) {
    msg += " " + prefilter + ".";
    preemption["Preemption is not helpful for scheduling"] = static_cast<int>(num_nodes);
  } else {
    std::map<std::string, int> reasons;
    for (const auto& [name, status] : statuses) {
      for (const std::string& r : status.reasons) ++reasons[r];
      ++preemption[status.code == Code::kUnschedulable
                       ? "No preemption victims found for incoming pod"
                       : "Preemption is not helpful for scheduling"];
    }
    if (!reasons.empty()) msg += " " + Histogram(reasons) + ".";
  }
  if (GetString(pod, {"spec", "preemptionPolicy"}) == "Never") {
    msg += " preemption: not eligible due to preemptionPolicy=Never.";
  } else {
    msg += " preemption: " + NodesAvailable(num_nodes) + " " + Histogram(preemption) + ".";
  }
  return msg;
}

int64_t LeastAllocatedScore(const Resources& pod, const NodeInfo& info) {
  auto score = [](int64_t requested, int64_t capacity) -> int64_t {
    if (capacity == 0 || requested > capacity) return 0;
    return (capacity - requested) * kMaxNodeScore / capacity;
  };
  int64_t cpu =
      score(info.non_zero_requested.milli_cpu + pod.milli_cpu, info.allocatable.milli_cpu);
  int64_t mem = score(info.non_zero_requested.memory + pod.memory, info.allocatable.memory);
  return (cpu + mem) / 2;
}

int64_t CountPreferNoSchedule(const Json& pod, const NodeInfo& info) {
  const Json* tolerations = Lookup(pod, {"spec", "tolerations"});
  int64_t n = 0;
  for (const Json& taint : info.taints) {
    if (FindUntoleratedTaint({taint}, tolerations, {"PreferNoSchedule"}) != nullptr) ++n;
  }
  return n;
}

}  // namespace

ScheduleDecision Schedule(const Json& pod, const PlacedPod& placed,
                          const VolumeConstraints& volumes,
                          const std::map<std::string, NodeInfo>& nodes) {
  std::vector<const NodeInfo*> all;
  for (const auto& [name, info] : nodes) {
    if (info.node != nullptr) all.push_back(&info);
  }
  ScheduleDecision decision;
  if (all.empty()) {
    decision.message = kNoNodesAvailable;
    return decision;
  }
  if (!volumes.rejection.empty()) {
    decision.message = FitErrorMessage(pod, all.size(), volumes.rejection, {});
    return decision;
  }
  std::optional<std::set<std::string>> allowed = NodeNamesFromAffinity(pod);
  if (allowed && allowed->empty()) {
    decision.message = FitErrorMessage(pod, all.size(), "pod affinity terms conflict", {});
    return decision;
  }

  std::map<std::string, NodeStatus> statuses;
  std::vector<const NodeInfo*> feasible;
  for (const NodeInfo* info : all) {
    if (allowed && !allowed->count(info->name)) {
      statuses[info->name] =
          Fail(Code::kUnresolvable, "node(s) didn't satisfy plugin(s) [NodeAffinity]");
      continue;
    }
    NodeStatus status = Filter(pod, placed, volumes, *info);
    if (status.code == Code::kSuccess) {
      feasible.push_back(info);
    } else {
      statuses[info->name] = std::move(status);
    }
  }
  if (feasible.empty()) {
    decision.message = FitErrorMessage(pod, all.size(), "", statuses);
    return decision;
  }

  // Raw per-node values for the normalized scores.
  std::vector<int64_t> owner_pods, affinity, prefer_no_schedule;
  for (const NodeInfo* info : feasible) {
    int64_t owned = 0;
    if (!placed.owner_uid.empty()) {
      auto it = info->pods_by_owner.find(placed.owner_uid);
      if (it != info->pods_by_owner.end()) owned = it->second;
    }
    owner_pods.push_back(owned);
    affinity.push_back(PreferredNodeAffinityScore(pod, *info->node));
    prefer_no_schedule.push_back(CountPreferNoSchedule(pod, *info));
  }
  int64_t max_owned = *std::max_element(owner_pods.begin(), owner_pods.end());
  int64_t max_affinity = *std::max_element(affinity.begin(), affinity.end());
  int64_t max_taints = *std::max_element(prefer_no_schedule.begin(), prefer_no_schedule.end());

  int64_t best = -1;
  for (size_t i = 0; i < feasible.size(); ++i) {
    int64_t spread =
        max_owned == 0 ? kMaxNodeScore : kMaxNodeScore * (max_owned - owner_pods[i]) / max_owned;
    int64_t preferred = max_affinity <= 0 ? 0 : kMaxNodeScore * affinity[i] / max_affinity;
    int64_t taints = max_taints == 0
                         ? kMaxNodeScore
                         : kMaxNodeScore - kMaxNodeScore * prefer_no_schedule[i] / max_taints;
    int64_t score = LeastAllocatedScore(placed.non_zero_requests, *feasible[i]) + 2 * spread +
                    2 * preferred + 3 * taints;
    if (score > best) {
      best = score;
      decision.node = feasible[i]->name;
    }
  }
  return decision;
}

}  // namespace stead::scheduler
