// The PVC protection controller (upstream pkg/controller/volume/
// pvcprotection): a PersistentVolumeClaim carries the finalizer
// kubernetes.io/pvc-protection (added by admission, or here for claims that
// lack it) so that deleting a claim a pod uses leaves it Terminating. Once no
// pod uses it the finalizer is removed and the claim goes away.
//
// "Uses", exactly as Kubernetes 1.32 decides it: a pod of the claim's
// namespace that is scheduled (spec.nodeName set) and names the claim in
// spec.volumes[].persistentVolumeClaim.claimName — whatever its phase, and
// also while it is being deleted: the claim waits until the pod object is
// gone. (A generic ephemeral volume's claim is released as soon as its pod
// is shut down: deleted with grace period 0.) Unscheduled pods never block,
// since the node agent will not start a pod whose claim is being deleted.
// Before removing the finalizer the pods are listed from the server too, so
// that a pod the informer has not seen yet cannot lose its claim.
#pragma once

#include <memory>

#include "controllers/context.h"

namespace stead::controllers {

// Name "persistentvolumeclaim-protection-controller".
std::unique_ptr<RunnableController> NewPvcProtectionController(const ControllerContext& context);

}  // namespace stead::controllers
