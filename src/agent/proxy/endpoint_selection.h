// Which endpoints of a service port this node sends ClusterIP traffic to,
// as kube-proxy's CategorizeEndpoints (pkg/proxy/topology.go) decides for
// internal traffic:
//
//   * internalTrafficPolicy Cluster: the ready endpoints; when there are
//     none, the endpoints that are serving and terminating (so connections
//     still succeed while the last pods of a roll-out shut down).
//   * internalTrafficPolicy Local: the same choice among the endpoints on
//     this node (nodeName == node_name); `has_any` still says whether the
//     service has usable endpoints anywhere, which decides between dropping
//     (endpoints elsewhere only) and rejecting (none at all).
//
// Topology hints (trafficDistribution) are not applied.
#pragma once

#include <string>
#include <vector>

#include "agent/proxy/service_ports.h"

namespace stead::agent::proxy {

struct SelectedEndpoints {
  std::vector<Endpoint> endpoints;  // in the order of ServicePort::endpoints
  bool has_any = false;             // usable endpoints exist somewhere
};

SelectedEndpoints SelectEndpoints(const ServicePort& port, const std::string& node_name);

}  // namespace stead::agent::proxy
