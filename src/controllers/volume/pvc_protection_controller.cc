#include "controllers/volume/pvc_protection_controller.h"

#include <mutex>

#include "apiserver/admission/storage_object_in_use_protection.h"
#include "controllers/volume/volume_helpers.h"
#include "core/log.h"

namespace stead::controllers {

namespace {

using apiserver::admission::kPvcProtectionFinalizer;
using client::ObjectPtr;
using client::SharedInformer;

// Kubelet is done with the pod, or it was force-deleted: deleted with grace
// period 0. Only consulted for ephemeral volumes, as upstream.
bool PodIsShutDown(const Json& pod) {
  const Json* grace = Lookup(pod, {"metadata", "deletionGracePeriodSeconds"});
  return MetaDeleting(pod) && grace && grace->is_number_integer() && grace->get<int64_t>() == 0;
}

// The ephemeral claim was made for this pod: the pod controls it.
bool ClaimIsForPod(const Json& claim, const Json& pod) {
  const Json* refs = Lookup(claim, {"metadata", "ownerReferences"});
  if (!refs || !refs->is_array()) return false;
  for (const auto& ref : *refs) {
    if (GetBool(ref, {"controller"}) && GetString(ref, {"uid"}) == MetaUid(pod)) return true;
  }
  return false;
}

bool PodUsesClaim(const Json& pod, const Json& claim) {
  // Unscheduled pods never start with a claim being deleted.
  if (GetString(pod, {"spec", "nodeName"}).empty()) return false;
  const Json* volumes = Lookup(pod, {"spec", "volumes"});
  if (!volumes || !volumes->is_array()) return false;
  const std::string claim_name = MetaName(claim);
  for (const auto& v : *volumes) {
    if (GetString(v, {"persistentVolumeClaim", "claimName"}) == claim_name &&
        Has(v, {"persistentVolumeClaim"})) {
      return true;
    }
    if (!PodIsShutDown(pod) && Has(v, {"ephemeral"}) &&
        volume::EphemeralClaimName(pod, v) == claim_name && ClaimIsForPod(claim, pod)) {
      return true;
    }
  }
  return false;
}

class PvcProtectionController final : public RunnableController {
 public:
  explicit PvcProtectionController(const ControllerContext& context)
      : name_("persistentvolumeclaim-protection-controller"),
        client_(context.client),
        pvc_type_(client_->Type("", "persistentvolumeclaims")),
        pod_type_(client_->Type("", "pods")),
        claim_informer_(context.informers->For(pvc_type_)),
        pod_informer_(context.informers->For(pod_type_)),
        queue_(context.clock, QueueOptions(context),
               [this](const std::string& key) { return Sync(key); }) {}

  ~PvcProtectionController() override { Stop(); }

  const std::string& name() const override { return name_; }

  void Start() override {
    std::lock_guard<std::mutex> lock(mu_);
    if (started_ || stopped_) return;
    started_ = true;
    Status s = volume::AddPodPvcIndex(pod_informer_);
    if (!s.ok()) LOG_ERROR(name_, "Cannot index pods by claim", {{"error", s.ToString()}});

    client::ResourceEventHandler claims;
    claims.on_add = [this](const ObjectPtr& pvc) { ClaimChanged(*pvc); };
    claims.on_update = [this](const ObjectPtr&, const ObjectPtr& pvc) { ClaimChanged(*pvc); };
    claim_handler_ = claim_informer_.AddEventHandler(std::move(claims));

    client::ResourceEventHandler pods;
    pods.on_add = [this](const ObjectPtr& pod) { EnqueueClaimsOf(*pod, false); };
    pods.on_update = [this](const ObjectPtr& old_pod, const ObjectPtr& pod) {
      EnqueueClaimsOf(*pod, false);
      // An update can hide the deletion of a pod and the creation of another
      // of the same name: the old one's claims need a look too.
      if (MetaUid(*old_pod) != MetaUid(*pod)) EnqueueClaimsOf(*old_pod, true);
    };
    pods.on_delete = [this](const ObjectPtr& pod) { EnqueueClaimsOf(*pod, true); };
    pod_handler_ = pod_informer_.AddEventHandler(std::move(pods));
    queue_.Start();
  }

