// SchedulerCache: the scheduler's view of every node and of the pods placed
// on them, kept current from the informers' events (upstream's scheduler
// cache). Per node it keeps the sums the filters and scores need — requested
// resources, pod count, host ports in use, pods per owning controller — so a
// scheduling cycle costs O(nodes), not O(pods).
//
// A pod counts against its node from the moment the scheduler decides to
// bind it ("assumed") until it is deleted or reaches a terminal phase; the
// informer's view of the bound pod replaces the assumption. Pods bound to a
// node the cache does not know yet are kept on a placeholder so the numbers
// are right once the node shows up.
//
// Node readiness and pressure conditions are turned into the NoSchedule
// taints upstream's node lifecycle controller puts on such nodes
// (node.kubernetes.io/not-ready, unreachable, memory-pressure, ...), so that
// tolerations work the same whether or not such a controller runs.
//
// Thread-safe: every method takes the cache's mutex; WithNodes() runs a
// function under it (the scheduling cycle, which is short).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "core/json.h"
#include "scheduler/resources.h"
#include "store/watch_cache.h"

namespace stead::scheduler {

// A hostPort a container asks for: ip ("0.0.0.0" when unset), protocol, port.
struct HostPort {
  std::string ip;
  std::string protocol;
  int64_t port = 0;
  auto operator<=>(const HostPort&) const = default;
};

// What the cache remembers of a pod placed on a node.
struct PlacedPod {
  std::string key;  // "namespace/name"
  std::string node;
  std::string owner_uid;  // uid of the controlling ownerReference, if any
  Resources requests;
  Resources non_zero_requests;
  std::vector<HostPort> host_ports;
  bool assumed = false;
};

// The placement-relevant facts of a pod (node left empty).
PlacedPod DescribePod(const Json& pod);
std::vector<HostPort> PodHostPorts(const Json& pod);

struct NodeInfo {
  std::string name;
  store::ObjectPtr node;  // nullptr: a placeholder for pods of an unknown node
  Resources allocatable;
  // spec.taints plus the taints implied by the node's conditions.
  std::vector<Json> taints;
  Resources requested;
  Resources non_zero_requested;
  int64_t pod_count = 0;
  std::unordered_map<std::string, int64_t> pods_by_owner;
  std::multiset<HostPort> used_ports;
};

// spec.taints of a node plus the NoSchedule taints its conditions imply
// (Ready False/absent: not-ready, Ready Unknown: unreachable; Memory/Disk/PID
// pressure True: *-pressure; spec.unschedulable: unschedulable).
std::vector<Json> EffectiveTaints(const Json& node);

class SchedulerCache {
 public:
  void UpdateNode(const store::ObjectPtr& node);
  void RemoveNode(const std::string& name);

  // Applies the informer's view of a pod: counted if bound to a node and not
  // terminal, otherwise dropped (an assumed pod stays assumed while the
  // informer still shows it unbound).
  void UpdatePod(const Json& pod);
  void RemovePod(const std::string& key);

  void AssumePod(PlacedPod pod);
  // Drops an assumption that was not confirmed (the binding failed).
  void ForgetPod(const std::string& key);
  bool IsAssumed(const std::string& key) const;

  // Runs `fn` with the nodes (by name, placeholders included) under the lock.
  void WithNodes(const std::function<void(const std::map<std::string, NodeInfo>&)>& fn) const;

 private:
  void AddLocked(const PlacedPod& pod);
  void RemoveLocked(const std::string& key);

  mutable std::mutex mu_;
  std::map<std::string, NodeInfo> nodes_;            // guarded by mu_
  std::unordered_map<std::string, PlacedPod> pods_;  // guarded by mu_
};

}  // namespace stead::scheduler
