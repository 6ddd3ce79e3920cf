#include "scheduler/cache.h"

namespace stead::scheduler {

namespace {

bool IsTerminal(const Json& pod) {
  std::string phase = GetString(pod, {"status", "phase"});
  return phase == "Succeeded" || phase == "Failed";
}

std::string ControllerUid(const Json& pod) {
  const Json* owners = Lookup(pod, {"metadata", "ownerReferences"});
  if (owners == nullptr || !owners->is_array()) return "";
  for (const Json& o : *owners) {
    if (GetBool(o, {"controller"})) return GetString(o, {"uid"});
  }
  return "";
}

void AddPorts(const Json* containers, bool only_restartable, std::vector<HostPort>& out) {
  if (containers == nullptr || !containers->is_array()) return;
  for (const Json& c : *containers) {
    if (only_restartable && GetString(c, {"restartPolicy"}) != "Always") continue;
    const Json* ports = Lookup(c, {"ports"});
    if (ports == nullptr || !ports->is_array()) continue;
    for (const Json& p : *ports) {
      int64_t host_port = GetInt(p, {"hostPort"});
      if (host_port <= 0) continue;
      HostPort hp;
      hp.ip = GetString(p, {"hostIP"}, "0.0.0.0");
      hp.protocol = GetString(p, {"protocol"}, "TCP");
      hp.port = host_port;
      out.push_back(std::move(hp));
    }
  }
}

Json Taint(const char* key) { return {{"key", key}, {"effect", "NoSchedule"}}; }

}  // namespace

std::vector<HostPort> PodHostPorts(const Json& pod) {
  std::vector<HostPort> out;
  AddPorts(Lookup(pod, {"spec", "initContainers"}), true, out);
  AddPorts(Lookup(pod, {"spec", "containers"}), false, out);
  return out;
}

PlacedPod DescribePod(const Json& pod) {
  PlacedPod p;
  p.key = MetaNamespace(pod) + "/" + MetaName(pod);
  p.owner_uid = ControllerUid(pod);
  p.requests = PodRequests(pod);
  p.non_zero_requests = PodNonZeroRequests(pod);
  p.host_ports = PodHostPorts(pod);
  return p;
}

std::vector<Json> EffectiveTaints(const Json& node) {
  std::vector<Json> taints;
  if (const Json* t = Lookup(node, {"spec", "taints"}); t && t->is_array()) {
    taints.assign(t->begin(), t->end());
  }
  auto add = [&](const char* key) {
    for (const Json& t : taints) {
      if (GetString(t, {"key"}) == key && GetString(t, {"effect"}) == "NoSchedule") return;
    }
    taints.push_back(Taint(key));
  };
  std::string ready = "False";
  bool seen_ready = false;
  if (const Json* conds = Lookup(node, {"status", "conditions"}); conds && conds->is_array()) {
    for (const Json& c : *conds) {
      std::string type = GetString(c, {"type"});
      std::string status = GetString(c, {"status"});
      if (type == "Ready") {
        ready = status;
        seen_ready = true;
      } else if (status == "True") {
        if (type == "MemoryPressure") add("node.kubernetes.io/memory-pressure");
        if (type == "DiskPressure") add("node.kubernetes.io/disk-pressure");
        if (type == "PIDPressure") add("node.kubernetes.io/pid-pressure");
        if (type == "NetworkUnavailable") add("node.kubernetes.io/network-unavailable");
      }
    }
  }
  if (!seen_ready || ready == "False") {
    add("node.kubernetes.io/not-ready");
  } else if (ready != "True") {
    add("node.kubernetes.io/unreachable");
  }
  if (GetBool(node, {"spec", "unschedulable"})) add("node.kubernetes.io/unschedulable");
  return taints;
}

void SchedulerCache::UpdateNode(const store::ObjectPtr& node) {
  std::lock_guard<std::mutex> lock(mu_);
  std::string name = MetaName(*node);
  NodeInfo& info = nodes_[name];
  info.name = name;
  info.node = node;
  info.allocatable = NodeAllocatable(*node);
  info.taints = EffectiveTaints(*node);
}

void SchedulerCache::RemoveNode(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = nodes_.find(name);
  if (it == nodes_.end()) return;
  if (it->second.pod_count == 0) {
    nodes_.erase(it);
  } else {
    it->second.node = nullptr;
  }
}

void SchedulerCache::UpdatePod(const Json& pod) {
  std::string key = MetaNamespace(pod) + "/" + MetaName(pod);
  std::string node = GetString(pod, {"spec", "nodeName"});
  std::lock_guard<std::mutex> lock(mu_);
  auto it = pods_.find(key);
  if (node.empty()) {
    // Still unbound in the informer: keep an assumption made meanwhile.
    if (it != pods_.end() && !it->second.assumed) RemoveLocked(key);
    return;
  }
  if (IsTerminal(pod)) {
    if (it != pods_.end()) RemoveLocked(key);
    return;
  }
  PlacedPod placed = DescribePod(pod);
  placed.node = node;
  if (it != pods_.end()) {
    const PlacedPod& old = it->second;
    if (!old.assumed && old.node == placed.node && old.requests == placed.requests &&
        old.non_zero_requests == placed.non_zero_requests && old.host_ports == placed.host_ports &&
        old.owner_uid == placed.owner_uid) {
      return;
    }
    RemoveLocked(key);
  }
  AddLocked(placed);
}

void SchedulerCache::RemovePod(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  RemoveLocked(key);
}

void SchedulerCache::AssumePod(PlacedPod pod) {
  std::lock_guard<std::mutex> lock(mu_);
  RemoveLocked(pod.key);
  pod.assumed = true;
  AddLocked(pod);
}

void SchedulerCache::ForgetPod(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = pods_.find(key);
  if (it != pods_.end() && it->second.assumed) RemoveLocked(key);
}

bool SchedulerCache::IsAssumed(const std::string& key) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = pods_.find(key);
  return it != pods_.end() && it->second.assumed;
}

