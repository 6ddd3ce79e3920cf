// The Node object a kubelet registers and keeps reporting, and its
// kube-node-lease Lease: labels, spec.podCIDR, status capacity/allocatable,
// the four kubelet conditions with upstream's reasons and messages
// (MemoryPressure, DiskPressure, PIDPressure, Ready), addresses, daemon
// endpoints and nodeInfo. Shared by the simulated nodes and the real agent;
// pure functions over API JSON.
#pragma once

#include <map>
#include <string>

#include "core/clock.h"
#include "core/json.h"

namespace stead::agent {

struct NodeConfig {
  std::string name;
  // Added to the kubelet's own labels (kubernetes.io/hostname, os, arch and
  // their beta.* twins).
  std::map<std::string, std::string> labels;
  // A core/v1 ResourceList; allocatable is the same (no reservations).
  Json capacity = Json::object();
  std::string internal_ip;
  std::string pod_cidr;  // "" = leave spec.podCIDR unset
  // nodeInfo.
  std::string machine_id;
  std::string system_uuid;
  std::string boot_id;
  std::string kernel_version;
  std::string os_image;
  std::string container_runtime_version;
  std::string kubelet_version;
  std::string operating_system = "linux";
  std::string architecture = "amd64";
};

// The node's health as the kubelet sees it.
struct NodeHealth {
  bool ready = true;
  bool memory_pressure = false;
  bool disk_pressure = false;
  bool pid_pressure = false;
};

// The Node to register (metadata and spec; status as UpdateNodeStatus).
Json NewNodeObject(const NodeConfig& config, const NodeHealth& health, SystemTime now);

// Brings `node` (a registered Node) up to date: the kubelet's labels,
// spec.podCIDR(s) when unset, and the whole status. Conditions keep their
// lastTransitionTime while their status does not change; every condition's
// lastHeartbeatTime becomes `now`.
void UpdateNodeObject(Json& node, const NodeConfig& config, const NodeHealth& health,
                      SystemTime now);

inline constexpr char kNodeLeaseNamespace[] = "kube-node-lease";
inline constexpr int kNodeLeaseDurationSeconds = 40;

// The node's Lease in kube-node-lease, held by the node and owned by it.
Json NodeLease(const std::string& node_name, const std::string& node_uid, SystemTime now);

}  // namespace stead::agent
