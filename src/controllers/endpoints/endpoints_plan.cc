#include "controllers/endpoints/endpoints_plan.h"

#include <cmath>

#include "controllers/endpoints/repack_subsets.h"
#include "controllers/endpointslice/pod_endpoints.h"
#include "controllers/endpointslice/trigger_time_tracker.h"

namespace stead::controllers::endpoints {
namespace {

namespace es = endpointslice;

bool IsIPv6(const std::string& ip) { return ip.find(':') != std::string::npos; }

size_t Len(const Json& obj, const char* key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_array() ? it->size() : 0;
}

// podToEndpointAddressForService: the pod's IP of the Service's (first) IP
// family; nullopt when it has none.
std::optional<Json> PodAddress(const Json& service, const Json& pod) {
  bool want_v6 = false;
  const Json* families = Lookup(service, {"spec", "ipFamilies"});
  if (families && families->is_array() && !families->empty()) {
    want_v6 = (*families)[0] == "IPv6";
  } else if (es::IsServiceIPSet(service)) {
    want_v6 = IsIPv6(GetString(service, {"spec", "clusterIP"}));
  } else {
    want_v6 = IsIPv6(GetString(pod, {"status", "podIP"}));
  }
  for (const std::string& ip : es::PodIPs(pod)) {
    if (IsIPv6(ip) != want_v6) continue;
    Json addr = {{"ip", ip},
                 {"targetRef",
                  {{"kind", "Pod"},
                   {"namespace", MetaNamespace(pod)},
                   {"name", MetaName(pod)},
                   {"uid", MetaUid(pod)}}}};
    std::string node = GetString(pod, {"spec", "nodeName"});
    if (!node.empty()) addr["nodeName"] = node;
    return addr;
  }
  return std::nullopt;
}

// Subsets and labels compared as upstream does: targetRef resourceVersions
// and empty-vs-absent lists do not count.
Json Normalized(const Json* subsets) {
  Json out = Json::array();
  if (subsets == nullptr || !subsets->is_array()) return out;
  for (Json ss : *subsets) {
    for (const char* key : {"addresses", "notReadyAddresses"}) {
      if (!ss.contains(key)) continue;
      if (!ss[key].is_array() || ss[key].empty()) {
        ss.erase(key);
        continue;
      }
      for (Json& a : ss[key]) {
        if (a.contains("targetRef") && a["targetRef"].is_object()) {
          a["targetRef"].erase("resourceVersion");
        }
      }
    }
    if (ss.contains("ports") && (!ss["ports"].is_array() || ss["ports"].empty())) {
      ss.erase("ports");
    }
    out.push_back(std::move(ss));
  }
  return out;
}

bool CapacityAnnotationSetCorrectly(const Json& current) {
  size_t n = 0;
  if (const Json* subsets = Lookup(current, {"subsets"}); subsets && subsets->is_array()) {
    for (const Json& ss : *subsets) n += Len(ss, "addresses") + Len(ss, "notReadyAddresses");
  }
  if (n > static_cast<size_t>(kMaxCapacity)) return false;
  return MetaAnnotations(current).count(kAnnotationOverCapacity) == 0;
}

void Truncate(Json& list, size_t n) {
  if (list.is_array() && list.size() > n)
    list.erase(list.begin() + static_cast<std::ptrdiff_t>(n), list.end());
}

}  // namespace

Json DesiredSubsets(const Json& service, const std::vector<const Json*>& pods, int* ready_out,
                    int* not_ready_out) {
  bool tolerate_unready = GetBool(service, {"spec", "publishNotReadyAddresses"});
  const Json* ports = Lookup(service, {"spec", "ports"});
  bool no_ports = ports == nullptr || !ports->is_array() || ports->empty();
  Json subsets = Json::array();
  int ready = 0, not_ready = 0;
  auto add = [&](const Json& pod, const Json& addr, const Json* port) {
    Json ss = Json::object();
    bool is_ready = tolerate_unready || es::IsPodReady(pod);
    ss[is_ready ? "addresses" : "notReadyAddresses"] = Json::array({addr});
    if (port) ss["ports"] = Json::array({*port});
    subsets.push_back(std::move(ss));
    (is_ready ? ready : not_ready)++;
  };
  for (const Json* pod : pods) {
    if (!es::ShouldPodBeInEndpoints(*pod, tolerate_unready)) continue;
    std::optional<Json> addr = PodAddress(service, *pod);
    if (!addr) continue;
    if (es::ShouldSetHostname(*pod, service))
      (*addr)["hostname"] = GetString(*pod, {"spec", "hostname"});
    if (no_ports) {
      if (GetString(service, {"spec", "clusterIP"}) == "None") add(*pod, *addr, nullptr);
      continue;
    }
    for (const Json& sp : *ports) {
      std::optional<int64_t> num = es::FindPort(*pod, sp);
      if (!num) continue;
      Json port = {{"port", *num}};
      std::string name = GetString(sp, {"name"});
      if (!name.empty()) port["name"] = name;
      std::string protocol = GetString(sp, {"protocol"});
      port["protocol"] = protocol.empty() ? "TCP" : protocol;
      if (const Json* ap = Lookup(sp, {"appProtocol"}); ap && !ap->is_null()) {
        port["appProtocol"] = *ap;
      }
      add(*pod, *addr, &port);
    }
  }
  if (ready_out) *ready_out = ready;
  if (not_ready_out) *not_ready_out = not_ready;
  return RepackSubsets(subsets);
}

bool TruncateEndpoints(Json& endpoints) {
  Json& subsets = endpoints["subsets"];
  if (!subsets.is_array()) return false;
  size_t total_ready = 0, total_not_ready = 0;
  for (const Json& ss : subsets) {
    total_ready += Len(ss, "addresses");
    total_not_ready += Len(ss, "notReadyAddresses");
  }
  const size_t cap = kMaxCapacity;
  if (total_ready + total_not_ready <= cap) return false;
  bool truncate_ready = total_ready > cap;
  size_t max = truncate_ready ? cap : cap - total_ready;
  size_t num_total = truncate_ready ? total_ready : total_not_ready;
  size_t can_be_added = max;
  for (Json& ss : subsets) {
    size_t in_subset = Len(ss, truncate_ready ? "addresses" : "notReadyAddresses");
    // Each subset keeps its share, rounded up; the last ones get what is left.
    auto to_add =
        static_cast<size_t>(std::ceil(static_cast<double>(in_subset) /
                                      static_cast<double>(num_total) * static_cast<double>(max)));
    to_add = std::min(to_add, can_be_added);
    if (truncate_ready) {
      if (ss.contains("addresses")) Truncate(ss["addresses"], to_add);
      ss.erase("notReadyAddresses");
      can_be_added -= Len(ss, "addresses");
    } else {
      if (ss.contains("notReadyAddresses")) Truncate(ss["notReadyAddresses"], to_add);
      can_be_added -= Len(ss, "notReadyAddresses");
    }
  }
  return true;
}

EndpointsPlan PlanEndpoints(const Json& service, const std::vector<const Json*>& pods,
                            const Json* current, const std::optional<SystemTime>& trigger_time) {
  EndpointsPlan plan;
  Json subsets = DesiredSubsets(service, pods, &plan.ready, &plan.not_ready);
  LabelSet service_labels = MetaLabels(service);
  if (current != nullptr) {
    LabelSet compare = MetaLabels(*current);
    compare.erase(es::kLabelHeadless);
    if (Normalized(Lookup(*current, {"subsets"})) == Normalized(&subsets) &&
        compare == service_labels && CapacityAnnotationSetCorrectly(*current)) {
      return plan;
    }
  }
  Json ep;
  if (current != nullptr) {
    ep = *current;
    plan.action = EndpointsPlan::Action::kUpdate;
  } else {
    ep = {{"apiVersion", "v1"},
          {"kind", "Endpoints"},
          {"metadata", {{"name", MetaName(service)}, {"namespace", MetaNamespace(service)}}}};
    plan.action = EndpointsPlan::Action::kCreate;
  }
  ep["subsets"] = std::move(subsets);
  Json& meta = ep["metadata"];
  LabelSet labels = service_labels;
  if (!es::IsServiceIPSet(service)) {
    labels[es::kLabelHeadless] = "";
  } else {
    labels.erase(es::kLabelHeadless);
  }
  if (labels.empty()) {
    meta.erase("labels");
  } else {
    meta["labels"] = labels;
  }
  Json annotations = meta.contains("annotations") && meta["annotations"].is_object()
                         ? meta["annotations"]
                         : Json::object();
  if (trigger_time) {
    annotations[es::kAnnotationLastChangeTriggerTime] = es::FormatRFC3339Nano(*trigger_time);
  } else {
    annotations.erase(es::kAnnotationLastChangeTriggerTime);
  }
  if (TruncateEndpoints(ep)) {
    annotations[kAnnotationOverCapacity] = "truncated";
  } else {
    annotations.erase(kAnnotationOverCapacity);
  }
  if (annotations.empty()) {
    meta.erase("annotations");
  } else {
    meta["annotations"] = std::move(annotations);
  }
  plan.object = std::move(ep);
  return plan;
}

}  // namespace stead::controllers::endpoints
