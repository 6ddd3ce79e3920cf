#include "controllers/volume/local_provisioner.h"

#include "core/quantity.h"

namespace stead::controllers::volume {

Result<Json> ProvisionLocalVolume(const LocalVolumeRequest& request) {
  const Json& claim = *request.claim;
  const Json& sc = *request.storage_class;
  std::string mode = GetString(claim, {"spec", "volumeMode"}, "Filesystem");
  if (mode != "Filesystem") {
    return Status::Invalid("volumeMode " + mode + " is not supported by " + kLocalPathProvisioner +
                           ", only Filesystem");
  }
  const Json* request_qty = Lookup(claim, {"spec", "resources", "requests", "storage"});
  if (!request_qty) return Status::Invalid("the claim requests no storage size");
  STEAD_ASSIGN_OR_RETURN(Quantity capacity, Quantity::FromJson(*request_qty));

  Json access_modes = Json::array();
  if (const Json* modes = Lookup(claim, {"spec", "accessModes"}); modes && modes->is_array()) {
    access_modes = *modes;
  }
  // A directory on one node is what ReadWriteOnce means.
  if (access_modes.empty()) access_modes.push_back("ReadWriteOnce");

  std::string base = request.base_dir;
  while (base.size() > 1 && base.back() == '/') base.pop_back();
  Json spec = {
      {"capacity", {{"storage", capacity.ToString()}}},
      {"accessModes", access_modes},
      {"persistentVolumeReclaimPolicy", GetString(sc, {"reclaimPolicy"}, "Delete")},
      {"hostPath", {{"path", base + "/" + request.volume_name}, {"type", "DirectoryOrCreate"}}},
      {"volumeMode", mode},
  };
  if (request.selected_node) {
    const Json& node = *request.selected_node;
    std::string hostname = GetString(node, {"metadata", "labels", "kubernetes.io/hostname"});
    if (hostname.empty()) hostname = MetaName(node);
    spec["nodeAffinity"] = {{"required",
                             {{"nodeSelectorTerms",
                               {{{"matchExpressions",
                                  {{{"key", "kubernetes.io/hostname"},
                                    {"operator", "In"},
                                    {"values", {hostname}}}}}}}}}}};
  }
  return Json{{"apiVersion", "v1"},
              {"kind", "PersistentVolume"},
              {"metadata", {{"name", request.volume_name}}},
              {"spec", std::move(spec)}};
}

}  // namespace stead::controllers::volume
