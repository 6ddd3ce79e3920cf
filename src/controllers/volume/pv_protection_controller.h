// The PV protection controller (upstream pkg/controller/volume/
// pvprotection): a PersistentVolume carries the finalizer
// kubernetes.io/pv-protection (added by admission, or here for volumes that
// lack it) so that deleting a volume still bound to a claim leaves it
// Terminating. The finalizer is removed once the volume's status.phase is no
// longer Bound — the PV controller turns it Released when its claim is gone.
#pragma once

#include <memory>

#include "controllers/context.h"

namespace stead::controllers {

// Name "persistentvolume-protection-controller".
std::unique_ptr<RunnableController> NewPvProtectionController(const ControllerContext& context);

}  // namespace stead::controllers
