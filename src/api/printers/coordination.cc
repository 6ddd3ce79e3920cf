// coordination.k8s.io/v1 printers.

#include <vector>

#include "api/printers/format.h"
#include "api/printers/groups.h"

namespace stead::api::printers {

bool InstallCoordinationV1(ResourceType& type) {
  if (type.group != "coordination.k8s.io" || type.kind != "Lease") return false;
  type.columns = {
      NameColumn(),
      {"Holder", "string", "", "The identity of the current holder of the lease.", 0},
      AgeColumn(),
  };
  type.row = [](const Json& lease, SystemTime now) -> std::vector<Json> {
    return {MetaName(lease), GetString(lease, {"spec", "holderIdentity"}), Age(lease, now)};
  };
  return true;
}

}  // namespace stead::api::printers