void SchedulerCache::WithNodes(
    const std::function<void(const std::map<std::string, NodeInfo>&)>& fn) const {
  std::lock_guard<std::mutex> lock(mu_);
  fn(nodes_);
}

void SchedulerCache::AddLocked(const PlacedPod& pod) {
  NodeInfo& info = nodes_[pod.node];
  info.name = pod.node;
  info.requested.Add(pod.requests);
  info.non_zero_requested.Add(pod.non_zero_requests);
  ++info.pod_count;
  if (!pod.owner_uid.empty()) ++info.pods_by_owner[pod.owner_uid];
  for (const HostPort& hp : pod.host_ports) info.used_ports.insert(hp);
  pods_[pod.key] = pod;
}

void SchedulerCache::RemoveLocked(const std::string& key) {
  auto it = pods_.find(key);
  if (it == pods_.end()) return;
  const PlacedPod& pod = it->second;
  auto node_it = nodes_.find(pod.node);
  if (node_it != nodes_.end()) {
    NodeInfo& info = node_it->second;
    info.requested.Sub(pod.requests);
    info.non_zero_requested.Sub(pod.non_zero_requests);
    --info.pod_count;
    if (!pod.owner_uid.empty()) {
      auto owner = info.pods_by_owner.find(pod.owner_uid);
      if (owner != info.pods_by_owner.end() && --owner->second <= 0) {
        info.pods_by_owner.erase(owner);
      }
    }
    for (const HostPort& hp : pod.host_ports) {
      auto port = info.used_ports.find(hp);
      if (port != info.used_ports.end()) info.used_ports.erase(port);
    }
    if (info.node == nullptr && info.pod_count == 0) nodes_.erase(node_it);
  }
  pods_.erase(it);
}

}  // namespace stead::scheduler
