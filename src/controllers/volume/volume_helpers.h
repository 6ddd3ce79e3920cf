// Helpers shared by the persistent volume controllers: the annotations and
// finalizers of the binding protocol, how a claim matches a volume
// (upstream k8s.io/component-helpers/storage/volume and the PV controller's
// access-mode index), and which pods use a claim (the pod-pvc index).
// Objects are API JSON; every function is pure and thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "client/informer.h"
#include "core/json.h"
#include "core/quantity.h"
#include "core/result.h"
#include "store/watch_cache.h"

namespace stead::controllers::volume {

// On claims: the binding went through the controller once.
inline constexpr char kAnnBindCompleted[] = "pv.kubernetes.io/bind-completed";
// On volumes and claims: the controller (not the user) made the binding.
inline constexpr char kAnnBoundByController[] = "pv.kubernetes.io/bound-by-controller";
// On claims: the node the scheduler picked (WaitForFirstConsumer).
inline constexpr char kAnnSelectedNode[] = "volume.kubernetes.io/selected-node";
// On volumes: who provisioned it.
inline constexpr char kAnnDynamicallyProvisioned[] = "pv.kubernetes.io/provisioned-by";
// On claims: who is asked to provision it.
inline constexpr char kAnnStorageProvisioner[] = "volume.kubernetes.io/storage-provisioner";
inline constexpr char kAnnBetaStorageProvisioner[] =
    "volume.beta.kubernetes.io/storage-provisioner";
// On dynamically provisioned volumes with reclaim policy Delete: held until
// the storage itself is deleted (HonorPVReclaimPolicy).
inline constexpr char kPvDeletionInTreeProtectionFinalizer[] = "kubernetes.io/pv-controller";
// The external provisioners' counterpart, removed from in-tree volumes.
inline constexpr char kPvDeletionProtectionFinalizer[] =
    "external-provisioner.volume.kubernetes.io/finalizer";

// Name of the pods-informer index from "namespace/claim" to the pods whose
// volumes reference that claim (persistentVolumeClaim or ephemeral).
inline constexpr char kPodPvcIndex[] = "pod-pvc-index";
// Adds the index unless the informer already has it.
Status AddPodPvcIndex(client::SharedInformer& pods);

bool HasAnnotation(const Json& obj, std::string_view key);
bool HasFinalizer(const Json& obj, std::string_view finalizer);
// A copy of `obj` without / with `finalizer` (metadata.finalizers dropped
// when it becomes empty).
Json WithoutFinalizer(const Json& obj, std::string_view finalizer);
Json WithFinalizer(const Json& obj, std::string_view finalizer);
// protectionutil: being deleted and still holding the finalizer / not being
// deleted and lacking it.
bool IsDeletionCandidate(const Json& obj, std::string_view finalizer);
bool NeedToAddFinalizer(const Json& obj, std::string_view finalizer);

// "namespace/name" of a claim, and of the claim a volume's claimRef names.
std::string ClaimKey(const Json& claim);
std::string ClaimRefKey(const Json& volume);
// A core/v1 ObjectReference to the claim (kind, namespace, name, uid,
// apiVersion, resourceVersion), as spec.claimRef holds it.
Json ClaimReference(const Json& claim);

// spec.resources.requests.storage of a claim / spec.capacity.storage of a
// volume; zero when unset.
Quantity ClaimRequest(const Json& claim);
Quantity VolumeCapacity(const Json& volume);

// The volume is pre-bound or bound to the claim: same namespace and name, and
// the same uid when the claimRef has one.
bool IsVolumeBoundToClaim(const Json& volume, const Json& claim);
// volumeMode differs (unset means Filesystem).
bool VolumeModeMismatch(const Json& claim, const Json& volume);
// The volume offers every access mode the claim asks for.
bool CheckAccessModes(const Json& claim, const Json& volume);
// Why a volume the claim asked for by name cannot be bound to it, or OK
// (messages as upstream's checkVolumeSatisfyClaim).
Status CheckVolumeSatisfiesClaim(const Json& volume, const Json& claim);

// The volume the PV controller binds an unbound claim to: a volume pre-bound
// to the claim if any, else the smallest Available one that is large enough,
// of the claim's class and volumeMode, matching its selector, among the
// volumes whose access-mode set is smallest while still holding every mode
// the claim asks for. With `delay_binding` (WaitForFirstConsumer) only
// pre-bound volumes count. nullptr if none fits.
Result<store::ObjectPtr> FindBestMatchForClaim(const Json& claim,
                                               const std::vector<store::ObjectPtr>& volumes,
                                               bool delay_binding);

// Claim keys ("namespace/claim") a pod's volumes reference.
std::vector<std::string> PodClaimKeys(const Json& pod);
// The claim name of a generic ephemeral volume: "<pod>-<volume>".
std::string EphemeralClaimName(const Json& pod, const Json& volume);
// Succeeded or Failed, or being deleted with no container running
// (upstream volumeutil.IsPodTerminated).
bool IsPodTerminated(const Json& pod);

}  // namespace stead::controllers::volume
