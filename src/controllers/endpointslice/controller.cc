#include "controllers/endpointslice/controller.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "client/handler_registrations.h"
#include "client/object_key.h"
#include "controllers/endpointslice/endpoint_slice_tracker.h"
#include "controllers/endpointslice/managed_slices.h"
#include "controllers/endpointslice/pod_endpoints.h"
#include "controllers/endpointslice/service_events.h"
#include "controllers/endpointslice/traffic_distribution.h"
#include "controllers/endpointslice/trigger_time_tracker.h"
#include "core/label_selector.h"
#include "core/log.h"

namespace stead::controllers {
namespace {

namespace es = endpointslice;
using client::ObjectPtr;
using client::SharedInformer;

constexpr char kControllerName[] = "endpointslice-controller";
constexpr char kEventSource[] = "endpoint-slice-controller";
// endpointSliceChangeMinSyncDelay: batches changes to several slices.
constexpr auto kSliceChangeDelay = std::chrono::seconds(1);

std::vector<double> PerSyncBuckets() {
  std::vector<double> b;
  for (double v = 2; b.size() < 15; v *= 2) b.push_back(v);
  return b;
}

struct Metrics {
  explicit Metrics(MetricsRegistry& r)
      : changes(
            r.NewCounter("endpoint_slice_controller_changes", "Number of EndpointSlice changes")),
        syncs(r.NewCounter("endpoint_slice_controller_syncs", "Number of EndpointSlice syncs")),
        added(r.NewHistogram("endpoint_slice_controller_endpoints_added_per_sync",
                             "Number of endpoints added on each Service sync", PerSyncBuckets())),
        removed(r.NewHistogram("endpoint_slice_controller_endpoints_removed_per_sync",
                               "Number of endpoints removed on each Service sync",
                               PerSyncBuckets())),
        slices_changed(r.NewHistogram("endpoint_slice_controller_endpointslices_changed_per_sync",
                                      "Number of EndpointSlices changed on each Service sync",
                                      PerSyncBuckets())),
        endpoints_desired(r.NewGauge("endpoint_slice_controller_endpoints_desired",
                                     "Number of endpoints desired")),
        num_slices(r.NewGauge("endpoint_slice_controller_num_endpoint_slices",
                              "Number of EndpointSlices")),
        desired_slices(r.NewGauge(
            "endpoint_slice_controller_desired_endpoint_slices",
            "Number of EndpointSlices that would exist with perfect endpoint allocation")),
        by_traffic_distribution(
            r.NewGauge("endpoint_slice_controller_services_count_by_traffic_distribution",
                       "Number of Services using some specific trafficDistribution")) {}
  Counter* changes;
  Counter* syncs;
  Histogram* added;
  Histogram* removed;
  Histogram* slices_changed;
  Gauge* endpoints_desired;
  Gauge* num_slices;
  Gauge* desired_slices;
  Gauge* by_traffic_distribution;
};

// Upstream's metrics.Cache: what each Service's last sync planned, summed
// into the gauges.
class EfficiencyCache {
 public:
  EfficiencyCache(Metrics* metrics, int max_endpoints_per_slice)
      : metrics_(metrics), max_(max_endpoints_per_slice) {}

  void Set(const std::string& key, std::vector<es::ReconcilePlan::Efficiency> efficiency,
           std::string traffic_distribution) {
    std::lock_guard<std::mutex> lock(mu_);
    services_[key] = {std::move(efficiency), std::move(traffic_distribution)};
    PublishLocked();
  }
  void Delete(const std::string& key) {
    std::lock_guard<std::mutex> lock(mu_);
    if (services_.erase(key)) PublishLocked();
  }

