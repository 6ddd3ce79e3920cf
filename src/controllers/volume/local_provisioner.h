// The local-path provisioner: the PersistentVolume that backs a claim of a
// StorageClass whose provisioner is stead.dev/local-path — a hostPath
// directory <base dir>/<volume name> (type DirectoryOrCreate: the node agent
// creates it when a pod first mounts it) with the claim's requested size,
// access modes and volumeMode and the class's reclaim policy and class name.
// With WaitForFirstConsumer the claim carries the node the scheduler chose
// and the volume gets a required node affinity to it; with Immediate the
// single node needs none.
//
// Pure: it only computes the object; the PV controller binds and saves it.
#pragma once

#include <string>

#include "core/json.h"
#include "core/result.h"

namespace stead::controllers::volume {

inline constexpr char kLocalPathProvisioner[] = "stead.dev/local-path";
inline constexpr char kDefaultVolumeBaseDir[] = "/var/lib/stead/volumes";

struct LocalVolumeRequest {
  std::string volume_name;  // "pvc-<claim uid>"
  std::string base_dir;     // kDefaultVolumeBaseDir in production
  const Json* claim = nullptr;
  const Json* storage_class = nullptr;
  const Json* selected_node = nullptr;  // a Node, or nullptr
};

// Errors (a Block claim, no storage request) become ProvisioningFailed events.
Result<Json> ProvisionLocalVolume(const LocalVolumeRequest& request);

}  // namespace stead::controllers::volume
