#include "controllers/endpointslice/endpoint_slice_tracker.h"

#include <set>

#include "controllers/endpointslice/pod_endpoints.h"

namespace stead::controllers::endpointslice {

std::string EndpointSliceTracker::ServiceKeyOf(const Json& slice) {
  return MetaNamespace(slice) + "/" + GetString(slice, {"metadata", "labels", kLabelServiceName});
}

bool EndpointSliceTracker::Has(const Json& slice) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = generations_.find(ServiceKeyOf(slice));
  return it != generations_.end() && it->second.count(MetaUid(slice)) > 0;
}

bool EndpointSliceTracker::ShouldSync(const Json& slice) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = generations_.find(ServiceKeyOf(slice));
  if (it == generations_.end()) return true;
  auto g = it->second.find(MetaUid(slice));
  return g == it->second.end() || GetInt(slice, {"metadata", "generation"}) > g->second;
}

bool EndpointSliceTracker::StaleSlices(const Json& service,
                                       const std::vector<const Json*>& slices) {
  std::lock_guard<std::mutex> lock(mu_);
  std::string key = MetaNamespace(service) + "/" + MetaName(service);
  std::string uid = MetaUid(service);
  auto tracked = service_uids_.find(key);
  if (tracked != service_uids_.end() && !tracked->second.empty() && !uid.empty() &&
      tracked->second != uid) {
    generations_.erase(key);
  }
  service_uids_[key] = uid;
  auto it = generations_.find(key);
  if (it == generations_.end()) return false;
  const Generations& gens = it->second;
  std::set<std::string> provided;
  for (const Json* slice : slices) {
    provided.insert(MetaUid(*slice));
    auto g = gens.find(MetaUid(*slice));
    if (g != gens.end() && (g->second == kDeletionExpected ||
                            g->second > GetInt(*slice, {"metadata", "generation"}))) {
      return true;
    }
  }
  for (const auto& [slice_uid, generation] : gens) {
    if (generation != kDeletionExpected && !provided.count(slice_uid)) return true;
  }
  return false;
}

void EndpointSliceTracker::Update(const Json& slice) {
  std::lock_guard<std::mutex> lock(mu_);
  generations_[ServiceKeyOf(slice)][MetaUid(slice)] = GetInt(slice, {"metadata", "generation"});
}

void EndpointSliceTracker::ExpectDeletion(const Json& slice) {
  std::lock_guard<std::mutex> lock(mu_);
  generations_[ServiceKeyOf(slice)][MetaUid(slice)] = kDeletionExpected;
}

bool EndpointSliceTracker::HandleDeletion(const Json& slice) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = generations_.find(ServiceKeyOf(slice));
  if (it == generations_.end()) return true;
  auto g = it->second.find(MetaUid(slice));
  if (g == it->second.end()) return true;
  bool expected = g->second == kDeletionExpected;
  it->second.erase(g);
  return expected;
}

void EndpointSliceTracker::DeleteService(const std::string& ns, const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  generations_.erase(ns + "/" + name);
  service_uids_.erase(ns + "/" + name);
}

}  // namespace stead::controllers::endpointslice
