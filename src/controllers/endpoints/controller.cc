#include "controllers/endpoints/controller.h"

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "client/handler_registrations.h"
#include "client/object_key.h"
#include "controllers/endpoints/endpoints_plan.h"
#include "controllers/endpointslice/pod_endpoints.h"
#include "controllers/endpointslice/service_events.h"
#include "controllers/endpointslice/trigger_time_tracker.h"
#include "controllers/framework/namespace_terminating.h"
#include "core/label_selector.h"
#include "core/log.h"

namespace stead::controllers {
namespace {

namespace es = endpointslice;
using client::ObjectPtr;
using client::SharedInformer;

constexpr char kControllerName[] = "endpoints-controller";
constexpr char kEventSource[] = "endpoint-controller";
// resourcelock.LeaderElectionRecordAnnotationKey: leader-election records
// kept in Endpoints have no Service and must survive the leftover check.
constexpr char kLeaderAnnotation[] = "control-plane.alpha.kubernetes.io/leader";
// How soon to look again when the Endpoints cache lags behind our write.
constexpr auto kStaleRetry = std::chrono::milliseconds(10);

class EndpointsController final : public RunnableController {
 public:
  EndpointsController(const ControllerContext& context, EndpointsControllerOptions options)
      : name_(kControllerName),
        client_(context.client),
        endpoints_type_(client_->Type("", "endpoints")),
        services_(context.informers->For(client_->Type("", "services"))),
        pods_(context.informers->For(client_->Type("", "pods"))),
        endpoints_(context.informers->For(endpoints_type_)),
        recorder_(context.events->NewRecorder(kEventSource)),
        controller_(context.clock, QueueOptions(context, options),
                    [this](const std::string& key) { return Sync(key); }) {}

  ~EndpointsController() override { Stop(); }

  const std::string& name() const override { return name_; }

  void Start() override {
    std::lock_guard<std::mutex> lock(mu_);
    if (started_ || stopped_) return;
    started_ = true;
    handlers_.Add(services_, controller_.EnqueueHandler());

    handlers_.Add(pods_, es::ServicePodHandler(services_, [this](const std::string& key) {
                    controller_.Enqueue(key);
                  }));

    client::ResourceEventHandler endpoints;
    endpoints.on_add = [this](const ObjectPtr& ep) { Observed(client::MetaNamespaceKey(*ep)); };
    endpoints.on_delete = [this](const ObjectPtr& ep) {
      Observed(client::MetaNamespaceKey(*ep));
      controller_.EnqueueObject(*ep);
    };
    handlers_.Add(endpoints_, std::move(endpoints));
    controller_.Start();
    CheckLeftoverEndpoints();
  }

  void Stop() override {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopped_) return;
    stopped_ = true;
    controller_.Stop();
    handlers_.RemoveAll();
  }

 private:
  static Controller::Options QueueOptions(const ControllerContext& context,
                                          const EndpointsControllerOptions& options) {
    Controller::Options o;
    o.name = "endpoint";
    o.workers = options.workers;
    o.metrics = context.controller_metrics;
    return o;
  }

  // Endpoints whose Service is gone are found by their sync.
  void CheckLeftoverEndpoints() {
    for (const ObjectPtr& ep : endpoints_.List("")) {
      if (MetaAnnotations(*ep).count(kLeaderAnnotation)) continue;
      controller_.EnqueueObject(*ep);
    }
  }

  // --- Stale cache protection (staleEndpointsTracker) ---------------------
  // Upstream remembers the resourceVersion an update replaced; stead also
  // remembers its creates until the informer shows them, so a sync right
  // after a create does not try to create again (a spurious AlreadyExists).

  bool IsStale(const std::string& key, const Json* current) {
    std::lock_guard<std::mutex> lock(stale_mu_);
    auto it = stale_.find(key);
    if (it == stale_.end()) return false;
    if (current == nullptr) return it->second.created;
    return it->second.replaced_version == MetaResourceVersion(*current);
  }
  void MarkReplaced(const std::string& key, const std::string& resource_version) {
    std::lock_guard<std::mutex> lock(stale_mu_);
    stale_[key] = {resource_version, false};
  }
  void MarkCreated(const std::string& key) {
    std::lock_guard<std::mutex> lock(stale_mu_);
    stale_[key] = {"", true};
  }
  // The informer saw the object arrive (or go): a create is no longer
  // pending.
  void Observed(const std::string& key) {
    std::lock_guard<std::mutex> lock(stale_mu_);
    auto it = stale_.find(key);
    if (it != stale_.end() && it->second.created) stale_.erase(it);
  }
  void ForgetStale(const std::string& key) {
    std::lock_guard<std::mutex> lock(stale_mu_);
    stale_.erase(key);
  }

