// storage.k8s.io/v1 printers.

#include <string>
#include <vector>

#include "api/printers/format.h"
#include "api/printers/groups.h"

namespace stead::api::printers {

namespace {

// storageutil.IsDefaultAnnotation: the GA or the beta annotation is "true".
bool IsDefaultClass(const Json& sc) {
  auto annotations = MetaAnnotations(sc);
  auto is_true = [&](const char* key) {
    auto it = annotations.find(key);
    return it != annotations.end() && it->second == "true";
  };
  return is_true("storageclass.kubernetes.io/is-default-class") ||
         is_true("storageclass.beta.kubernetes.io/is-default-class");
}

}  // namespace

bool InstallStorageV1(ResourceType& type) {
  if (type.group != "storage.k8s.io" || type.kind != "StorageClass") return false;
  type.columns = {
      NameColumn(),
      {"Provisioner", "string", "", "The provisioner that creates volumes of this class.", 0},
      {"ReclaimPolicy", "string", "", "The reclaim policy of volumes of this class.", 0},
      {"VolumeBindingMode", "string", "", "When claims of this class are bound and provisioned.",
       0},
      {"AllowVolumeExpansion", "string", "", "Whether volumes of this class can be expanded.", 0},
      AgeColumn(),
  };
  type.row = [](const Json& sc, SystemTime now) -> std::vector<Json> {
    std::string name = MetaName(sc);
    if (IsDefaultClass(sc)) name += " (default)";
    return {name,
            GetString(sc, {"provisioner"}),
            GetString(sc, {"reclaimPolicy"}, "Delete"),
            GetString(sc, {"volumeBindingMode"}, "Immediate"),
            GetBool(sc, {"allowVolumeExpansion"}),
            Age(sc, now)};
  };
  return true;
}

}  // namespace stead::api::printers
