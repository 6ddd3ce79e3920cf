#include "controllers/endpointslice/traffic_distribution.h"

namespace stead::controllers::endpointslice {
namespace {

bool HintsEnabled(const Json& service) {
  auto annotations = MetaAnnotations(service);
  auto it = annotations.find("service.kubernetes.io/topology-aware-hints");
  if (it == annotations.end()) it = annotations.find("service.kubernetes.io/topology-mode");
  return it != annotations.end() && (it->second == "Auto" || it->second == "auto");
}

bool EndpointReady(const Json& ep) {
  const Json* ready = Lookup(ep, {"conditions", "ready"});
  return ready && ready->is_boolean() && ready->get<bool>();
}

// The hints PreferClose wants on a ready endpoint (null: none).
Json WantedHints(const Json& ep) {
  std::string zone = GetString(ep, {"zone"});
  if (!Has(ep, {"zone"})) return Json();
  return Json{{"forZones", Json::array({{{"name", zone}}})}};
}

bool NeedsUpdate(const Json& slice) {
  const Json* eps = Lookup(slice, {"endpoints"});
  if (eps == nullptr || !eps->is_array()) return false;
  for (const Json& ep : *eps) {
    if (!EndpointReady(ep)) continue;
    Json wanted = WantedHints(ep);
    const Json* hints = Lookup(ep, {"hints"});
    bool has = hints != nullptr && !hints->is_null();
    if (wanted.is_null() ? has : (!has || *hints != wanted)) return true;
  }
  return false;
}

void SetHints(Json& slice) {
  Json* eps = LookupMutable(slice, {"endpoints"});
  if (eps == nullptr || !eps->is_array()) return;
  for (Json& ep : *eps) {
    if (!EndpointReady(ep)) continue;
    Json wanted = WantedHints(ep);
    if (wanted.is_null()) {
      ep.erase("hints");
    } else {
      ep["hints"] = std::move(wanted);
    }
  }
}

}  // namespace

bool UsesTrafficDistribution(const Json& service) {
  return GetString(service, {"spec", "trafficDistribution"}) == "PreferClose" &&
         !HintsEnabled(service);
}

void ReconcileHints(std::vector<Json>& creates, std::vector<Json>& updates,
                    const std::vector<const Json*>& unchanged) {
  for (const Json* slice : unchanged) {
    if (NeedsUpdate(*slice)) updates.push_back(*slice);
  }
  for (Json& s : creates) SetHints(s);
  for (Json& s : updates) SetHints(s);
}

void RemoveHints(std::vector<Json>& slices) {
  for (Json& s : slices) {
    Json* eps = LookupMutable(s, {"endpoints"});
    if (eps == nullptr || !eps->is_array()) continue;
    for (Json& ep : *eps) ep.erase("hints");
  }
}

}  // namespace stead::controllers::endpointslice
