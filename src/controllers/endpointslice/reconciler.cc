#include "controllers/endpointslice/reconciler.h"

#include <algorithm>
#include <map>
#include <set>

#include "api/validation/names.h"
#include "controllers/endpointslice/endpoint_identity.h"
#include "controllers/endpointslice/pod_endpoints.h"
#include "controllers/endpointslice/traffic_distribution.h"
#include "controllers/endpointslice/trigger_time_tracker.h"
#include "controllers/statefulset/pod_identity.h"

namespace stead::controllers::endpointslice {
namespace {

using endpointslice::ArrayAt;
const Json& ArrayAt(const Json& obj, const char* key) {
  return ArrayAt(obj, std::initializer_list<std::string_view>{key});
}

bool IsIPv6(const std::string& ip) { return ip.find(':') != std::string::npos; }

bool IsReservedLabel(const std::string& key) {
  return key == kLabelServiceName || key == kLabelManagedBy || key == kLabelHeadless;
}

bool OwnedBy(const Json& slice, const Json& service) {
  for (const Json& ref : ArrayAt(slice, {"metadata", "ownerReferences"})) {
    if (GetString(ref, {"uid"}) == MetaUid(service) && GetString(ref, {"kind"}) == "Service" &&
        GetString(ref, {"apiVersion"}) == "v1") {
      return true;
    }
  }
  return false;
}

Json NewEndpointSlice(const Json& service, const Json& ports, const std::string& address_type) {
  Json slice = {
      {"apiVersion", "discovery.k8s.io/v1"},
      {"kind", "EndpointSlice"},
      {"metadata",
       {{"generateName", EndpointSlicePrefix(MetaName(service))},
        {"namespace", MetaNamespace(service)},
        {"ownerReferences", Json::array({statefulset::ControllerRef(
                                "v1", "Service", MetaName(service), MetaUid(service))})}}},
      {"addressType", address_type},
      {"endpoints", Json::array()},
      {"ports", ports}};
  slice["metadata"]["labels"] = EndpointSliceLabels(slice, service).first;
  return slice;
}

// The placeholder comparison: namespace, labels, owner references, address
// type, and no endpoints or ports.
bool SamePlaceholder(const Json& a, const Json& b) {
  return MetaNamespace(a) == MetaNamespace(b) && MetaLabels(a) == MetaLabels(b) &&
         ArrayAt(a, {"metadata", "ownerReferences"}) ==
             ArrayAt(b, {"metadata", "ownerReferences"}) &&
         GetString(a, {"addressType"}) == GetString(b, {"addressType"}) &&
         ArrayAt(a, "endpoints").empty() && ArrayAt(b, "endpoints").empty() &&
         ArrayAt(a, "ports").empty() && ArrayAt(b, "ports").empty();
}

size_t NumEndpoints(const Json& slice) { return ArrayAt(slice, "endpoints").size(); }

Json& EndpointsOf(Json& slice) {
  Json& eps = slice["endpoints"];
  if (!eps.is_array()) eps = Json::array();
  return eps;
}

Json PopFirst(EndpointSet& set) {
  auto it = set.begin();
  Json ep = std::move(it->second);
  set.erase(it);
  return ep;
}

struct PortMappingResult {
  std::vector<Json> creates, updates, deletes;
  int added = 0, removed = 0;
};

// reconcileByPortMapping: the slices of one port list.
PortMappingResult ReconcileByPortMapping(const Json& service,
                                         const std::vector<const Json*>& existing,
                                         EndpointSet desired, const Json& ports,
                                         const std::string& address_type, size_t max) {
  PortMappingResult out;
  std::map<std::string, Json> by_name;
  std::set<std::string> unchanged, to_update, to_delete;

  // 1. Keep the endpoints still desired, refresh changed ones.
  for (const Json* slice : existing) {
    std::string name = MetaName(*slice);
    Json kept = Json::array();
    bool endpoint_updated = false;
    const Json& current = ArrayAt(*slice, "endpoints");
    for (const Json& ep : current) {
      auto got = desired.find(EndpointKey(ep));
      if (got == desired.end()) continue;
      if (!EndpointsEqualBeyondHash(got->second, ep)) endpoint_updated = true;
      kept.push_back(std::move(got->second));
      desired.erase(got);
    }
    auto [labels, labels_changed] = EndpointSliceLabels(*slice, service);
    if (endpoint_updated || current.size() != kept.size()) {
      if (current.size() > kept.size()) out.removed += current.size() - kept.size();
      if (kept.empty()) {
        by_name[name] = *slice;
        to_delete.insert(name);
      } else {
        Json copy = *slice;
        copy["endpoints"] = std::move(kept);
        copy["metadata"]["labels"] = labels;
        by_name[name] = std::move(copy);
        to_update.insert(name);
      }
    } else if (labels_changed) {
      Json copy = *slice;
      copy["metadata"]["labels"] = labels;
      by_name[name] = std::move(copy);
      to_update.insert(name);
    } else {
      by_name[name] = *slice;
      unchanged.insert(name);
    }
  }
  out.added = static_cast<int>(desired.size());

  // 2. Fill the slices being updated anyway, fullest first.
  if (!desired.empty() && !to_update.empty()) {
    std::vector<Json*> slices;
    for (const std::string& name : to_update) slices.push_back(&by_name[name]);
    std::stable_sort(slices.begin(), slices.end(), [](const Json* a, const Json* b) {
      return NumEndpoints(*a) > NumEndpoints(*b);
    });
    for (Json* slice : slices) {
      while (!desired.empty() && NumEndpoints(*slice) < max) {
        EndpointsOf(*slice).push_back(PopFirst(desired));
      }
    }
  }

  // 3. Put what is left into the unchanged slice it fills best, or into new
  // slices.
  while (!desired.empty()) {
    Json* fill = nullptr;
    Json fresh;
    if (desired.size() < max && !unchanged.empty()) {
      size_t closest = max;
      for (const std::string& name : unchanged) {
        size_t total = desired.size() + NumEndpoints(by_name[name]);
        if (total > max) continue;
        if (max - total < closest) {
          closest = max - total;
          fill = &by_name[name];
          if (closest == 0) break;
        }
      }
    }
    if (fill == nullptr) {
      fresh = NewEndpointSlice(service, ports, address_type);
      fill = &fresh;
    }
    while (!desired.empty() && NumEndpoints(*fill) < max) {
      EndpointsOf(*fill).push_back(PopFirst(desired));
    }
    if (fill == &fresh) {
      out.creates.push_back(std::move(fresh));
    } else {
      std::string name = MetaName(*fill);
      to_update.insert(name);
      unchanged.erase(name);
    }
  }
  for (const std::string& name : to_update) out.updates.push_back(std::move(by_name[name]));
  for (const std::string& name : to_delete) out.deletes.push_back(std::move(by_name[name]));
  return out;
}

void SetTriggerTime(Json& slice, const std::optional<SystemTime>& t) {
  Json& ann = slice["metadata"]["annotations"];
  if (!ann.is_object()) ann = Json::object();
  if (t) {
    ann[kAnnotationLastChangeTriggerTime] = FormatRFC3339Nano(*t);
  } else {
    ann.erase(kAnnotationLastChangeTriggerTime);
  }
  if (ann.empty()) slice["metadata"].erase("annotations");
}

// finalize: deletes and creates pair up into updates; no creates for a
// Service being deleted; trigger times on what is written.
void Finalize(const Json& service, const std::optional<SystemTime>& trigger,
              std::vector<Json> creates, std::vector<Json> updates, std::vector<Json> deletes,
              ReconcilePlan& plan) {
  for (size_t i = 0; i < deletes.size() && !creates.empty();) {
    Json& slice = creates.back();
    if (GetString(deletes[i], {"addressType"}) == GetString(slice, {"addressType"}) &&
        OwnedBy(deletes[i], service)) {
      slice["metadata"]["name"] = MetaName(deletes[i]);
      updates.push_back(std::move(slice));
      creates.pop_back();
      deletes.erase(deletes.begin() + static_cast<std::ptrdiff_t>(i));
    } else {
      ++i;
    }
  }
  if (!MetaDeleting(service)) {
    for (Json& slice : creates) {
      SetTriggerTime(slice, trigger);
      plan.creates.push_back(std::move(slice));
    }
  }
  for (Json& slice : updates) {
    SetTriggerTime(slice, trigger);
    plan.updates.push_back(std::move(slice));
  }
  for (Json& slice : deletes) plan.deletes.push_back(std::move(slice));
}

void ReconcileByAddressType(const ReconcileInput& in, const std::vector<const Json*>& existing,
                            const std::string& address_type, ReconcilePlan& plan) {
  const Json& service = *in.service;
  size_t max = static_cast<size_t>(std::max(1, in.max_endpoints_per_slice));
  std::vector<Json> creates, updates, deletes;

  std::map<std::string, std::vector<const Json*>> existing_by_ports;
  for (const Json* slice : existing) {
    if (OwnedBy(*slice, service)) {
      existing_by_ports[PortMapKey(ArrayAt(*slice, "ports"))].push_back(slice);
    } else {
      deletes.push_back(*slice);
    }
  }

  std::map<std::string, Json> desired_ports;
  std::map<std::string, EndpointSet> desired;
  bool publish_not_ready = GetBool(service, {"spec", "publishNotReadyAddresses"});
  for (const Json* pod : in.pods) {
    if (!ShouldPodBeInEndpoints(*pod, true)) continue;
    Json ports = EndpointPorts(service, *pod);
    std::string key = PortMapKey(ports);
    desired[key];
    desired_ports.emplace(key, ports);
    std::string node_name = GetString(*pod, {"spec", "nodeName"});
    const Json* node = in.node ? in.node(node_name) : nullptr;
    if (node == nullptr && !publish_not_ready) {
      plan.errors.push_back("skipping Pod " + MetaName(*pod) + " for Service " +
                            MetaNamespace(service) + "/" + MetaName(service) + ": Node " +
                            node_name + " Not Found");
      continue;
    }
    Json ep = PodToEndpoint(*pod, node, service, address_type);
    if (ArrayAt(ep, "addresses").empty()) continue;
    std::string ep_key = EndpointKey(ep);
    desired[key][ep_key] = std::move(ep);
  }

  for (auto& [key, set] : desired) {
    static const std::vector<const Json*> kNone;
    auto it = existing_by_ports.find(key);
    const std::vector<const Json*>& current = it == existing_by_ports.end() ? kNone : it->second;
    int desired_endpoints = static_cast<int>(set.size());
    PortMappingResult r = ReconcileByPortMapping(service, current, std::move(set),
                                                 desired_ports[key], address_type, max);
    plan.efficiency.push_back(
        {desired_endpoints,
         static_cast<int>(current.size() + r.creates.size() - r.deletes.size())});
    plan.added += r.added;
    plan.removed += r.removed;
    for (Json& s : r.creates) creates.push_back(std::move(s));
    for (Json& s : r.updates) updates.push_back(std::move(s));
    for (Json& s : r.deletes) deletes.push_back(std::move(s));
  }
  for (const auto& [key, slices] : existing_by_ports) {
    if (desired.count(key)) continue;
    for (const Json* s : slices) deletes.push_back(*s);
  }

  // A Service without endpoints keeps one empty placeholder slice.
  if (existing.size() == deletes.size() && creates.empty()) {
    Json placeholder = NewEndpointSlice(service, Json::array(), address_type);
    plan.efficiency.push_back({0, 1});
    if (deletes.size() == 1 && SamePlaceholder(deletes[0], placeholder)) {
      deletes.clear();
    } else {
      creates.push_back(std::move(placeholder));
    }
  }
  if (UsesTrafficDistribution(service)) {
    std::set<std::string> changed;
    for (const Json& s : updates) changed.insert(MetaName(s));
    for (const Json& s : deletes) changed.insert(MetaName(s));
    std::vector<const Json*> unchanged;
    for (const Json* s : existing) {
      if (!changed.count(MetaName(*s))) unchanged.push_back(s);
    }
    ReconcileHints(creates, updates, unchanged);
  } else {
    RemoveHints(creates);
    RemoveHints(updates);
  }
  Finalize(service, in.trigger_time, std::move(creates), std::move(updates), std::move(deletes),
           plan);
}

}  // namespace

std::vector<std::string> AddressTypesForService(const Json& service) {
  std::set<std::string> types;
  if (const Json* families = Lookup(service, {"spec", "ipFamilies"});
      families && families->is_array()) {
    for (const Json& f : *families) {
      if (f == "IPv4") types.insert("IPv4");
      if (f == "IPv6") types.insert("IPv6");
    }
  }
  if (types.empty()) {
    if (IsServiceIPSet(service)) {
      types.insert(IsIPv6(GetString(service, {"spec", "clusterIP"})) ? "IPv6" : "IPv4");
    } else {
      types = {"IPv4", "IPv6"};
    }
  }
  return {types.begin(), types.end()};
}

Json PodToEndpoint(const Json& pod, const Json* node, const Json& service,
                   const std::string& address_type) {
  bool serving = IsPodReady(pod);
  bool terminating = MetaDeleting(pod);
  bool ready = GetBool(service, {"spec", "publishNotReadyAddresses"}) || (serving && !terminating);
  Json addresses = Json::array();
  for (const std::string& ip : PodIPs(pod)) {
    if (IsIPv6(ip) == (address_type == "IPv6")) addresses.push_back(ip);
  }
  Json ep = {{"addresses", std::move(addresses)},
             {"conditions", {{"ready", ready}, {"serving", serving}, {"terminating", terminating}}},
             {"targetRef",
              {{"kind", "Pod"},
               {"namespace", MetaNamespace(pod)},
               {"name", MetaName(pod)},
               {"uid", MetaUid(pod)}}}};
  std::string node_name = GetString(pod, {"spec", "nodeName"});
  if (!node_name.empty()) ep["nodeName"] = node_name;
  if (node != nullptr) {
    std::string zone = GetString(*node, {"metadata", "labels", kLabelTopologyZone});
    if (!zone.empty()) ep["zone"] = zone;
  }
  if (ShouldSetHostname(pod, service)) ep["hostname"] = GetString(pod, {"spec", "hostname"});
  return ep;
}

Json EndpointPorts(const Json& service, const Json& pod) {
  Json out = Json::array();
  const Json& ports = ArrayAt(service, {"spec", "ports"});
  if (ports.empty() && GetString(service, {"spec", "clusterIP"}) == "None") return out;
  for (const Json& sp : ports) {
    std::optional<int64_t> port = FindPort(pod, sp);
    if (!port) continue;
    std::string protocol = GetString(sp, {"protocol"});
    Json p = {{"name", GetString(sp, {"name"})},
              {"port", *port},
              {"protocol", protocol.empty() ? "TCP" : protocol}};
    if (const Json* ap = Lookup(sp, {"appProtocol"}); ap && !ap->is_null()) p["appProtocol"] = *ap;
    out.push_back(std::move(p));
  }
  return out;
}

std::pair<LabelSet, bool> EndpointSliceLabels(const Json& slice, const Json& service) {
  LabelSet slice_labels, labels;
  for (const auto& [k, v] : MetaLabels(slice)) {
    if (!IsReservedLabel(k)) slice_labels[k] = v;
  }
  for (const auto& [k, v] : MetaLabels(service)) {
    if (!IsReservedLabel(k)) labels[k] = v;
  }
  bool changed = slice_labels != labels;
  if (!IsServiceIPSet(service)) labels[kLabelHeadless] = "";
  labels[kLabelServiceName] = MetaName(service);
  labels[kLabelManagedBy] = kControllerQualifiedName;
  return {std::move(labels), changed};
}

std::string EndpointSlicePrefix(const std::string& service_name) {
  std::string prefix = service_name + "-";
  if (!api::validation::NameIsDNSSubdomain(prefix, true).empty()) return service_name;
  return prefix;
}

std::string ServiceKeyForSlice(const Json& slice) {
  std::string service = GetString(slice, {"metadata", "labels", kLabelServiceName});
  return service.empty() ? "" : MetaNamespace(slice) + "/" + service;
}

ReconcilePlan Reconcile(const ReconcileInput& in) {
  ReconcilePlan plan;
  const Json& service = *in.service;
  std::vector<const Json*> slices = in.slices;
  std::sort(slices.begin(), slices.end(),
            [](const Json* a, const Json* b) { return MetaName(*a) < MetaName(*b); });
  std::vector<std::string> types = AddressTypesForService(service);
  std::map<std::string, std::vector<const Json*>> by_type;
  std::vector<Json> unsupported;
  for (const Json* slice : slices) {
    std::string t = GetString(*slice, {"addressType"});
    if (std::find(types.begin(), types.end(), t) == types.end()) {
      unsupported.push_back(*slice);
    } else {
      by_type[t].push_back(slice);
    }
  }
  for (const std::string& t : types) ReconcileByAddressType(in, by_type[t], t, plan);
  for (Json& s : unsupported) plan.deletes.push_back(std::move(s));
  return plan;
}

}  // namespace stead::controllers::endpointslice