  // --- Sync ---------------------------------------------------------------

  Status Sync(const std::string& key) {
    std::string ns, name;
    STEAD_RETURN_IF_ERROR(client::SplitMetaNamespaceKey(key, &ns, &name));
    ObjectPtr service = services_.Get(ns, name);
    if (!service) {
      // The Service is gone: so is its Endpoints.
      auto deleted = client_->Delete(endpoints_type_, ns, name, client::DeleteOptions{});
      if (!deleted.ok() && !deleted.status().IsNotFound()) return deleted.status();
      trigger_times_.DeleteService(ns, name);
      ForgetStale(key);
      return Status::OK();
    }
    if (GetString(*service, {"spec", "type"}) == "ExternalName" || !es::HasSelector(*service)) {
      return Status::OK();
    }
    LabelSelector selector = SelectorFromSet(StringMap(Lookup(*service, {"spec", "selector"})));
    std::vector<ObjectPtr> pods = pods_.List(ns, selector);
    std::vector<const Json*> pod_ptrs;
    for (const ObjectPtr& p : pods) pod_ptrs.push_back(p.get());
    // Computed on every sync, so the tracker's state follows no-op syncs.
    std::optional<SystemTime> trigger =
        trigger_times_.ComputeEndpointLastChangeTriggerTime(*service, pod_ptrs);

    ObjectPtr current = endpoints_.Get(ns, name);
    if (IsStale(key, current.get())) {
      LOG_DEBUG(name_, "Endpoints informer cache is out of date", {{"service", key}});
      controller_.queue().AddAfter(key, kStaleRetry);
      return Status::OK();
    }
    endpoints::EndpointsPlan plan =
        endpoints::PlanEndpoints(*service, pod_ptrs, current.get(), trigger);
    if (plan.action == endpoints::EndpointsPlan::Action::kNone) return Status::OK();
    LOG_DEBUG(
        name_, "Update endpoints",
        {{"service", key}, {"readyEndpoints", plan.ready}, {"notReadyEndpoints", plan.not_ready}});
    if (plan.action == endpoints::EndpointsPlan::Action::kCreate) {
      auto created = client_->Create(endpoints_type_, ns, plan.object);
      if (created.ok()) {
        MarkCreated(key);
        return Status::OK();
      }
      // Creates keep failing in a terminating namespace: drop the item.
      if (IsNamespaceTerminating(created.status())) return Status::OK();
      recorder_->Event(
          plan.object, client::kEventTypeWarning, "FailedToCreateEndpoint",
          "Failed to create endpoint for service " + key + ": " + created.status().message());
      return created.status();
    }
    auto updated = client_->Update(endpoints_type_, ns, plan.object);
    if (!updated.ok()) {
      recorder_->Event(plan.object, client::kEventTypeWarning, "FailedToUpdateEndpoint",
                       "Failed to update endpoint " + key + ": " + updated.status().message());
      return updated.status();
    }
    // The cache may still show the version just replaced for a moment.
    if (MetaResourceVersion(*updated) != MetaResourceVersion(*current)) {
      MarkReplaced(key, MetaResourceVersion(*current));
    }
    return Status::OK();
  }

  const std::string name_;
  client::Client* const client_;
  const api::ResourceType& endpoints_type_;
  SharedInformer& services_;
  SharedInformer& pods_;
  SharedInformer& endpoints_;
  std::unique_ptr<client::EventRecorder> recorder_;
  es::TriggerTimeTracker trigger_times_;

  std::mutex stale_mu_;
  struct Stale {
    std::string replaced_version;  // the cache must not show this one
    bool created = false;          // the cache must show the object
  };
  std::map<std::string, Stale> stale_;  // guarded by stale_mu_

  std::mutex mu_;
  bool started_ = false;                   // guarded by mu_
  bool stopped_ = false;                   // guarded by mu_
  client::HandlerRegistrations handlers_;  // guarded by mu_
  Controller controller_;                  // last: destroyed (workers joined) first
};

}  // namespace

std::unique_ptr<RunnableController> NewEndpointsController(const ControllerContext& context,
                                                           EndpointsControllerOptions options) {
  return std::make_unique<EndpointsController>(context, options);
}

}  // namespace stead::controllers
