#include "controllers/endpointslicemirroring/reconciler.h"

#include <algorithm>
#include <map>

#include "api/validation/names.h"
#include "controllers/endpoints/repack_subsets.h"
#include "controllers/endpointslice/endpoint_identity.h"
#include "controllers/endpointslice/pod_endpoints.h"
#include "controllers/endpointslice/reconciler.h"
#include "controllers/statefulset/pod_identity.h"

namespace stead::controllers::endpointslicemirroring {
namespace {

namespace es = endpointslice;
using es::ArrayAt;

constexpr char kAnnotationLastApplied[] = "kubectl.kubernetes.io/last-applied-configuration";
constexpr const char* kAddressTypes[] = {"IPv4", "IPv6"};

// A port list of one address type (addrTypePortMapKey).
std::string SliceKey(const Json& ports, const std::string& address_type) {
  return es::PortMapKey(ports) + '\x1d' + address_type;
}

std::map<std::string, std::string> StringMapAt(const Json& obj, std::string_view field) {
  std::map<std::string, std::string> out;
  const Json* m = Lookup(obj, {"metadata", field});
  if (m == nullptr || !m->is_object()) return out;
  for (const auto& [k, v] : m->items()) {
    if (v.is_string()) out[k] = v.get<std::string>();
  }
  return out;
}

// The annotations a slice carries: the Endpoints' but two.
std::map<std::string, std::string> MirroredAnnotations(const Json& endpoints) {
  std::map<std::string, std::string> out = StringMapAt(endpoints, "annotations");
  out.erase(es::kAnnotationLastChangeTriggerTime);
  out.erase(kAnnotationLastApplied);
  return out;
}

Json NewEndpointSlice(const Json& endpoints, const Json& ports, const std::string& address_type,
                      const std::string& name) {
  Json labels = Json::object();
  for (const auto& [k, v] : StringMapAt(endpoints, "labels")) labels[k] = v;
  labels[es::kLabelServiceName] = MetaName(endpoints);
  labels[es::kLabelManagedBy] = kControllerName;
  Json meta = {
      {"namespace", MetaNamespace(endpoints)},
      {"labels", std::move(labels)},
      {"ownerReferences", Json::array({statefulset::ControllerRef(
                              "v1", "Endpoints", MetaName(endpoints), MetaUid(endpoints))})}};
  std::map<std::string, std::string> annotations = MirroredAnnotations(endpoints);
  if (!annotations.empty()) {
    meta["annotations"] = Json::object();
    for (const auto& [k, v] : annotations) meta["annotations"][k] = v;
  }
  if (name.empty()) {
    meta["generateName"] = es::EndpointSlicePrefix(MetaName(endpoints));
  } else {
    meta["name"] = name;
  }
  return {{"apiVersion", "discovery.k8s.io/v1"}, {"kind", "EndpointSlice"},
          {"metadata", std::move(meta)},         {"addressType", address_type},
          {"endpoints", Json::array()},          {"ports", ports}};
}

// What mirroring the subsets asks for (desiredCalc).
struct Desired {
  std::map<std::string, es::EndpointSet> endpoints;  // by SliceKey
  std::map<std::string, Json> ports;
  std::map<std::string, std::string> address_types;
};

struct Totals {
  int added = 0, updated = 0, removed = 0;
};

// totalChanges: what rewriting `slice` with `desired` changes.
Totals TotalChanges(const Json& slice, const es::EndpointSet& desired) {
  Totals t;
  int matches = 0;
  for (const Json& ep : ArrayAt(slice, {"endpoints"})) {
    auto got = desired.find(es::EndpointKey(ep));
    if (got == desired.end()) {
      ++t.removed;
      continue;
    }
    ++matches;
    if (!es::EndpointsEqualBeyondHash(got->second, ep)) ++t.updated;
  }
  t.added = static_cast<int>(desired.size()) - matches;
  return t;
}

// Labels of a slice without the two the controller sets.
std::map<std::string, std::string> OwnLabels(const Json& slice) {
  std::map<std::string, std::string> labels = StringMapAt(slice, "labels");
  labels.erase(es::kLabelManagedBy);
  labels.erase(es::kLabelServiceName);
  return labels;
}

// reconcileByPortMapping: the one slice of a port list and address type.
Totals ReconcileByPortMapping(const Json& endpoints, const std::vector<const Json*>& existing,
                              es::EndpointSet desired, const Json& ports,
                              const std::string& address_type, size_t max, ReconcilePlan& plan) {
  Totals totals;
  if (desired.empty()) {
    for (const Json* slice : existing) {
      plan.deletes.push_back(*slice);
      totals.removed += static_cast<int>(ArrayAt(*slice, {"endpoints"}).size());
    }
    return totals;
  }
  std::string name;
  if (existing.empty()) {
    totals.added = static_cast<int>(desired.size());
  } else {
    for (size_t i = 1; i < existing.size(); ++i) plan.deletes.push_back(*existing[i]);
    const Json& first = *existing[0];
    totals = TotalChanges(first, desired);
    if (totals.added == 0 && totals.updated == 0 && totals.removed == 0 &&
        OwnLabels(first) == StringMapAt(endpoints, "labels") &&
        StringMapAt(first, "annotations") == MirroredAnnotations(endpoints)) {
      return totals;
    }
    name = MetaName(first);
  }
  Json slice = NewEndpointSlice(endpoints, ports, address_type, name);
  Json& eps = slice["endpoints"];
  for (auto it = desired.begin(); it != desired.end() && eps.size() < max; ++it) {
    eps.push_back(std::move(it->second));
  }
  if (name.empty()) {
    plan.creates.push_back(std::move(slice));
  } else {
    // Written over the slice read: the resourceVersion guards the update.
    slice["metadata"]["resourceVersion"] = GetString(*existing[0], {"metadata", "resourceVersion"});
    plan.updates.push_back(std::move(slice));
  }
  return totals;
}

// recycleSlices: a create takes over a slice of its address type that was
// to be deleted.
void RecycleSlices(ReconcilePlan& plan) {
  std::vector<Json> creates;
  for (Json& create : plan.creates) {
    auto del = std::find_if(plan.deletes.begin(), plan.deletes.end(), [&](const Json& d) {
      return GetString(d, {"addressType"}) == GetString(create, {"addressType"});
    });
    if (del == plan.deletes.end()) {
      creates.push_back(std::move(create));
      continue;
    }
    create["metadata"].erase("generateName");
    create["metadata"]["name"] = MetaName(*del);
    plan.updates.push_back(std::move(create));
    plan.deletes.erase(del);
  }
  plan.creates = std::move(creates);
}

}  // namespace

bool ShouldMirror(const Json& endpoints) {
  if (GetString(endpoints, {"metadata", "labels", kLabelSkipMirror}) == "true") return false;
  return !Has(endpoints, {"metadata", "annotations", kAnnotationLeader});
}

std::optional<std::string> AddressType(const std::string& ip) {
  bool is_v6 = false;
  if (!api::validation::ParseIP(ip, &is_v6)) return std::nullopt;
  return is_v6 ? "IPv6" : "IPv4";
}

Json AddressToEndpoint(const Json& address, bool ready) {
  Json ep = {{"addresses", Json::array({GetString(address, {"ip"})})},
             {"conditions", {{"ready", ready}}}};
  if (const Json* ref = Lookup(address, {"targetRef"}); ref && ref->is_object()) {
    ep["targetRef"] = *ref;
  }
  if (const Json* node = Lookup(address, {"nodeName"}); node && node->is_string()) {
    ep["nodeName"] = *node;
  }
  std::string hostname = GetString(address, {"hostname"});
  if (!hostname.empty()) ep["hostname"] = hostname;
  return ep;
}

Json SlicePorts(const Json& subset_ports) {
  Json out = Json::array();
  if (!subset_ports.is_array()) return out;
  for (const Json& p : subset_ports) {
    std::string protocol = GetString(p, {"protocol"});
    Json port = {{"name", GetString(p, {"name"})},
                 {"port", GetInt(p, {"port"})},
                 {"protocol", protocol.empty() ? "TCP" : protocol}};
    if (const Json* ap = Lookup(p, {"appProtocol"}); ap && ap->is_string()) {
      port["appProtocol"] = *ap;
    }
    out.push_back(std::move(port));
  }
  return out;
}

ReconcilePlan Reconcile(const ReconcileInput& in) {
  ReconcilePlan plan;
  const Json& endpoints = *in.endpoints;
  size_t max = static_cast<size_t>(std::max(1, in.max_endpoints_per_subset));

  Desired d;
  Json subsets = endpoints::RepackSubsets(ArrayAt(endpoints, {"subsets"}));
  for (const Json& subset : subsets) {
    Json ports = SlicePorts(ArrayAt(subset, {"ports"}));
    std::map<std::string, std::string> key_by_type;
    for (const char* type : kAddressTypes) {
      std::string key = SliceKey(ports, type);
      key_by_type[type] = key;
      d.endpoints[key];
      d.ports[key] = ports;
      d.address_types[key] = type;
    }
    const Json& ready = ArrayAt(subset, {"addresses"});
    const Json& not_ready = ArrayAt(subset, {"notReadyAddresses"});
    size_t mirrored = 0;
    auto add = [&](const Json& list, bool is_ready) {
      for (const Json& address : list) {
        if (mirrored >= max) break;
        std::optional<std::string> type = AddressType(GetString(address, {"ip"}));
        if (!type) {
          ++plan.invalid_addresses;
          continue;
        }
        Json ep = AddressToEndpoint(address, is_ready);
        std::string ep_key = es::EndpointKey(ep);
        d.endpoints[key_by_type[*type]][ep_key] = std::move(ep);
        ++mirrored;
      }
    };
    add(ready, true);
    add(not_ready, false);
    plan.addresses_skipped += static_cast<int>(ready.size() + not_ready.size() - mirrored);
  }

  std::vector<const Json*> slices = in.slices;
  std::sort(slices.begin(), slices.end(),
            [](const Json* a, const Json* b) { return MetaName(*a) < MetaName(*b); });
  std::map<std::string, std::vector<const Json*>> existing;
  for (const Json* slice : slices) {
    existing[SliceKey(ArrayAt(*slice, {"ports"}), GetString(*slice, {"addressType"}))].push_back(
        slice);
  }

  for (auto& [key, set] : d.endpoints) {
    static const std::vector<const Json*> kNone;
    auto it = existing.find(key);
    const std::vector<const Json*>& current = it == existing.end() ? kNone : it->second;
    int desired_endpoints = static_cast<int>(set.size());
    size_t creates = plan.creates.size(), deletes = plan.deletes.size();
    Totals t = ReconcileByPortMapping(endpoints, current, std::move(set), d.ports[key],
                                      d.address_types[key], max, plan);
    plan.added += t.added;
    plan.updated += t.updated;
    plan.removed += t.removed;
    plan.efficiency.push_back(
        {desired_endpoints, static_cast<int>(current.size() + (plan.creates.size() - creates)) -
                                static_cast<int>(plan.deletes.size() - deletes)});
  }
  for (const auto& [key, current] : existing) {
    if (d.endpoints.count(key)) continue;
    for (const Json* slice : current) plan.deletes.push_back(*slice);
  }

  RecycleSlices(plan);
  if (MetaDeleting(endpoints)) plan.creates.clear();
  return plan;
}

}  // namespace stead::controllers::endpointslicemirroring