 private:
  struct Service {
    std::vector<es::ReconcilePlan::Efficiency> efficiency;
    std::string traffic_distribution;
  };
  // numDesiredSlices: none without endpoints, else at least one per port list.
  int DesiredSlices(int endpoints) const {
    if (endpoints == 0) return 0;
    return endpoints <= max_ ? 1 : (endpoints + max_ - 1) / max_;
  }
  void PublishLocked() {
    if (metrics_ == nullptr) return;
    double endpoints = 0, slices = 0, desired = 0, prefer_close = 0;
    for (const auto& [key, svc] : services_) {
      for (const auto& e : svc.efficiency) {
        endpoints += e.endpoints;
        slices += e.slices;
        desired += DesiredSlices(e.endpoints);
      }
      if (svc.traffic_distribution == "PreferClose") ++prefer_close;
    }
    metrics_->endpoints_desired->Set(endpoints);
    metrics_->num_slices->Set(slices);
    metrics_->desired_slices->Set(desired);
    metrics_->by_traffic_distribution->Set(prefer_close, {{"traffic_distribution", "PreferClose"}});
  }

  Metrics* const metrics_;
  const int max_;
  std::mutex mu_;
  std::map<std::string, Service> services_;  // guarded by mu_
};

class EndpointSliceController final : public RunnableController {
 public:
  EndpointSliceController(const ControllerContext& context, EndpointSliceControllerOptions options)
      : name_(kControllerName),
        client_(context.client),
        max_endpoints_per_slice_(options.max_endpoints_per_slice),
        slice_type_(client_->Type("discovery.k8s.io", "endpointslices")),
        services_(context.informers->For(client_->Type("", "services"))),
        pods_(context.informers->For(client_->Type("", "pods"))),
        nodes_(context.informers->For(client_->Type("", "nodes"))),
        slices_(context.informers->For(slice_type_)),
        recorder_(context.events->NewRecorder(kEventSource)),
        metrics_(context.metrics ? std::make_unique<Metrics>(*context.metrics) : nullptr),
        efficiency_(metrics_.get(), options.max_endpoints_per_slice),
        controller_(context.clock, QueueOptions(context, options),
                    [this](const std::string& key) { return Sync(key); }) {}

  ~EndpointSliceController() override { Stop(); }

  const std::string& name() const override { return name_; }

  void Start() override {
    std::lock_guard<std::mutex> lock(mu_);
    if (started_ || stopped_) return;
    started_ = true;
    handlers_.Add(services_, controller_.EnqueueHandler());

    handlers_.Add(pods_, es::ServicePodHandler(services_, [this](const std::string& key) {
                    controller_.Enqueue(key);
                  }));

    handlers_.Add(slices_, es::ManagedSliceHandler(tracker_, es::kControllerQualifiedName, name_,
                                                   [this](const std::string& key) {
                                                     controller_.queue().AddAfter(
                                                         key, kSliceChangeDelay);
                                                   }));
    controller_.Start();
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
                                          const EndpointSliceControllerOptions& options) {
    Controller::Options o;
    o.name = "endpoint_slice";
    o.workers = options.workers;
    o.metrics = context.controller_metrics;
    o.rate_limiter = es::SliceSyncRateLimiter(context.clock, std::chrono::seconds(1000));
    return o;
  }

  void CountSync(const char* result) {
    if (metrics_) metrics_->syncs->Inc({{"result", result}});
  }

