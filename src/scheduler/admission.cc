#include "scheduler/admission.h"

#include <map>
#include <memory>

#include "scheduler/cache.h"
#include "scheduler/fit.h"
#include "scheduler/node_selection.h"

namespace stead::scheduler {

namespace {

AdmissionResult Reject(std::string reason, std::string message) {
  return {false, std::move(reason), std::move(message)};
}

AdmissionResult PredicateFailed(const std::string& name, const std::string& description) {
  return Reject(name, "Predicate " + name + " failed: " + description);
}

}  // namespace

AdmissionResult AdmitPod(const Json& pod, const Json& node,
                         const std::vector<const Json*>& admitted) {
  SchedulerCache cache;
  // The cache keeps the node; an aliasing pointer borrows it for this call.
  cache.UpdateNode(store::ObjectPtr(store::ObjectPtr(), &node));
  std::string node_name = MetaName(node);
  for (const Json* other : admitted) {
    if (GetString(*other, {"spec", "nodeName"}) == node_name) cache.UpdatePod(*other);
  }
  PlacedPod placed = DescribePod(pod);
  AdmissionResult result;
  cache.WithNodes([&](const std::map<std::string, NodeInfo>& nodes) {
    auto it = nodes.find(node_name);
    if (it == nodes.end()) return;
    const NodeInfo& info = it->second;
    std::vector<InsufficientResource> insufficient =
        InsufficientResources(placed.requests, info);
    if (!insufficient.empty()) {
      const InsufficientResource& r = insufficient.front();
      result = Reject("OutOf" + r.name, "Node didn't have enough resource: " + r.name +
                                            ", requested: " + std::to_string(r.requested) +
                                            ", used: " + std::to_string(r.used) +
                                            ", capacity: " + std::to_string(r.capacity));
      return;
    }
    if (!MatchesRequiredNodeAffinity(pod, node)) {
      result = PredicateFailed("NodeAffinity", kNodeAffinityReason);
      return;
    }
    if (!HostPortsFit(placed.host_ports, info)) {
      result = PredicateFailed("NodePorts", kNodePortsReason);
      return;
    }
    const Json* taints = Lookup(node, {"spec", "taints"});
    std::vector<Json> node_taints;
    if (taints != nullptr && taints->is_array()) node_taints.assign(taints->begin(), taints->end());
    if (FindUntoleratedTaint(node_taints, Lookup(pod, {"spec", "tolerations"}), {"NoExecute"})) {
      result = PredicateFailed("TaintToleration", "node(s) had taints that the pod didn't tolerate");
    }
  });
  return result;
}

Json RejectedPodStatus(const Json& pod, const AdmissionResult& rejection) {
  Json status = Json::object();
  if (const Json* current = Lookup(pod, {"status"}); current && current->is_object()) {
    for (const char* keep : {"qosClass", "conditions", "nominatedNodeName"}) {
      if (current->contains(keep)) status[keep] = (*current)[keep];
    }
  }
  status["phase"] = "Failed";
  status["reason"] = rejection.reason;
  status["message"] = "Pod was rejected: " + rejection.message;
  return status;
}

}  // namespace stead::scheduler
