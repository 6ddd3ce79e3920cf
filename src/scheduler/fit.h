// The two node-fit rules the scheduler's filters and the kubelet's pod
// admission share (upstream noderesources.Fits and nodeports.Fits): whether a
// node has room for a pod's requests and whether its host ports are free.
// Pure functions over the accounting in NodeInfo.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "scheduler/cache.h"
#include "scheduler/resources.h"

namespace stead::scheduler {

// The reasons of the NodePorts and NodeAffinity filters, which the kubelet
// reports as well when it rejects a pod.
inline constexpr char kNodePortsReason[] =
    "node(s) didn't have free ports for the requested pod ports";
inline constexpr char kNodeAffinityReason[] = "node(s) didn't match Pod's node affinity/selector";

// One resource a node lacks for a pod (upstream InsufficientResource).
struct InsufficientResource {
  std::string name;  // "pods", "cpu", "memory", "ephemeral-storage" or a scalar name
  int64_t requested = 0;
  int64_t used = 0;
  int64_t capacity = 0;
  // The scheduler's reason: "Too many pods" or "Insufficient <name>".
  std::string Reason() const;
};

// What `node` lacks to take one more pod requesting `want`, in upstream's
// order (pods, cpu, memory, ephemeral-storage, scalars by name).
std::vector<InsufficientResource> InsufficientResources(const Resources& want,
                                                        const NodeInfo& node);

// Whether `want` collides with a port in use: same protocol and port, and
// either address is the wildcard 0.0.0.0 or both are the same.
bool PortsConflict(const std::multiset<HostPort>& used, const HostPort& want);
// Every host port the pod asks for is free on the node.
bool HostPortsFit(const std::vector<HostPort>& want, const NodeInfo& node);

}  // namespace stead::scheduler
