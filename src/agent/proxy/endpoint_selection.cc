#include "agent/proxy/endpoint_selection.h"

namespace stead::agent::proxy {

namespace {

bool ServingTerminating(const Endpoint& ep) { return ep.serving && ep.terminating; }

}  // namespace

SelectedEndpoints SelectEndpoints(const ServicePort& port, const std::string& node_name) {
  SelectedEndpoints out;
  auto is_local = [&](const Endpoint& ep) {
    return !node_name.empty() && ep.node_name == node_name;
  };
  auto pick = [&](bool local_only) {
    std::vector<Endpoint> picked;
    for (const Endpoint& ep : port.endpoints) {
      if (ep.ready && (!local_only || is_local(ep))) picked.push_back(ep);
    }
    if (!picked.empty()) return picked;
    for (const Endpoint& ep : port.endpoints) {
      if (ServingTerminating(ep) && (!local_only || is_local(ep))) picked.push_back(ep);
    }
    return picked;
  };
  if (!port.internal_local) {
    out.endpoints = pick(false);
    out.has_any = !out.endpoints.empty();
    return out;
  }
  for (const Endpoint& ep : port.endpoints) {
    if (ep.ready || ServingTerminating(ep)) out.has_any = true;
  }
  out.endpoints = pick(true);
  return out;
}

}  // namespace stead::agent::proxy
