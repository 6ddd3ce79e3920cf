#include "api/printers/printers.h"

#include <vector>

#include "api/printers/format.h"
#include "api/printers/groups.h"

namespace stead::api::printers {

namespace {

// The apiserver's default Table convertor (rest.NewDefaultTableConvertor):
// the name and the creation time as an RFC 3339 date, which kubectl shows
// as "CREATED AT".
void InstallDefault(ResourceType& type) {
  TableColumn created_at = AgeColumn();
  created_at.name = "Created At";
  created_at.type = "date";
  type.columns = {NameColumn(), created_at};
  type.row = [](const Json& obj, SystemTime) -> std::vector<Json> {
    std::optional<SystemTime> created = TimeAt(obj, {"metadata", "creationTimestamp"});
    // Go formats the zero time as year 1.
    return {MetaName(obj), created ? FormatTime(*created) : "0001-01-01T00:00:00Z"};
  };
}

}  // namespace

void Install(ResourceType& type) {
  if (InstallEvent(type) || InstallCoreV1(type) || InstallAppsV1(type) ||
      InstallDiscoveryV1(type) || InstallCoordinationV1(type) || InstallStorageV1(type)) {
    return;
  }
  InstallDefault(type);
}

}  // namespace stead::api::printers
