#include "controllers/endpointslice/pod_endpoints.h"

#include "client/object_key.h"

namespace stead::controllers::endpointslice {
namespace {

std::string ProtocolOf(const Json& port) {
  std::string p = GetString(port, {"protocol"});
  return p.empty() ? "TCP" : p;
}

std::optional<int64_t> FindNamedPort(const Json* containers, const std::string& name,
                                     const std::string& protocol, bool sidecars_only) {
  if (containers == nullptr || !containers->is_array()) return std::nullopt;
  for (const Json& c : *containers) {
    if (sidecars_only && GetString(c, {"restartPolicy"}) != "Always") continue;
    const Json* ports = Lookup(c, {"ports"});
    if (ports == nullptr || !ports->is_array()) continue;
    for (const Json& p : *ports) {
      if (GetString(p, {"name"}) == name && ProtocolOf(p) == protocol) {
        return GetInt(p, {"containerPort"});
      }
    }
  }
  return std::nullopt;
}

// podEndpointsChanged: {something an endpoint shows changed, labels (or
// hostname/subdomain) changed}.
std::pair<bool, bool> PodEndpointsChanged(const Json& old_pod, const Json& new_pod) {
  bool labels_changed =
      MetaLabels(old_pod) != MetaLabels(new_pod) ||
      GetString(old_pod, {"spec", "hostname"}) != GetString(new_pod, {"spec", "hostname"}) ||
      GetString(old_pod, {"spec", "subdomain"}) != GetString(new_pod, {"spec", "subdomain"});
  bool changed = GetString(old_pod, {"metadata", "deletionTimestamp"}) !=
                     GetString(new_pod, {"metadata", "deletionTimestamp"}) ||
                 IsPodReady(old_pod) != IsPodReady(new_pod) || PodIPs(old_pod) != PodIPs(new_pod);
  return {changed, labels_changed};
}

}  // namespace

bool IsPodReady(const Json& pod) {
  const Json* conditions = Lookup(pod, {"status", "conditions"});
  if (conditions == nullptr || !conditions->is_array()) return false;
  for (const Json& c : *conditions) {
    if (GetString(c, {"type"}) == "Ready") return GetString(c, {"status"}) == "True";
  }
  return false;
}

bool IsPodTerminal(const Json& pod) {
  std::string phase = GetString(pod, {"status", "phase"});
  return phase == "Succeeded" || phase == "Failed";
}

std::vector<std::string> PodIPs(const Json& pod) {
  std::vector<std::string> out;
  if (const Json* ips = Lookup(pod, {"status", "podIPs"}); ips && ips->is_array()) {
    for (const Json& ip : *ips) {
      std::string s = GetString(ip, {"ip"});
      if (!s.empty()) out.push_back(std::move(s));
    }
  }
  if (out.empty()) {
    std::string ip = GetString(pod, {"status", "podIP"});
    if (!ip.empty()) out.push_back(std::move(ip));
  }
  return out;
}

bool ShouldPodBeInEndpoints(const Json& pod, bool include_terminating) {
  if (IsPodTerminal(pod)) return false;
  if (PodIPs(pod).empty()) return false;
  if (!include_terminating && MetaDeleting(pod)) return false;
  return true;
}

bool ShouldSetHostname(const Json& pod, const Json& service) {
  std::string hostname = GetString(pod, {"spec", "hostname"});
  return !hostname.empty() && GetString(pod, {"spec", "subdomain"}) == MetaName(service) &&
         MetaNamespace(service) == MetaNamespace(pod);
}

bool HasSelector(const Json& service) {
  const Json* selector = Lookup(service, {"spec", "selector"});
  return selector != nullptr && selector->is_object() && !selector->empty();
}

bool IsServiceIPSet(const Json& service) {
  std::string ip = GetString(service, {"spec", "clusterIP"});
  return !ip.empty() && ip != "None";
}

std::optional<int64_t> FindPort(const Json& pod, const Json& service_port) {
  const Json* target = Lookup(service_port, {"targetPort"});
  if (target == nullptr || target->is_null()) return GetInt(service_port, {"port"});
  if (target->is_number_integer()) return target->get<int64_t>();
  if (!target->is_string()) return std::nullopt;
  std::string name = target->get<std::string>();
  std::string protocol = ProtocolOf(service_port);
  if (auto p = FindNamedPort(Lookup(pod, {"spec", "containers"}), name, protocol, false)) return p;
  return FindNamedPort(Lookup(pod, {"spec", "initContainers"}), name, protocol, true);
}

std::set<std::string> ServicesSelecting(const std::vector<client::ObjectPtr>& services,
                                        const LabelSet& pod_labels) {
  std::set<std::string> out;
  for (const client::ObjectPtr& svc : services) {
    if (!HasSelector(*svc)) continue;
    LabelSet selector = StringMap(Lookup(*svc, {"spec", "selector"}));
    if (SelectorFromSet(selector).Matches(pod_labels)) out.insert(client::MetaNamespaceKey(*svc));
  }
  return out;
}

std::set<std::string> ServicesToUpdateOnPodChange(const std::vector<client::ObjectPtr>& services,
                                                  const Json& old_pod, const Json& new_pod) {
  if (MetaResourceVersion(old_pod) == MetaResourceVersion(new_pod)) return {};
  auto [pod_changed, labels_changed] = PodEndpointsChanged(old_pod, new_pod);
  if (!pod_changed && !labels_changed) return {};
  std::set<std::string> current = ServicesSelecting(services, MetaLabels(new_pod));
  if (!labels_changed) return current;
  std::set<std::string> old = ServicesSelecting(services, MetaLabels(old_pod));
  std::set<std::string> out;
  if (pod_changed) {
    out = current;
    out.insert(old.begin(), old.end());
    return out;
  }
  // Only the labels changed: the Services the pod joined or left.
  for (const auto& k : current) {
    if (!old.count(k)) out.insert(k);
  }
  for (const auto& k : old) {
    if (!current.count(k)) out.insert(k);
  }
  return out;
}

}  // namespace stead::controllers::endpointslice