  Status Sync(const std::string& key) {
    std::string ns, name;
    STEAD_RETURN_IF_ERROR(client::SplitMetaNamespaceKey(key, &ns, &name));
    ObjectPtr service = services_.Get(ns, name);
    if (!service) {
      trigger_times_.DeleteService(ns, name);
      tracker_.DeleteService(ns, name);
      efficiency_.Delete(key);
      stale_backoff_.Forget(key);
      CountSync("success");
      return Status::OK();
    }
    if (GetString(*service, {"spec", "type"}) == "ExternalName" || !es::HasSelector(*service)) {
      CountSync("success");
      return Status::OK();
    }

    LabelSelector pod_selector = SelectorFromSet(StringMap(Lookup(*service, {"spec", "selector"})));
    std::vector<ObjectPtr> pods = pods_.List(ns, pod_selector);
    LabelSelector slice_selector = SelectorFromSet(
        {{es::kLabelServiceName, name}, {es::kLabelManagedBy, es::kControllerQualifiedName}});
    std::vector<ObjectPtr> slices = slices_.List(ns, slice_selector);

    es::ReconcileInput in;
    in.service = service.get();
    for (const ObjectPtr& p : pods) in.pods.push_back(p.get());
    for (const ObjectPtr& s : slices) {
      if (!MetaDeleting(*s)) in.slices.push_back(s.get());
    }
    if (tracker_.StaleSlices(*service, in.slices)) {
      CountSync("stale");
      LOG_DEBUG(name_, "EndpointSlice informer cache is out of date", {{"service", key}});
      controller_.queue().AddAfter(key, stale_backoff_.Next(key));
      return Status::OK();
    }
    stale_backoff_.Forget(key);
    // Computed on every sync, so the tracker's state follows even no-op
    // syncs.
    in.trigger_time = trigger_times_.ComputeEndpointLastChangeTriggerTime(*service, in.pods);
    std::vector<ObjectPtr> node_snapshots;
    in.node = [this, &node_snapshots](const std::string& node_name) -> const Json* {
      ObjectPtr node = nodes_.Get("", node_name);
      if (!node) return nullptr;
      node_snapshots.push_back(node);
      return node.get();
    };
    in.max_endpoints_per_slice = max_endpoints_per_slice_;

    es::ReconcilePlan plan = es::Reconcile(in);
    std::string traffic_distribution = es::UsesTrafficDistribution(*service) ? "PreferClose" : "";
    efficiency_.Set(key, plan.efficiency, traffic_distribution);
    Status s = Execute(*service, plan, traffic_distribution);
    if (s.ok() && !plan.errors.empty()) {
      std::string joined;
      for (const std::string& e : plan.errors) joined += (joined.empty() ? "" : ", ") + e;
      s = Status::Internal(plan.errors.size() == 1 ? joined : "[" + joined + "]");
    }
    if (metrics_) {
      metrics_->added->Observe(plan.added);
      metrics_->removed->Observe(plan.removed);
    }
    if (!s.ok()) {
      recorder_->Event(*service, client::kEventTypeWarning, "FailedToUpdateEndpointSlices",
                       "Error updating Endpoint Slices for Service " + key + ": " + s.message());
      CountSync("error");
      return s;
    }
    CountSync("success");
    return Status::OK();
  }

  // finalize's writes.
  Status Execute(const Json& service, es::ReconcilePlan& plan,
                 const std::string& traffic_distribution) {
    std::string ns = MetaNamespace(service);
    int changed = 0;
    es::SliceWrites writes{std::move(plan.creates), std::move(plan.updates),
                           std::move(plan.deletes)};
    Status result = es::WriteSlices(*client_, slice_type_, tracker_, ns,
                                    "Service " + ns + "/" + MetaName(service), writes,
                                    [&](const char* operation) { Changed(operation, changed); });
    if (metrics_) {
      metrics_->slices_changed->Observe(
          changed, {{"topology", "Disabled"}, {"traffic_distribution", traffic_distribution}});
    }
    return result;
  }

  void Changed(const char* operation, int& changed) {
    ++changed;
    if (metrics_) metrics_->changes->Inc({{"operation", operation}});
  }

  const std::string name_;
  client::Client* const client_;
  const int max_endpoints_per_slice_;
  const api::ResourceType& slice_type_;
  SharedInformer& services_;
  SharedInformer& pods_;
  SharedInformer& nodes_;
  SharedInformer& slices_;
  std::unique_ptr<client::EventRecorder> recorder_;
  std::unique_ptr<Metrics> metrics_;
  EfficiencyCache efficiency_;
  es::EndpointSliceTracker tracker_;
  es::TriggerTimeTracker trigger_times_;

  es::StaleCacheBackoff stale_backoff_;

  std::mutex mu_;
  bool started_ = false;                   // guarded by mu_
  bool stopped_ = false;                   // guarded by mu_
  client::HandlerRegistrations handlers_;  // guarded by mu_
  Controller controller_;                  // last: destroyed (workers joined) first
};

}  // namespace

std::unique_ptr<RunnableController> NewEndpointSliceController(
    const ControllerContext& context, EndpointSliceControllerOptions options) {
  return std::make_unique<EndpointSliceController>(context, options);
}

}  // namespace stead::controllers
