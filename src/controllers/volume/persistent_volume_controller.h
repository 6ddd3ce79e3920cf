// The persistent volume controller (upstream pkg/controller/volume/
// persistentvolume, the "persistentvolume-binder"): keeps claims and volumes
// bound to each other, provisions volumes for claims of a local-path
// StorageClass and reclaims volumes whose claim is gone.
//
//   * Binding: a Pending claim gets the volume pre-bound to it, else the
//     smallest Available volume that fits (class, access modes, size,
//     volumeMode, selector). The volume is written first (spec.claimRef with
//     the claim's uid, annotation bound-by-controller, phase Bound), then the
//     claim (spec.volumeName, annotations bind-completed and
//     bound-by-controller, phase Bound with the volume's access modes and
//     capacity). Claims naming a volume are bound to exactly that one.
//   * Provisioning: a claim no volume fits, whose class's provisioner is
//     `provisioner_name`, gets volume "pvc-<claim uid>" (local_provisioner.h),
//     created pre-bound and annotated provisioned-by; the next sync binds it.
//     Other provisioners are left to external provisioners
//     (ExternalProvisioning event); a claim without class waits for a volume
//     (FailedBinding event). WaitForFirstConsumer claims wait for the
//     scheduler's selected-node annotation.
//   * Reclaim: when a bound claim is deleted its volume turns Released; with
//     reclaim policy Delete the controller deletes the storage (VolumeDeleter)
//     and then the volume, with Retain the volume stays Released.
//   * Claims created before a default StorageClass existed get it assigned.
// Everything is re-checked every `resync_period`, as upstream does (claims
// waiting for a volume are bound on the resync after one appears).
//
// Two workers, one for claims and one for volumes (each key is synced by one
// of them at a time). Reads come from the informers, merged with the
// controller's own latest writes (versioned_cache.h).
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "controllers/context.h"
#include "controllers/volume/local_provisioner.h"
#include "controllers/volume/volume_deleter.h"

namespace stead::controllers {

struct PersistentVolumeControllerOptions {
  // The provisioner this controller implements (the StorageClass's
  // `provisioner`), as in pv.kubernetes.io/provisioned-by.
  std::string provisioner_name = volume::kLocalPathProvisioner;
  // Where provisioned volumes' directories live on the node.
  std::string volume_base_dir = volume::kDefaultVolumeBaseDir;
  // Upstream's --pvclaimbinder-sync-period.
  std::chrono::milliseconds resync_period{15000};
  bool enable_dynamic_provisioning = true;
  // Deletes provisioned storage; default LocalPathVolumeDeleter on
  // volume_base_dir.
  std::unique_ptr<volume::VolumeDeleter> deleter;
};

// Name "persistentvolume-binder-controller"; events come from
// "persistentvolume-controller".
std::unique_ptr<RunnableController> NewPersistentVolumeController(
    const ControllerContext& context, PersistentVolumeControllerOptions options);

}  // namespace stead::controllers
