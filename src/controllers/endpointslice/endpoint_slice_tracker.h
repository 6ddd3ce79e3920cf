// EndpointSliceTracker: the EndpointSlice controller's expectations
// (upstream k8s.io/endpointslice/util EndpointSliceTracker). It remembers,
// per Service, the generation of every slice the controller last wrote and
// the slices it deleted, so that:
//   * the controller's own writes coming back through the informer do not
//     trigger another sync (ShouldSync is false for a generation it wrote);
//   * a sync on an informer cache that lags behind those writes is refused
//     (StaleSlices): a slice older than written, a slice expected to be
//     gone, or a written slice missing from the cache — acting on such a
//     cache would create duplicate slices;
//   * a deletion the controller did not make triggers a sync
//     (HandleDeletion is false).
// Tracked generations of a Service that was deleted and recreated (new UID)
// are dropped on its first sync.
//
// Slices are keyed by namespace + their kubernetes.io/service-name label and
// their UID. Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "core/json.h"

namespace stead::controllers::endpointslice {

class EndpointSliceTracker {
 public:
  bool Has(const Json& slice) const;
  // True unless the tracker holds this slice's generation or a newer one.
  bool ShouldSync(const Json& slice) const;
  // `slices`: the Service's slices in the cache, without those being deleted.
  bool StaleSlices(const Json& service, const std::vector<const Json*>& slices);
  // Records the generation of a slice as written.
  void Update(const Json& slice);
  void ExpectDeletion(const Json& slice);
  // Forgets the slice; false if its deletion was not expected.
  bool HandleDeletion(const Json& slice);
  void DeleteService(const std::string& ns, const std::string& name);

 private:
  static constexpr int64_t kDeletionExpected = -1;
  using Generations = std::map<std::string, int64_t>;  // by slice UID
  static std::string ServiceKeyOf(const Json& slice);

  mutable std::mutex mu_;
  std::map<std::string, Generations> generations_;   // guarded by mu_; by "ns/service"
  std::map<std::string, std::string> service_uids_;  // guarded by mu_
};

}  // namespace stead::controllers::endpointslice
