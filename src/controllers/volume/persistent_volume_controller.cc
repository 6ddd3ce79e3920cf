#include "controllers/volume/persistent_volume_controller.h"

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "apiserver/admission/default_storage_class.h"
#include "client/object_key.h"
#include "controllers/volume/versioned_cache.h"
#include "controllers/volume/volume_helpers.h"
#include "core/go_quote.h"
#include "core/log.h"

namespace stead::controllers {

namespace {

using apiserver::admission::ClaimHasStorageClass;
using apiserver::admission::ClaimStorageClass;
using apiserver::admission::PickDefaultStorageClass;
using client::ObjectPtr;
using client::SharedInformer;
using namespace volume;  // NOLINT: this file is the volume package's controller

constexpr char kName[] = "persistentvolume-binder-controller";
constexpr char kEventComponent[] = "persistentvolume-controller";
constexpr char kNormal[] = "Normal";
constexpr char kWarning[] = "Warning";

ObjectPtr Ptr(Json obj) { return std::make_shared<const Json>(std::move(obj)); }

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// Go's reflect.DeepEqual of two access-mode lists as decoded from the API
// (absent, null and empty all decode to nil).
bool SameList(const Json* a, const Json* b) {
  auto empty = [](const Json* j) { return !j || j->is_null() || (j->is_array() && j->empty()); };
  if (empty(a) || empty(b)) return empty(a) && empty(b);
  return *a == *b;
}

class PersistentVolumeController final : public RunnableController {
 public:
  PersistentVolumeController(const ControllerContext& context,
                             PersistentVolumeControllerOptions options)
      : name_(kName),
        options_(std::move(options)),
        client_(context.client),
        clock_(context.clock),
        pv_type_(client_->Type("", "persistentvolumes")),
        pvc_type_(client_->Type("", "persistentvolumeclaims")),
        volume_informer_(context.informers->For(pv_type_)),
        claim_informer_(context.informers->For(pvc_type_)),
        class_informer_(context.informers->For("storage.k8s.io", "storageclasses")),
        pod_informer_(context.informers->For("", "pods")),
        node_informer_(context.informers->For("", "nodes")),
        recorder_(context.events->NewRecorder(kEventComponent)),
        claim_queue_(clock_, QueueOptions("claims", context),
                     [this](const std::string& key) { return SyncClaimKey(key); }),
        volume_queue_(clock_, QueueOptions("volumes", context),
                      [this](const std::string& key) { return SyncVolumeKey(key); }) {
    if (!options_.deleter) {
      options_.deleter = std::make_unique<LocalPathVolumeDeleter>(options_.volume_base_dir);
    }
  }

  ~PersistentVolumeController() override { Stop(); }

  const std::string& name() const override { return name_; }

  void Start() override {
    std::lock_guard<std::mutex> lock(mu_);
    if (started_ || stopping_) return;
    started_ = true;
    Status s = AddPodPvcIndex(pod_informer_);
    if (!s.ok()) LOG_ERROR(name_, "Cannot index pods by claim", {{"error", s.ToString()}});
    volume_handler_ = volume_informer_.AddEventHandler(volume_queue_.EnqueueHandler());
    claim_handler_ = claim_informer_.AddEventHandler(claim_queue_.EnqueueHandler());
    runner_ = std::thread([this] { Run(); });
  }

