#include "api/kinds/kinds.h"

namespace stead::api::kinds {

std::vector<ResourceType> All() {
  // Upstream lists each group's resources alphabetically by plural.
  return {
      ConfigMap(),        Endpoints(),  Event(),
      Namespace(),        Node(),       PersistentVolumeClaim(),
      PersistentVolume(), Pod(),        Secret(),
      ServiceAccount(),   Service(),    ControllerRevision(),
      Deployment(),       ReplicaSet(), StatefulSet(),
      EndpointSlice(),    Lease(),      StorageClass(),
      EventV1(),
  };
}

}  // namespace stead::api::kinds
