#include "agent/proxy/service_ports.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <tuple>

#include "agent/sim/ip_pool.h"
#include "core/log.h"

namespace stead::agent::proxy {

namespace {

// Names end up in nft chain names and comments: anything the API's name
// validation would not let through is refused here too, so no object can
// smuggle nft syntax into the ruleset.
bool SafeName(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '-' || c == '.' || c == '_';
  });
}

// Canonical dotted IPv4, or "" when `text` is not one.
std::string CanonicalIpv4(const std::string& text) {
  uint32_t ip = 0;
  if (!sim::ParseIpv4(text, &ip)) return "";
  return sim::FormatIpv4(ip);
}

std::string LowerProtocol(const std::string& protocol) {
  if (protocol.empty() || protocol == "TCP") return "tcp";
  if (protocol == "UDP") return "udp";
  if (protocol == "SCTP") return "sctp";
  return "";
}

bool Condition(const Json& endpoint, const char* name, bool unset) {
  const Json* v = Lookup(endpoint, {"conditions", name});
  return v && v->is_boolean() ? v->get<bool>() : unset;
}

std::string IPv4ClusterIP(const Json& service) {
  const Json* ips = Lookup(service, {"spec", "clusterIPs"});
  if (ips && ips->is_array()) {
    for (const Json& ip : *ips) {
      if (!ip.is_string()) continue;
      std::string canonical = CanonicalIpv4(ip.get<std::string>());
      if (!canonical.empty()) return canonical;
    }
    return "";
  }
  return CanonicalIpv4(GetString(service, {"spec", "clusterIP"}));
}

// (namespace, service) -> (port name, protocol) -> ip:port -> endpoint
using EndpointsByPort =
    std::map<std::pair<std::string, std::string>, std::map<std::string, Endpoint>>;

void AddSlice(const Json& slice,
              std::map<std::pair<std::string, std::string>, EndpointsByPort>& out) {
  if (ShouldSkipSlice(slice)) return;
  std::string service = MetaLabels(slice)[kServiceNameLabel];
  if (GetString(slice, {"addressType"}) != "IPv4") return;
  std::vector<Endpoint> endpoints;
  const Json* eps = Lookup(slice, {"endpoints"});
  if (eps && eps->is_array()) {
    for (const Json& e : *eps) {
      const Json* addresses = Lookup(e, {"addresses"});
      if (!addresses || !addresses->is_array() || addresses->empty() ||
          !(*addresses)[0].is_string()) {
        continue;
      }
      Endpoint ep;
      ep.ip = CanonicalIpv4((*addresses)[0].get<std::string>());
      if (ep.ip.empty()) continue;
      ep.node_name = GetString(e, {"nodeName"});
      ep.ready = Condition(e, "ready", true);
      ep.serving = Condition(e, "serving", true);
      ep.terminating = Condition(e, "terminating", false);
      endpoints.push_back(std::move(ep));
    }
  }
  auto& by_port = out[{MetaNamespace(slice), service}];
  const Json* ports = Lookup(slice, {"ports"});
  if (!ports || !ports->is_array()) return;
  for (const Json& p : *ports) {
    const Json* name = Lookup(p, {"name"});
    if (!name || !name->is_string()) {
      LOG_DEBUG("proxy", "ignoring endpoint slice port with nil name",
                {{"slice", MetaNamespace(slice) + "/" + MetaName(slice)}});
      continue;
    }
    int64_t number = GetInt(p, {"port"});
    std::string protocol = LowerProtocol(GetString(p, {"protocol"}));
    if (number <= 0 || number > 65535 || protocol.empty() || !SafeName(name->get<std::string>())) {
      continue;
    }
    auto& set = by_port[{name->get<std::string>(), protocol}];
    for (Endpoint ep : endpoints) {
      ep.port = static_cast<int>(number);
      set.emplace(ep.String(), std::move(ep));
    }
  }
}

}  // namespace

std::string ServicePort::NameString() const {
  std::string s = ns + "/" + service;
  if (!port_name.empty()) s += ":" + port_name;
  return s;
}

bool ShouldSkipService(const Json& service) {
  auto labels = MetaLabels(service);
  if (labels.count(kServiceProxyNameLabel) || labels.count(kHeadlessLabel)) return true;
  std::string cluster_ip = GetString(service, {"spec", "clusterIP"});
  if (cluster_ip.empty() || cluster_ip == "None") return true;
  return GetString(service, {"spec", "type"}) == "ExternalName";
}

bool ShouldSkipSlice(const Json& slice) {
  auto labels = MetaLabels(slice);
  if (labels.count(kServiceProxyNameLabel) || labels.count(kHeadlessLabel)) return true;
  auto it = labels.find(kServiceNameLabel);
  return it == labels.end() || it->second.empty();
}

std::vector<ServicePort> BuildServicePorts(const std::vector<store::ObjectPtr>& services,
                                           const std::vector<store::ObjectPtr>& slices) {
  std::map<std::pair<std::string, std::string>, EndpointsByPort> endpoints;
  for (const auto& slice : slices) {
    if (slice) AddSlice(*slice, endpoints);
  }
  std::vector<ServicePort> out;
  for (const auto& svc_ptr : services) {
    if (!svc_ptr || ShouldSkipService(*svc_ptr)) continue;
    const Json& svc = *svc_ptr;
    std::string cluster_ip = IPv4ClusterIP(svc);
    if (cluster_ip.empty() || !SafeName(MetaNamespace(svc)) || !SafeName(MetaName(svc))) continue;
    int affinity = 0;
    if (GetString(svc, {"spec", "sessionAffinity"}) == "ClientIP") {
      affinity = static_cast<int>(
          GetInt(svc, {"spec", "sessionAffinityConfig", "clientIP", "timeoutSeconds"},
                 kDefaultAffinityTimeoutSeconds));
      if (affinity <= 0) affinity = kDefaultAffinityTimeoutSeconds;
    }
    bool local = GetString(svc, {"spec", "internalTrafficPolicy"}) == "Local";
    const Json* ports = Lookup(svc, {"spec", "ports"});
    if (!ports || !ports->is_array()) continue;
    const EndpointsByPort* by_port = nullptr;
    if (auto it = endpoints.find({MetaNamespace(svc), MetaName(svc)}); it != endpoints.end()) {
      by_port = &it->second;
    }
    for (const Json& p : *ports) {
      ServicePort sp;
      sp.ns = MetaNamespace(svc);
      sp.service = MetaName(svc);
      sp.port_name = GetString(p, {"name"});
      sp.protocol = LowerProtocol(GetString(p, {"protocol"}));
      sp.port = static_cast<int>(GetInt(p, {"port"}));
      if (sp.protocol.empty() || sp.port <= 0 || sp.port > 65535 || !SafeName(sp.port_name)) {
        continue;
      }
      sp.cluster_ip = cluster_ip;
      sp.affinity_timeout_seconds = affinity;
      sp.internal_local = local;
      if (by_port) {
        if (auto it = by_port->find({sp.port_name, sp.protocol}); it != by_port->end()) {
          for (const auto& [key, ep] : it->second) sp.endpoints.push_back(ep);
        }
      }
      out.push_back(std::move(sp));
    }
  }
  std::sort(out.begin(), out.end(), [](const ServicePort& a, const ServicePort& b) {
    return std::tie(a.ns, a.service, a.port_name, a.protocol) <
           std::tie(b.ns, b.service, b.port_name, b.protocol);
  });
  return out;
}

}  // namespace stead::agent::proxy
