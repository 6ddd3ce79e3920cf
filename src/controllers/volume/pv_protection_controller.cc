#include "controllers/volume/pv_protection_controller.h"

#include <mutex>

#include "apiserver/admission/storage_object_in_use_protection.h"
#include "controllers/volume/volume_helpers.h"
#include "core/log.h"

namespace stead::controllers {

namespace {

using apiserver::admission::kPvProtectionFinalizer;
using client::ObjectPtr;
using client::SharedInformer;

class PvProtectionController final : public RunnableController {
 public:
  explicit PvProtectionController(const ControllerContext& context)
      : name_("persistentvolume-protection-controller"),
        client_(context.client),
        pv_type_(client_->Type("", "persistentvolumes")),
        informer_(context.informers->For(pv_type_)),
        queue_(context.clock, QueueOptions(context),
               [this](const std::string& key) { return Sync(key); }) {}

  ~PvProtectionController() override { Stop(); }

  const std::string& name() const override { return name_; }

  void Start() override {
    std::lock_guard<std::mutex> lock(mu_);
    if (started_ || stopped_) return;
    started_ = true;
    client::ResourceEventHandler handler;
    handler.on_add = [this](const ObjectPtr& pv) { Enqueue(*pv); };
    handler.on_update = [this](const ObjectPtr&, const ObjectPtr& pv) { Enqueue(*pv); };
    handler_ = informer_.AddEventHandler(std::move(handler));
    queue_.Start();
  }

  void Stop() override {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopped_) return;
    stopped_ = true;
    queue_.Stop();
    if (started_) informer_.RemoveEventHandler(handler_);
  }

 private:
  static Controller::Options QueueOptions(const ControllerContext& context) {
    Controller::Options o;
    o.name = "pvprotection";
    o.metrics = context.controller_metrics;
    return o;
  }

  void Enqueue(const Json& pv) {
    if (volume::NeedToAddFinalizer(pv, kPvProtectionFinalizer) ||
        volume::IsDeletionCandidate(pv, kPvProtectionFinalizer)) {
      queue_.Enqueue(MetaName(pv));
    }
  }

  Status Sync(const std::string& name) {
    ObjectPtr pv = informer_.Get("", name);
    if (!pv) return Status::OK();
    if (volume::IsDeletionCandidate(*pv, kPvProtectionFinalizer)) {
      if (GetString(*pv, {"status", "phase"}) != "Bound") {
        STEAD_RETURN_IF_ERROR(
            client_->Update(pv_type_, "", volume::WithoutFinalizer(*pv, kPvProtectionFinalizer))
                .status());
        LOG_INFO(name_, "Removed protection finalizer from PV", {{"PV", name}});
        return Status::OK();
      }
      LOG_DEBUG(name_, "Keeping PV because it is being used", {{"PV", name}});
    }
    if (volume::NeedToAddFinalizer(*pv, kPvProtectionFinalizer)) {
      STEAD_RETURN_IF_ERROR(
          client_->Update(pv_type_, "", volume::WithFinalizer(*pv, kPvProtectionFinalizer))
              .status());
    }
    return Status::OK();
  }

  const std::string name_;
  client::Client* const client_;
  const api::ResourceType& pv_type_;
  SharedInformer& informer_;
  std::mutex mu_;
  bool started_ = false;  // guarded by mu_
  bool stopped_ = false;  // guarded by mu_
  SharedInformer::HandlerId handler_ = 0;
  Controller queue_;  // last: destroyed (worker joined) first
};

}  // namespace

std::unique_ptr<RunnableController> NewPvProtectionController(const ControllerContext& context) {
  return std::make_unique<PvProtectionController>(context);
}

}  // namespace stead::controllers
