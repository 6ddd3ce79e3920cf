// Fixtures of the EndpointSliceMirroring tests: a hand-written Endpoints
// "external-db" and a World that applies the reconciler's plans the way the
// API server would (creates get names, writes bump the generation).
#pragma once

#include <string>
#include <vector>

#include "controllers/endpointslicemirroring/reconciler.h"
#include "core/json.h"

namespace stead::controllers::endpointslicemirroring::testing {

inline Json Address(const std::string& ip) { return {{"ip", ip}}; }

inline Json Subset(
    std::vector<Json> ready, std::vector<Json> not_ready = {},
    Json ports = Json::array({{{"name", "pg"}, {"port", 5432}, {"protocol", "TCP"}}})) {
  Json s = {{"ports", std::move(ports)}};
  if (!ready.empty()) s["addresses"] = ready;
  if (!not_ready.empty()) s["notReadyAddresses"] = not_ready;
  return s;
}

inline Json Endpoints(std::vector<Json> subsets) {
  return {{"apiVersion", "v1"},
          {"kind", "Endpoints"},
          {"metadata", {{"name", "external-db"}, {"namespace", "default"}, {"uid", "ep-uid"}}},
          {"subsets", subsets}};
}

class World {
 public:
  explicit World(Json endpoints) : endpoints_(std::move(endpoints)) {}

  Json& endpoints() { return endpoints_; }
  std::vector<Json>& slices() { return slices_; }

  ReconcilePlan Sync(int max = kDefaultMaxEndpointsPerSubset) {
    ReconcileInput in;
    in.endpoints = &endpoints_;
    for (const Json& s : slices_) in.slices.push_back(&s);
    in.max_endpoints_per_subset = max;
    ReconcilePlan plan = Reconcile(in);
    for (Json s : plan.creates) {
      s["metadata"]["name"] = GetString(s, {"metadata", "generateName"}) + std::to_string(next_++);
      s["metadata"]["generation"] = 1;
      slices_.push_back(std::move(s));
    }
    for (const Json& u : plan.updates) {
      for (Json& s : slices_) {
        if (MetaName(s) == MetaName(u)) s = u;
      }
    }
    for (const Json& d : plan.deletes) {
      std::erase_if(slices_, [&](const Json& s) { return MetaName(s) == MetaName(d); });
    }
    return plan;
  }

 private:
  Json endpoints_;
  std::vector<Json> slices_;
  int next_ = 0;
};

}  // namespace stead::controllers::endpointslicemirroring::testing