  void Stop() override {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopped_) return;
    stopped_ = true;
    queue_.Stop();
    if (started_) {
      claim_informer_.RemoveEventHandler(claim_handler_);
      pod_informer_.RemoveEventHandler(pod_handler_);
    }
  }

 private:
  static Controller::Options QueueOptions(const ControllerContext& context) {
    Controller::Options o;
    o.name = "pvcprotection";
    o.metrics = context.controller_metrics;
    return o;
  }

  void ClaimChanged(const Json& pvc) {
    if (volume::NeedToAddFinalizer(pvc, kPvcProtectionFinalizer) ||
        volume::IsDeletionCandidate(pvc, kPvcProtectionFinalizer)) {
      queue_.EnqueueObject(pvc);
    }
  }

  // Only pods that may have stopped using their claims matter: deleted,
  // terminated or unscheduled ones.
  void EnqueueClaimsOf(const Json& pod, bool deleted) {
    if (!deleted && !volume::IsPodTerminated(pod) &&
        !GetString(pod, {"spec", "nodeName"}).empty()) {
      return;
    }
    for (const auto& key : volume::PodClaimKeys(pod)) queue_.Enqueue(key);
  }

  Status Sync(const std::string& key) {
    ObjectPtr pvc = claim_informer_.GetByKey(key);
    if (!pvc) return Status::OK();
    if (volume::IsDeletionCandidate(*pvc, kPvcProtectionFinalizer)) {
      STEAD_ASSIGN_OR_RETURN(bool used, IsBeingUsed(*pvc));
      if (!used) {
        STEAD_RETURN_IF_ERROR(client_
                                  ->Update(pvc_type_, MetaNamespace(*pvc),
                                           volume::WithoutFinalizer(*pvc, kPvcProtectionFinalizer))
                                  .status());
        LOG_INFO(name_, "Removed protection finalizer from PVC", {{"PVC", key}});
        return Status::OK();
      }
      LOG_DEBUG(name_, "Keeping PVC because it is being used", {{"PVC", key}});
    }
    if (volume::NeedToAddFinalizer(*pvc, kPvcProtectionFinalizer)) {
      STEAD_RETURN_IF_ERROR(client_
                                ->Update(pvc_type_, MetaNamespace(*pvc),
                                         volume::WithFinalizer(*pvc, kPvcProtectionFinalizer))
                                .status());
    }
    return Status::OK();
  }

  // The informer answers "used" cheaply; "unused" is confirmed by a live
  // list, since a pod created a moment ago may not be in the informer yet.
  Result<bool> IsBeingUsed(const Json& pvc) {
    for (const auto& pod : pod_informer_.ByIndex(volume::kPodPvcIndex, volume::ClaimKey(pvc))) {
      if (PodUsesClaim(*pod, pvc)) return true;
    }
    auto live = client_->List(pod_type_, MetaNamespace(pvc));
    if (!live.ok()) {
      return Status::Internal("live list of pods failed: " + live.status().message());
    }
    for (const auto& pod : live->items) {
      if (PodUsesClaim(*pod, pvc)) return true;
    }
    return false;
  }

  const std::string name_;
  client::Client* const client_;
  const api::ResourceType& pvc_type_;
  const api::ResourceType& pod_type_;
  SharedInformer& claim_informer_;
  SharedInformer& pod_informer_;
  std::mutex mu_;
  bool started_ = false;  // guarded by mu_
  bool stopped_ = false;  // guarded by mu_
  SharedInformer::HandlerId claim_handler_ = 0;
  SharedInformer::HandlerId pod_handler_ = 0;
  Controller queue_;  // last: destroyed (worker joined) first
};

}  // namespace

std::unique_ptr<RunnableController> NewPvcProtectionController(const ControllerContext& context) {
  return std::make_unique<PvcProtectionController>(context);
}

}  // namespace stead::controllers