  void Stop() override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_) return;
      stopping_ = true;
    }
    cv_.notify_all();
    if (runner_.joinable()) runner_.join();
    claim_queue_.Stop();
    volume_queue_.Stop();
    bool started;
    {
      std::lock_guard<std::mutex> lock(mu_);
      started = started_;
    }
    if (started) {
      volume_informer_.RemoveEventHandler(volume_handler_);
      claim_informer_.RemoveEventHandler(claim_handler_);
    }
  }

 private:
  static Controller::Options QueueOptions(const std::string& queue, const ControllerContext& c) {
    Controller::Options o;
    o.name = queue;  // upstream's queue names
    o.metrics = c.controller_metrics;
    return o;
  }

  bool Stopping() {
    std::lock_guard<std::mutex> lock(mu_);
    return stopping_;
  }

  // Waits for the caches, seeds the versioned caches, starts the workers,
  // then resyncs every resync_period until stopped. Syncing before the
  // volume cache is complete could provision a volume for a claim that an
  // existing volume fits.
  void Run() {
    for (SharedInformer* informer :
         {&volume_informer_, &claim_informer_, &class_informer_, &pod_informer_, &node_informer_}) {
      while (!informer->WaitForSync(std::chrono::milliseconds(100))) {
        if (Stopping()) return;
      }
    }
    for (const auto& v : volume_informer_.List("")) volumes_.StoreIfNotOlder(v);
    for (const auto& c : claim_informer_.List("")) claims_.StoreIfNotOlder(c);
    claim_queue_.Start();
    volume_queue_.Start();
    LOG_INFO(name_, "Started", {{"provisioner", options_.provisioner_name}});

    std::unique_lock<std::mutex> lock(mu_);
    while (!stopping_) {
      SystemTime deadline = clock_->Now() + options_.resync_period;
      while (!stopping_ && clock_->Now() < deadline) clock_->WaitUntil(cv_, lock, deadline);
      if (stopping_) break;
      lock.unlock();
      for (const auto& key : claim_informer_.ListKeys()) claim_queue_.Enqueue(key);
      for (const auto& key : volume_informer_.ListKeys()) volume_queue_.Enqueue(key);
      lock.lock();
    }
  }

  // ---- Work queue entry points ---------------------------------------------

  Status SyncClaimKey(const std::string& key) {
    ObjectPtr claim = claim_informer_.GetByKey(key);
    ObjectPtr cached = claims_.Get(key);
    if (!claim) {
      // Deleted: its volume may now be released.
      if (!cached) return Status::OK();
      claims_.Remove(key);
      EnqueueVolumeOf(*cached);
      return Status::OK();
    }
    // A claim deleted and re-created under the same name between two syncs:
    // the old one's volume needs a look as if the deletion had been seen.
    if (cached && MetaUid(*cached) != MetaUid(*claim)) EnqueueVolumeOf(*cached);
    if (!claims_.StoreIfNotOlder(claim)) return Status::OK();
    return SyncClaim(claim);
  }

  Status SyncVolumeKey(const std::string& key) {
    ObjectPtr volume = volume_informer_.GetByKey(key);
    if (!volume) {
      ObjectPtr cached = volumes_.Get(key);
      if (!cached) return Status::OK();
      volumes_.Remove(key);
      // Its claim turns Lost now rather than at the next resync.
      if (Has(*cached, {"spec", "claimRef"})) claim_queue_.Enqueue(ClaimRefKey(*cached));
      return Status::OK();
    }
    if (!volumes_.StoreIfNotOlder(volume)) return Status::OK();
    return SyncVolume(volume);
  }

  void EnqueueVolumeOf(const Json& claim) {
    std::string volume_name = GetString(claim, {"spec", "volumeName"});
    if (!volume_name.empty()) volume_queue_.Enqueue(volume_name);
  }

  // ---- Claims ----------------------------------------------------------------

  Status SyncClaim(const ObjectPtr& claim) {
    if (!HasAnnotation(*claim, kAnnBindCompleted)) return SyncUnboundClaim(claim);
    return SyncBoundClaim(claim);
  }

  Status SyncUnboundClaim(const ObjectPtr& claim) {
    std::string volume_name = GetString(*claim, {"spec", "volumeName"});
    if (volume_name.empty()) {
      // The user did not ask for a particular volume.
      STEAD_ASSIGN_OR_RETURN(bool delay_binding, IsDelayBindingMode(*claim));
      auto found = FindBestMatchForClaim(*claim, volumes_.List(), delay_binding);
      if (!found.ok()) {
        return Status::Internal("error finding PV for claim " + GoQuote(ClaimKey(*claim)) + ": " +
                                found.status().message());
      }
      if (ObjectPtr volume = *found) return Bind(volume, claim);

      // No volume fits: give the claim the default class if it has none,
      // else provision, else wait for a volume to appear.
      auto assigned = AssignDefaultStorageClass(*claim);
      if (!assigned.ok()) {
        return Status::Internal("can't update PersistentVolumeClaim[" + GoQuote(ClaimKey(*claim)) +
                                "]: " + assigned.status().message());
      }
      if (*assigned) return Status::OK();  // the update triggers a new sync
      if (delay_binding && !HasAnnotation(*claim, kAnnSelectedNode)) {
        EmitEventForUnboundDelayBindingClaim(*claim);
      } else if (!ClaimStorageClass(*claim).empty()) {
        // Binding happens on the sync the new volume triggers.
        return ProvisionClaim(claim);
      } else {
        recorder_->Event(*claim, kNormal, "FailedBinding",
                         "no persistent volumes available for this claim and no storage class "
                         "is set");
      }
      return UpdateClaimPhase(claim, "Pending", nullptr).status();
    }

    // The user asked for a particular volume.
    ObjectPtr volume = volumes_.Get(volume_name);
    if (!volume) return UpdateClaimPhase(claim, "Pending", nullptr).status();
    const Json* claim_ref = Lookup(*volume, {"spec", "claimRef"});
    if (!claim_ref || !claim_ref->is_object()) {
      Status fits = CheckVolumeSatisfiesClaim(*volume, *claim);
      if (!fits.ok()) {
        recorder_->Event(*claim, kWarning, "VolumeMismatch",
                         "Cannot bind to requested volume " + GoQuote(MetaName(*volume)) + ": " +
                             fits.message());
        return UpdateClaimPhase(claim, "Pending", nullptr).status();
      }
      return Bind(volume, claim);
    }
    if (IsVolumeBoundToClaim(*volume, *claim)) return Bind(volume, claim);
    // Claimed by someone else.
    recorder_->Event(
        *claim, kWarning, "FailedBinding",
        "volume " + GoQuote(MetaName(*volume)) + " already bound to a different claim.");
    if (!HasAnnotation(*claim, kAnnBoundByController)) {
      return UpdateClaimPhase(claim, "Pending", nullptr).status();
    }
    return Status::Internal("invalid binding of claim " + GoQuote(ClaimKey(*claim)) +
                            " to volume " + GoQuote(volume_name) + ": volume already claimed by " +
                            GoQuote(ClaimRefKey(*volume)));
  }

  Status SyncBoundClaim(const ObjectPtr& claim) {
    std::string volume_name = GetString(*claim, {"spec", "volumeName"});
    if (volume_name.empty()) {
      return UpdateClaimPhaseWithEvent(
          claim, "Lost", nullptr, kWarning, "ClaimLost",
          "Bound claim has lost reference to PersistentVolume. Data on the volume is lost!");
    }
    ObjectPtr volume = volumes_.Get(volume_name);
    if (!volume) {
      return UpdateClaimPhaseWithEvent(
          claim, "Lost", nullptr, kWarning, "ClaimLost",
          "Bound claim has lost its PersistentVolume. Data on the volume is lost!");
    }
    const Json* claim_ref = Lookup(*volume, {"spec", "claimRef"});
    // Unbound volume: re-bind (it may also just be our own write not seen yet).
    if (!claim_ref || !claim_ref->is_object()) return Bind(volume, claim);
    if (GetString(*claim_ref, {"uid"}) == MetaUid(*claim)) return Bind(volume, claim);
    return UpdateClaimPhaseWithEvent(claim, "Lost", nullptr, kWarning, "ClaimMisbound",
                                     "Two claims are bound to the same volume, this one is bound "
                                     "incorrectly");
  }

  // WaitForFirstConsumer class (a missing class means no delay).
  Result<bool> IsDelayBindingMode(const Json& claim) {
    std::string class_name = ClaimStorageClass(claim);
    if (class_name.empty()) return false;
    ObjectPtr sc = class_informer_.Get("", class_name);
    if (!sc) return false;
    const Json* mode = Lookup(*sc, {"volumeBindingMode"});
    if (!mode || !mode->is_string()) {
      return Status::Internal("VolumeBindingMode not set for StorageClass " + GoQuote(class_name));
    }
    return *mode == "WaitForFirstConsumer";
  }

  void EmitEventForUnboundDelayBindingClaim(const Json& claim) {
    std::string reason = "WaitForFirstConsumer";
    std::string message = "waiting for first consumer to be created before binding";
    std::vector<std::string> unscheduled;
    for (const auto& pod : pod_informer_.ByIndex(kPodPvcIndex, ClaimKey(claim))) {
      if (IsPodTerminated(*pod)) continue;
      if (GetString(*pod, {"spec", "nodeName"}).empty()) unscheduled.push_back(MetaName(*pod));
    }
    if (!unscheduled.empty()) {
      reason = "WaitForPodScheduled";
      if (unscheduled.size() > 1) {
        std::string names;
        for (const auto& n : unscheduled) names += (names.empty() ? "" : ",") + n;
        message = "waiting for pods " + names + " to be scheduled";
      } else {
        message = "waiting for pod " + unscheduled[0] + " to be scheduled";
      }
    }
    recorder_->Event(claim, kNormal, reason, message);
  }

  // Retroactive default StorageClass: true if the claim was updated.
  Result<bool> AssignDefaultStorageClass(const Json& claim) {
    if (ClaimHasStorageClass(claim)) return false;
    ObjectPtr sc = PickDefaultStorageClass(class_informer_.List(""));
    if (!sc) return false;
    Json updated = claim;
    updated["spec"]["storageClassName"] = MetaName(*sc);
    STEAD_RETURN_IF_ERROR(UpdateClaim(std::move(updated)).status());
    return true;
  }

  // ---- Binding ---------------------------------------------------------------

  // Volume first, then the claim; each step is skipped when already done, so
  // a sync after a failure finishes the job.
  Status Bind(ObjectPtr volume, ObjectPtr claim) {
    STEAD_ASSIGN_OR_RETURN(volume, BindVolumeToClaim(volume, *claim));
    STEAD_ASSIGN_OR_RETURN(volume, UpdateVolumePhase(volume, "Bound", ""));
    STEAD_ASSIGN_OR_RETURN(claim, BindClaimToVolume(claim, *volume));
    STEAD_ASSIGN_OR_RETURN(claim, UpdateClaimPhase(claim, "Bound", volume.get()));
    LOG_DEBUG(name_, "Volume bound to claim",
              {{"PVC", ClaimKey(*claim)}, {"volumeName", MetaName(*volume)}});
    return Status::OK();
  }

  Result<ObjectPtr> BindVolumeToClaim(const ObjectPtr& volume, const Json& claim) {
    bool set_bound_by_controller = !IsVolumeBoundToClaim(*volume, claim);
    Json clone = *volume;
    bool dirty = false;
    const Json* ref = Lookup(*volume, {"spec", "claimRef"});
    if (!ref || !ref->is_object() || GetString(*ref, {"name"}) != MetaName(claim) ||
        GetString(*ref, {"namespace"}) != MetaNamespace(claim) ||
        GetString(*ref, {"uid"}) != MetaUid(claim)) {
      clone["spec"]["claimRef"] = ClaimReference(claim);
      dirty = true;
    }
    if (set_bound_by_controller && !HasAnnotation(clone, kAnnBoundByController)) {
      Ensure(clone, {"metadata", "annotations"})[kAnnBoundByController] = "yes";
      dirty = true;
    }
    if (!dirty) return volume;
    LOG_INFO(name_, "Claim bound to volume",
             {{"PVC", ClaimKey(claim)}, {"volumeName", MetaName(*volume)}});
    return UpdateVolume(std::move(clone));
  }

  Result<ObjectPtr> BindClaimToVolume(const ObjectPtr& claim, const Json& volume) {
    Json clone = *claim;
    bool dirty = false;
    if (MetaName(volume) != GetString(*claim, {"spec", "volumeName"})) {
      clone["spec"]["volumeName"] = MetaName(volume);
      if (!HasAnnotation(clone, kAnnBoundByController)) {
        Ensure(clone, {"metadata", "annotations"})[kAnnBoundByController] = "yes";
      }
      dirty = true;
    }
    if (!HasAnnotation(clone, kAnnBindCompleted)) {
      Ensure(clone, {"metadata", "annotations"})[kAnnBindCompleted] = "yes";
      dirty = true;
    }
    if (!dirty) return claim;
    return UpdateClaim(std::move(clone));
  }

  // Unbinds a volume the controller bound (or forgets the uid of a volume
  // the user pre-bound) and makes it Available.
  Status UnbindVolume(const ObjectPtr& volume) {
    Json clone = *volume;
    if (HasAnnotation(*volume, kAnnBoundByController)) {
      clone["spec"].erase("claimRef");
      Json& annotations = clone["metadata"]["annotations"];
      annotations.erase(kAnnBoundByController);
      if (annotations.empty()) clone["metadata"].erase("annotations");
    } else {
      clone["spec"]["claimRef"].erase("uid");
    }
    STEAD_ASSIGN_OR_RETURN(ObjectPtr updated, UpdateVolume(std::move(clone)));
    return UpdateVolumePhase(updated, "Available", "").status();
  }

  // ---- Provisioning ----------------------------------------------------------

  Status ProvisionClaim(const ObjectPtr& claim) {
    if (!options_.enable_dynamic_provisioning) return Status::OK();
    std::string class_name = ClaimStorageClass(*claim);
    ObjectPtr sc = class_informer_.Get("", class_name);
    if (!sc) {
      // Retried on the next resync, as upstream does.
      // The lister's NotFound names the singular resource.
      recorder_->Event(*claim, kWarning, "ProvisioningFailed",
                       "storageclass.storage.k8s.io \"" + class_name + "\" not found");
      return Status::OK();
    }
    std::string provisioner = GetString(*sc, {"provisioner"});
    if (provisioner == options_.provisioner_name) return ProvisionClaimOperation(claim, *sc);
    if (StartsWith(provisioner, "kubernetes.io/")) {
      // An in-tree plugin stead does not have.
      recorder_->Event(*claim, kWarning, "ProvisioningFailed",
                       "no volume plugin matched name: " + provisioner);
      return Status::OK();
    }
    return ProvisionClaimOperationExternal(claim, provisioner);
  }

  Status ProvisionClaimOperationExternal(ObjectPtr claim, const std::string& provisioner) {
    auto updated = SetClaimProvisioner(claim, provisioner);
    if (!updated.ok()) {
      recorder_->Event(*claim, kWarning, "ProvisioningFailed",
                       "Error saving claim: " + updated.status().message());
      return updated.status();
    }
    claim = *updated;
    recorder_->Event(*claim, kNormal, "ExternalProvisioning",
                     "Waiting for a volume to be created either by the external provisioner '" +
                         provisioner +
                         "' or manually by the system administrator. If volume creation is "
                         "delayed, please verify that the provisioner is running and correctly "
                         "registered.");
    return Status::OK();
  }

  Status ProvisionClaimOperation(ObjectPtr claim, const Json& storage_class) {
    const std::string& plugin = options_.provisioner_name;
    const std::string class_name = MetaName(storage_class);
    if (const Json* ds = Lookup(*claim, {"spec", "dataSource"}); ds && !ds->is_null()) {
      std::string message = "plugin " + GoQuote(plugin) +
                            " is not a CSI plugin. Only CSI plugin can provision a claim with a "
                            "datasource";
      recorder_->Event(*claim, kWarning, "ProvisioningFailed", message);
      return Status::Invalid(message);
    }
    STEAD_ASSIGN_OR_RETURN(claim, SetClaimProvisioner(claim, plugin));

    // A previous attempt may have created the volume already (its name is
    // deterministic).
    std::string pv_name = "pvc-" + MetaUid(*claim);
    auto existing = client_->Get(pv_type_, "", pv_name);
    if (existing.ok()) return Status::OK();
    if (!existing.status().IsNotFound()) return existing.status();

    if (const Json* mo = Lookup(storage_class, {"mountOptions"});
        mo && mo->is_array() && !mo->empty()) {
      std::string list;
      for (const auto& o : *mo) list += (list.empty() ? "" : " ") + o.get<std::string>();
      recorder_->Event(*claim, kWarning, "ProvisioningFailed",
                       "Mount options are not supported by the provisioner but StorageClass " +
                           GoQuote(class_name) + " has mount options [" + list + "]");
      return Status::Invalid("provisioner " + GoQuote(plugin) + " doesn't support mount options");
    }

    ObjectPtr selected_node;
    if (HasAnnotation(*claim, kAnnSelectedNode)) {
      std::string node_name = GetString(*claim, {"metadata", "annotations", kAnnSelectedNode});
      selected_node = node_informer_.Get("", node_name);
      if (!selected_node) {
        std::string message = "Failed to get target node: node \"" + node_name + "\" not found";
        recorder_->Event(*claim, kWarning, "ProvisioningFailed", message);
        return Status::NotFound(message);
      }
    }

    LocalVolumeRequest request;
    request.volume_name = pv_name;
    request.base_dir = options_.volume_base_dir;
    request.claim = claim.get();
    request.storage_class = &storage_class;
    request.selected_node = selected_node.get();
    auto provisioned = ProvisionLocalVolume(request);
    if (!provisioned.ok()) {
      RescheduleProvisioning(*claim);
      recorder_->Event(*claim, kWarning, "ProvisioningFailed",
                       "Failed to provision volume with StorageClass " + GoQuote(class_name) +
                           ": " + provisioned.status().message());
      return provisioned.status();
    }
    Json pv = std::move(*provisioned);
    // Created pre-bound; the claim side is bound by the next sync.
    pv["spec"]["claimRef"] = ClaimReference(*claim);
    pv["spec"]["storageClassName"] = ClaimStorageClass(*claim);
    Json& annotations = Ensure(pv, {"metadata", "annotations"});
    annotations[kAnnBoundByController] = "yes";
    annotations[kAnnDynamicallyProvisioned] = plugin;
    if (GetString(pv, {"spec", "persistentVolumeReclaimPolicy"}) == "Delete") {
      pv["metadata"]["finalizers"] = Json::array({kPvDeletionInTreeProtectionFinalizer});
    }

    auto created = client_->Create(pv_type_, "", pv);
    if (!created.ok() && !created.status().IsAlreadyExists()) {
      // Nothing is left behind on disk (the agent creates the directory on
      // first mount), but clean up like upstream in case it was.
      recorder_->Event(*claim, kWarning, "ProvisioningFailed",
                       "Error creating provisioned PV object for claim " + ClaimKey(*claim) + ": " +
                           created.status().message() + ". Deleting the volume.");
      Status cleaned = options_.deleter->Delete(pv);
      if (!cleaned.ok()) {
        recorder_->Event(*claim, kWarning, "ProvisioningCleanupFailed",
                         "Error cleaning provisioned volume for claim " + ClaimKey(*claim) + ": " +
                             cleaned.message() + ". Please delete manually.");
      }
      // Retried on the next resync, as upstream does.
      return Status::OK();
    }
    if (created.ok()) volumes_.StoreIfNotOlder(Ptr(std::move(*created)));
    LOG_INFO(name_, "Volume provisioned for claim",
             {{"PVC", ClaimKey(*claim)}, {"volumeName", pv_name}});
    recorder_->Event(*claim, kNormal, "ProvisioningSucceeded",
                     "Successfully provisioned volume " + pv_name + " using " + plugin);
    return Status::OK();
  }

  // Asks the scheduler to pick a node again after provisioning failed there.
  void RescheduleProvisioning(const Json& claim) {
    if (!HasAnnotation(claim, kAnnSelectedNode)) return;
    Json updated = claim;
    updated["metadata"]["annotations"].erase(kAnnSelectedNode);
    auto r = UpdateClaim(std::move(updated));
    if (!r.ok()) {
      LOG_DEBUG(name_, "Failed to remove the selected-node annotation",
                {{"PVC", ClaimKey(claim)}, {"error", r.status().ToString()}});
    }
  }

  Result<ObjectPtr> SetClaimProvisioner(const ObjectPtr& claim, const std::string& provisioner) {
    if (HasAnnotation(*claim, kAnnStorageProvisioner) &&
        GetString(*claim, {"metadata", "annotations", kAnnStorageProvisioner}) == provisioner) {
      return claim;
    }
    Json clone = *claim;
    Json& annotations = Ensure(clone, {"metadata", "annotations"});
    annotations[kAnnBetaStorageProvisioner] = provisioner;
    annotations[kAnnStorageProvisioner] = provisioner;
    return UpdateClaim(std::move(clone));
  }

  // ---- Volumes ---------------------------------------------------------------

  Status SyncVolume(ObjectPtr volume) {
    STEAD_ASSIGN_OR_RETURN(volume, UpdateDeletionFinalizers(volume));
    const Json* claim_ref = Lookup(*volume, {"spec", "claimRef"});
    if (!claim_ref || !claim_ref->is_object()) {
      return UpdateVolumePhase(volume, "Available", "").status();
    }
    std::string ref_uid = GetString(*claim_ref, {"uid"});
    // Pre-bound to a claim not bound yet: the claim's sync handles it.
    if (ref_uid.empty()) return UpdateVolumePhase(volume, "Available", "").status();

    std::string phase = GetString(*volume, {"status", "phase"});
    bool released_or_failed = phase == "Released" || phase == "Failed";
    std::string claim_key = ClaimRefKey(*volume);
    ObjectPtr claim = claims_.Get(claim_key);
    if (!claim && !released_or_failed) {
      // The claim may be too new for the caches: only an authoritative
      // answer may release the volume.
      claim = claim_informer_.GetByKey(claim_key);
      if (!claim) {
        STEAD_ASSIGN_OR_RETURN(claim, GetClaimFromServer(*claim_ref));
      }
    }
    if (claim && MetaUid(*claim) != ref_uid) {
      // The cache may hold an older claim of the same name; ask the server.
      STEAD_ASSIGN_OR_RETURN(claim, GetClaimFromServer(*claim_ref));
      if (claim && MetaUid(*claim) != ref_uid) claim = nullptr;  // the bound one was deleted
    }

    if (!claim) {
      if (!released_or_failed) {
        LOG_INFO(
            name_, "Volume is released and reclaim policy will be executed",
            {{"volumeName", MetaName(*volume)},
             {"reclaimPolicy", GetString(*volume, {"spec", "persistentVolumeReclaimPolicy"})}});
        STEAD_ASSIGN_OR_RETURN(volume, UpdateVolumePhase(volume, "Released", ""));
      }
      return ReclaimVolume(volume);
    }
    std::string claim_volume = GetString(*claim, {"spec", "volumeName"});
    if (claim_volume.empty()) {
      if (VolumeModeMismatch(*claim, *volume)) {
        recorder_->Event(*volume, kWarning, "VolumeMismatch",
                         "Cannot bind PersistentVolume to requested PersistentVolumeClaim " +
                             GoQuote(MetaName(*claim)) + " due to incompatible volumeMode.");
        recorder_->Event(*claim, kWarning, "VolumeMismatch",
                         "Cannot bind PersistentVolume " + GoQuote(MetaName(*volume)) +
                             " to requested PersistentVolumeClaim due to incompatible "
                             "volumeMode.");
        return Status::OK();
      }
      // Half-bound (e.g. just provisioned): the claim's sync completes it.
      claim_queue_.Enqueue(ClaimKey(*claim));
      return Status::OK();
    }
    if (claim_volume == MetaName(*volume)) {
      return UpdateVolumePhase(volume, "Bound", "").status();
    }
    // The claim is bound to another volume.
    if (HasAnnotation(*volume, kAnnDynamicallyProvisioned) &&
        GetString(*volume, {"spec", "persistentVolumeReclaimPolicy"}) == "Delete") {
      // Provisioned for this claim but no longer needed.
      if (!released_or_failed) {
        STEAD_ASSIGN_OR_RETURN(volume, UpdateVolumePhase(volume, "Released", ""));
      }
      return ReclaimVolume(volume);
    }
    return UnbindVolume(volume);
  }

  // nullptr when the claim does not exist.
  Result<ObjectPtr> GetClaimFromServer(const Json& claim_ref) {
    auto r = client_->Get(pvc_type_, GetString(claim_ref, {"namespace"}),
                          GetString(claim_ref, {"name"}));
    if (r.ok()) return *r;
    if (r.status().IsNotFound()) return ObjectPtr();
    return r.status();
  }

  // HonorPVReclaimPolicy: a volume this controller provisioned holds
  // kubernetes.io/pv-controller while its policy is Delete, so that its
  // storage is deleted even when the PersistentVolume object is deleted first.
  Result<ObjectPtr> UpdateDeletionFinalizers(const ObjectPtr& volume) {
    if (!HasAnnotation(*volume, kAnnDynamicallyProvisioned)) return volume;
    std::string provisioner =
        GetString(*volume, {"metadata", "annotations", kAnnDynamicallyProvisioned});
    if (provisioner != options_.provisioner_name && !StartsWith(provisioner, "kubernetes.io/")) {
      return volume;
    }
    std::string policy = GetString(*volume, {"spec", "persistentVolumeReclaimPolicy"});
    Json clone = *volume;
    bool modified = false;
    // No finalizer may be added to an object being deleted (the API server
    // refuses); that includes the moment after this controller removed it.
    if (policy == "Delete" && !MetaDeleting(clone) &&
        !HasFinalizer(clone, kPvDeletionInTreeProtectionFinalizer)) {
      clone = WithFinalizer(clone, kPvDeletionInTreeProtectionFinalizer);
      modified = true;
    } else if ((policy == "Retain" || policy == "Recycle") &&
               HasFinalizer(clone, kPvDeletionInTreeProtectionFinalizer)) {
      clone = WithoutFinalizer(clone, kPvDeletionInTreeProtectionFinalizer);
      modified = true;
    }
    if (HasFinalizer(clone, kPvDeletionProtectionFinalizer)) {
      clone = WithoutFinalizer(clone, kPvDeletionProtectionFinalizer);
      modified = true;
    }
    if (!modified) return volume;
    auto updated = UpdateVolume(std::move(clone));
    if (!updated.ok()) {
      return Status::Internal(
          "persistent Volume Controller can't anneal migration annotations or finalizer: " +
          updated.status().message());
    }
    return updated;
  }

  Status ReclaimVolume(const ObjectPtr& volume) {
    if (HasAnnotation(*volume, "pv.kubernetes.io/migrated-to")) return Status::OK();
    std::string policy = GetString(*volume, {"spec", "persistentVolumeReclaimPolicy"});
    if (policy == "Retain") return Status::OK();
    if (policy == "Recycle") return RecycleVolumeOperation(volume);
    if (policy == "Delete") return DeleteVolumeOperation(volume);
    return UpdateVolumePhaseWithEvent(volume, "Failed", kWarning, "VolumeUnknownReclaimPolicy",
                                      "Volume has unrecognized PersistentVolumeReclaimPolicy");
  }

  // Recycling (a deprecated policy) needs a recycler plugin stead does not
  // have: the volume is marked Failed, as upstream does without one.
  Status RecycleVolumeOperation(const ObjectPtr& volume) {
    auto fresh = client_->Get(pv_type_, "", MetaName(*volume));
    if (!fresh.ok()) return Status::OK();
    if (!IsVolumeReleased(**fresh)) return Status::OK();
    std::vector<std::string> pods = PodsUsingVolume(**fresh);
    bool claim_cached = claims_.Get(ClaimRefKey(*volume)) != nullptr;
    if (!pods.empty() && !claim_cached) {
      std::string list;
      for (const auto& p : pods) list += (list.empty() ? "" : ",") + p;
      recorder_->Event(*volume, kNormal, "VolumeFailedRecycle", "Volume is used by pods: " + list);
      return Status::OK();
    }
    return UpdateVolumePhaseWithEvent(*fresh, "Failed", kWarning, "VolumeFailedRecycle",
                                      "No recycler plugin found for the volume!");
  }

  Status DeleteVolumeOperation(const ObjectPtr& volume) {
    auto fresh = client_->Get(pv_type_, "", MetaName(*volume));
    if (!fresh.ok()) return Status::OK();  // gone already
    // Being deleted without the in-tree finalizer: its storage is gone
    // already (the finalizer is removed only after that), or it is not ours.
    if (MetaDeleting(**fresh) && !HasFinalizer(**fresh, kPvDeletionInTreeProtectionFinalizer)) {
      return Status::OK();
    }
    if (!IsVolumeReleased(**fresh)) return Status::OK();
    auto deleted = DoDeleteVolume(volume);
    if (!deleted.ok()) {
      STEAD_RETURN_IF_ERROR(UpdateVolumePhaseWithEvent(
          volume, "Failed", kWarning, "VolumeFailedDelete", deleted.status().message()));
      // Retried with backoff while the volume stays Failed.
      return deleted.status();
    }
    if (!*deleted) return Status::OK();  // an external deleter's job
    LOG_INFO(name_, "Volume deleted", {{"volumeName", MetaName(*volume)}});
    auto r = client_->Delete(pv_type_, "", MetaName(*volume), {});
    if (!r.ok() && !r.status().IsNotFound()) return r.status();
    // Still there until the protection finalizer goes: remember the deleting
    // version so that older events are not acted on.
    if (r.ok() && !r->deleted && r->body.is_object() &&
        r->body.value("kind", "") == "PersistentVolume") {
      volumes_.StoreIfNotOlder(Ptr(r->body));
    }
    return Status::OK();
  }

  // True if the storage was deleted, false if an external deleter owns it.
  Result<bool> DoDeleteVolume(const ObjectPtr& volume) {
    if (HasAnnotation(*volume, kAnnDynamicallyProvisioned)) {
      std::string provisioner =
          GetString(*volume, {"metadata", "annotations", kAnnDynamicallyProvisioned});
      if (provisioner != options_.provisioner_name) {
        if (!StartsWith(provisioner, "kubernetes.io/")) return false;
        return Status::NotFound("no volume plugin matched name: " + provisioner);
      }
    } else {
      if (HasAnnotation(*volume, "pv.kubernetes.io/migrated-to")) return false;
      if (const Json* csi = Lookup(*volume, {"spec", "csi"}); csi && csi->is_object()) {
        return false;
      }
      // Statically created volumes: stead deletes only what it provisioned.
      return Status::NotFound("error getting deleter volume plugin for volume " +
                              GoQuote(MetaName(*volume)) + ": no deletable volume plugin matched");
    }
    STEAD_RETURN_IF_ERROR(options_.deleter->Delete(*volume));
    // The storage is gone: the volume object may go too.
    auto fresh = client_->Get(pv_type_, "", MetaName(*volume));
    if (fresh.ok() && HasFinalizer(**fresh, kPvDeletionInTreeProtectionFinalizer)) {
      auto updated = UpdateVolume(WithoutFinalizer(**fresh, kPvDeletionInTreeProtectionFinalizer));
      if (!updated.ok()) {
        return Status::Internal("persistent volume controller can't update finalizer: " +
                                updated.status().message());
      }
    }
    return true;
  }

  // Bound to a claim that no longer exists, or that is bound to another volume.
  bool IsVolumeReleased(const Json& volume) {
    const Json* ref = Lookup(volume, {"spec", "claimRef"});
    if (!ref || !ref->is_object()) return false;
    std::string uid = GetString(*ref, {"uid"});
    if (uid.empty()) return false;
    ObjectPtr claim = claims_.Get(ClaimRefKey(volume));
    if (claim && MetaUid(*claim) == uid) {
      std::string claim_volume = GetString(*claim, {"spec", "volumeName"});
      return !claim_volume.empty() && claim_volume != MetaName(volume);
    }
    return true;
  }

  // "namespace/name" of the running pods that use the volume's claim.
  std::vector<std::string> PodsUsingVolume(const Json& volume) {
    std::vector<std::string> names;
    if (!Has(volume, {"spec", "claimRef"})) return names;
    for (const auto& pod : pod_informer_.ByIndex(kPodPvcIndex, ClaimRefKey(volume))) {
      if (!IsPodTerminated(*pod)) names.push_back(MetaNamespace(*pod) + "/" + MetaName(*pod));
    }
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    return names;
  }

  // ---- Writes (each keeps the versioned caches current) ----------------------

  Result<ObjectPtr> UpdateVolume(Json volume) {
    STEAD_ASSIGN_OR_RETURN(Json saved, client_->Update(pv_type_, "", std::move(volume)));
    ObjectPtr p = Ptr(std::move(saved));
    volumes_.StoreIfNotOlder(p);
    return p;
  }

  Result<ObjectPtr> UpdateClaim(Json claim) {
    std::string ns = MetaNamespace(claim);
    STEAD_ASSIGN_OR_RETURN(Json saved, client_->Update(pvc_type_, ns, std::move(claim)));
    ObjectPtr p = Ptr(std::move(saved));
    claims_.StoreIfNotOlder(p);
    return p;
  }

  Result<ObjectPtr> UpdateVolumePhase(const ObjectPtr& volume, const std::string& phase,
                                      const std::string& message) {
    if (GetString(*volume, {"status", "phase"}) == phase) return volume;
    Json clone = *volume;
    Json& status = Ensure(clone, {"status"});
    status["phase"] = phase;
    if (message.empty()) {
      status.erase("message");
    } else {
      status["message"] = message;
    }
    STEAD_ASSIGN_OR_RETURN(Json saved, client_->Update(pv_type_, "", std::move(clone), {},
                                                       client::Subresource::kStatus));
    ObjectPtr p = Ptr(std::move(saved));
    volumes_.StoreIfNotOlder(p);
    LOG_INFO(name_, "Volume entered phase", {{"volumeName", MetaName(*p)}, {"phase", phase}});
    return p;
  }

  // The event is only emitted when the phase actually changes.
  Status UpdateVolumePhaseWithEvent(const ObjectPtr& volume, const std::string& phase,
                                    const char* type, const std::string& reason,
                                    const std::string& message) {
    if (GetString(*volume, {"status", "phase"}) == phase) return Status::OK();
    STEAD_ASSIGN_OR_RETURN(ObjectPtr updated, UpdateVolumePhase(volume, phase, message));
    recorder_->Event(*updated, type, reason, message);
    return Status::OK();
  }

  // Sets the claim's phase; with a volume also its status.accessModes and,
  // when it becomes bound, status.capacity (later differences are kept: they
  // mean a resize in progress).
  Result<ObjectPtr> UpdateClaimPhase(const ObjectPtr& claim, const std::string& phase,
                                     const Json* volume) {
    std::string old_phase = GetString(*claim, {"status", "phase"});
    Json clone = *claim;
    Json& status = Ensure(clone, {"status"});
    bool dirty = false;
    if (old_phase != phase) {
      status["phase"] = phase;
      dirty = true;
    }
    if (!volume) {
      for (const char* field : {"accessModes", "capacity"}) {
        if (status.contains(field)) {
          status.erase(field);
          dirty = true;
        }
      }
    } else {
      const Json* modes = Lookup(*volume, {"spec", "accessModes"});
      if (!SameList(Lookup(*claim, {"status", "accessModes"}), modes)) {
        if (modes && modes->is_array() && !modes->empty()) {
          status["accessModes"] = *modes;
        } else {
          status.erase("accessModes");
        }
        dirty = true;
      }
      if (old_phase != phase) {
        const Json* volume_capacity = Lookup(*volume, {"spec", "capacity"});
        if (!Lookup(*volume, {"spec", "capacity", "storage"})) {
          return Status::Internal("PersistentVolume " + GoQuote(MetaName(*volume)) +
                                  " is without a storage capacity");
        }
        const Json* claim_storage = Lookup(*claim, {"status", "capacity", "storage"});
        auto claim_qty = claim_storage ? Quantity::FromJson(*claim_storage)
                                       : Result<Quantity>(Status::NotFound(""));
        if (!claim_qty.ok() || VolumeCapacity(*volume).Compare(*claim_qty) != 0) {
          status["capacity"] = *volume_capacity;
          dirty = true;
        }
      }
    }
    if (!dirty) return claim;
    STEAD_ASSIGN_OR_RETURN(Json saved,
                           client_->Update(pvc_type_, MetaNamespace(*claim), std::move(clone), {},
                                           client::Subresource::kStatus));
    ObjectPtr p = Ptr(std::move(saved));
    claims_.StoreIfNotOlder(p);
    LOG_INFO(name_, "Claim entered phase", {{"PVC", ClaimKey(*p)}, {"phase", phase}});
    return p;
  }

  Status UpdateClaimPhaseWithEvent(const ObjectPtr& claim, const std::string& phase,
                                   const Json* volume, const char* type, const std::string& reason,
                                   const std::string& message) {
    if (GetString(*claim, {"status", "phase"}) == phase) return Status::OK();
    STEAD_ASSIGN_OR_RETURN(ObjectPtr updated, UpdateClaimPhase(claim, phase, volume));
    recorder_->Event(*updated, type, reason, message);
    return Status::OK();
  }

  // Constant after construction.
  const std::string name_;
  PersistentVolumeControllerOptions options_;
  client::Client* const client_;
  const Clock* const clock_;
  const api::ResourceType& pv_type_;
  const api::ResourceType& pvc_type_;
  SharedInformer& volume_informer_;
  SharedInformer& claim_informer_;
  SharedInformer& class_informer_;
  SharedInformer& pod_informer_;
  SharedInformer& node_informer_;
  const std::unique_ptr<client::EventRecorder> recorder_;

  VersionedCache volumes_;
  VersionedCache claims_;

  std::mutex mu_;
  std::condition_variable cv_;
  bool started_ = false;   // guarded by mu_
  bool stopping_ = false;  // guarded by mu_
  SharedInformer::HandlerId volume_handler_ = 0;
  SharedInformer::HandlerId claim_handler_ = 0;
  std::thread runner_;

  // Last: destroyed (workers joined) first.
  Controller claim_queue_;
  Controller volume_queue_;
};

}  // namespace

std::unique_ptr<RunnableController> NewPersistentVolumeController(
    const ControllerContext& context, PersistentVolumeControllerOptions options) {
  return std::make_unique<PersistentVolumeController>(context, std::move(options));
}

}  // namespace stead::controllers
