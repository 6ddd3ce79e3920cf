#include "controllers/endpointslicemirroring/controller.h"

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "client/handler_registrations.h"
#include "client/object_key.h"
#include "controllers/endpointslice/endpoint_slice_tracker.h"
#include "controllers/endpointslice/managed_slices.h"
#include "controllers/endpointslice/pod_endpoints.h"
#include "core/label_selector.h"
#include "core/log.h"

namespace stead::controllers {
namespace {

namespace es = endpointslice;
namespace esm = endpointslicemirroring;
using client::ObjectPtr;
using client::SharedInformer;

constexpr char kControllerName[] = "endpointslicemirroring-controller";
constexpr char kEventSource[] = "endpoint-slice-mirroring-controller";
// --mirroring-endpointslice-updates-batch-period: the delay of syncs
// triggered by slice changes (default 0).
constexpr auto kEndpointUpdatesBatchPeriod = std::chrono::seconds(0);

std::vector<double> ExponentialBuckets(double start, double factor, int count) {
  std::vector<double> b;
  for (double v = start; static_cast<int>(b.size()) < count; v *= factor) b.push_back(v);
  return b;
}

struct Metrics {
  explicit Metrics(MetricsRegistry& r)
      : added(r.NewHistogram("endpoint_slice_mirroring_controller_endpoints_added_per_sync",
                             "Number of endpoints added on each Endpoints sync",
                             ExponentialBuckets(2, 2, 15))),
        updated(r.NewHistogram("endpoint_slice_mirroring_controller_endpoints_updated_per_sync",
                               "Number of endpoints updated on each Endpoints sync",
                               ExponentialBuckets(2, 2, 15))),
        removed(r.NewHistogram("endpoint_slice_mirroring_controller_endpoints_removed_per_sync",
                               "Number of endpoints removed on each Endpoints sync",
                               ExponentialBuckets(2, 2, 15))),
        skipped(r.NewHistogram("endpoint_slice_mirroring_controller_addresses_skipped_per_sync",
                               "Number of addresses skipped on each Endpoints sync due to being "
                               "invalid or exceeding MaxEndpointsPerSubset",
                               ExponentialBuckets(2, 2, 15))),
        sync_duration(r.NewHistogram("endpoint_slice_mirroring_controller_endpoints_sync_duration",
                                     "Duration of syncEndpoints() in seconds",
                                     ExponentialBuckets(0.001, 2, 15))),
        changes(r.NewCounter("endpoint_slice_mirroring_controller_changes",
                             "Number of EndpointSlice changes")),
        endpoints_desired(r.NewGauge("endpoint_slice_mirroring_controller_endpoints_desired",
                                     "Number of endpoints desired")),
        num_slices(r.NewGauge("endpoint_slice_mirroring_controller_num_endpoint_slices",
                              "Number of EndpointSlices")),
        desired_slices(r.NewGauge(
            "endpoint_slice_mirroring_controller_desired_endpoint_slices",
            "Number of EndpointSlices that would exist with perfect endpoint allocation")) {}
  Histogram* added;
  Histogram* updated;
  Histogram* removed;
  Histogram* skipped;
  Histogram* sync_duration;
  Counter* changes;
  Gauge* endpoints_desired;
  Gauge* num_slices;
  Gauge* desired_slices;
};

// Upstream's metrics.Cache: what each Endpoints' last sync planned, summed
// into the gauges.
class EfficiencyCache {
 public:
  EfficiencyCache(Metrics* metrics, int max_endpoints_per_subset)
      : metrics_(metrics), max_(max_endpoints_per_subset) {}

  void Set(const std::string& key, std::vector<esm::ReconcilePlan::Efficiency> efficiency) {
    std::lock_guard<std::mutex> lock(mu_);
    endpoints_[key] = std::move(efficiency);
    PublishLocked();
  }
  void Delete(const std::string& key) {
    std::lock_guard<std::mutex> lock(mu_);
    if (endpoints_.erase(key)) PublishLocked();
  }

 private:
  int DesiredSlices(int endpoints) const {
    if (endpoints == 0) return 0;
    return (endpoints + max_ - 1) / max_;
  }
  void PublishLocked() {
    if (metrics_ == nullptr) return;
    double endpoints = 0, slices = 0, desired = 0;
    for (const auto& [key, efficiency] : endpoints_) {
      for (const auto& e : efficiency) {
        endpoints += e.endpoints;
        slices += e.slices;
        desired += DesiredSlices(e.endpoints);
      }
    }
    metrics_->endpoints_desired->Set(endpoints);
    metrics_->num_slices->Set(slices);
    metrics_->desired_slices->Set(desired);
  }

  Metrics* const metrics_;
  const int max_;
  std::mutex mu_;
  std::map<std::string, std::vector<esm::ReconcilePlan::Efficiency>> endpoints_;  // guarded by mu_
};

class EndpointSliceMirroringController final : public RunnableController {
 public:
  EndpointSliceMirroringController(const ControllerContext& context,
                                   EndpointSliceMirroringControllerOptions options)
      : name_(kControllerName),
        client_(context.client),
        clock_(context.clock),
        max_endpoints_per_subset_(options.max_endpoints_per_subset),
        slice_type_(client_->Type("discovery.k8s.io", "endpointslices")),
        endpoints_(context.informers->For(client_->Type("", "endpoints"))),
        services_(context.informers->For(client_->Type("", "services"))),
        slices_(context.informers->For(slice_type_)),
        recorder_(context.events->NewRecorder(kEventSource)),
        metrics_(context.metrics ? std::make_unique<Metrics>(*context.metrics) : nullptr),
        efficiency_(metrics_.get(), std::max(1, options.max_endpoints_per_subset)),
        controller_(context.clock, QueueOptions(context, options),
                    [this](const std::string& key) { return Sync(key); }) {}

  ~EndpointSliceMirroringController() override { Stop(); }

  const std::string& name() const override { return name_; }

  void Start() override {
    std::lock_guard<std::mutex> lock(mu_);
    if (started_ || stopped_) return;
    started_ = true;

    client::ResourceEventHandler endpoints;
    endpoints.on_add = [this](const ObjectPtr& ep) {
      if (esm::ShouldMirror(*ep)) controller_.EnqueueObject(*ep);
    };
    endpoints.on_update = [this](const ObjectPtr& old_ep, const ObjectPtr& ep) {
      if (esm::ShouldMirror(*ep) || esm::ShouldMirror(*old_ep)) controller_.EnqueueObject(*ep);
    };
    endpoints.on_delete = endpoints.on_add;
    handlers_.Add(endpoints_, std::move(endpoints));

    client::ResourceEventHandler services;
    services.on_add = [this](const ObjectPtr& svc) {
      if (!es::HasSelector(*svc)) controller_.EnqueueObject(*svc);
    };
    services.on_update = [this](const ObjectPtr& old_svc, const ObjectPtr& svc) {
      if (es::HasSelector(*old_svc) != es::HasSelector(*svc)) controller_.EnqueueObject(*svc);
    };
    services.on_delete = services.on_add;
    handlers_.Add(services_, std::move(services));

    handlers_.Add(slices_, es::ManagedSliceHandler(tracker_, esm::kControllerName, name_,
                                                   [this](const std::string& key) {
                                                     controller_.queue().AddAfter(
                                                         key, kEndpointUpdatesBatchPeriod);
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
                                          const EndpointSliceMirroringControllerOptions& options) {
    Controller::Options o;
    o.name = "endpoint_slice_mirroring";
    o.workers = options.workers;
    o.metrics = context.controller_metrics;
    // defaultSyncBackOff 1s, maxSyncBackOff 100s.
    o.rate_limiter = es::SliceSyncRateLimiter(context.clock, std::chrono::seconds(100));
    return o;
  }

  // The slices this controller mirrors for ns/name in the cache.
  std::vector<ObjectPtr> MirroredSlices(const std::string& ns, const std::string& name) {
    return slices_.List(ns, SelectorFromSet({{es::kLabelServiceName, name},
                                             {es::kLabelManagedBy, esm::kControllerName}}));
  }

  Status Sync(const std::string& key) {
    SystemTime start = clock_->Now();
    Status s = SyncEndpoints(key);
    if (metrics_) {
      metrics_->sync_duration->Observe(
          std::chrono::duration<double>(clock_->Now() - start).count());
    }
    return s;
  }

  Status SyncEndpoints(const std::string& key) {
    std::string ns, name;
    STEAD_RETURN_IF_ERROR(client::SplitMetaNamespaceKey(key, &ns, &name));
    ObjectPtr endpoints = endpoints_.Get(ns, name);
    if (!endpoints) {
      stale_backoff_.Forget(key);
      return DeleteMirroredSlices(ns, name);
    }
    if (!esm::ShouldMirror(*endpoints)) return DeleteMirroredSlices(ns, name);
    ObjectPtr service = services_.Get(ns, name);
    // A Service with a selector has its slices from the EndpointSlice
    // controller.
    if (!service || es::HasSelector(*service)) return DeleteMirroredSlices(ns, name);

    std::vector<ObjectPtr> slices = MirroredSlices(ns, name);
    esm::ReconcileInput in;
    in.endpoints = endpoints.get();
    for (const ObjectPtr& slice : slices) {
      if (!MetaDeleting(*slice)) in.slices.push_back(slice.get());
    }
    if (tracker_.StaleSlices(*service, in.slices)) {
      LOG_DEBUG(name_, "EndpointSlice informer cache is out of date", {{"endpoints", key}});
      controller_.queue().AddAfter(key, stale_backoff_.Next(key));
      return Status::OK();
    }
    stale_backoff_.Forget(key);
    in.max_endpoints_per_subset = max_endpoints_per_subset_;
    esm::ReconcilePlan plan = esm::Reconcile(in);

    if (metrics_) metrics_->skipped->Observe(plan.addresses_skipped);
    if (plan.invalid_addresses > 0) {
      recorder_->Event(*endpoints, client::kEventTypeWarning, "InvalidIPAddress",
                       "Skipped " + std::to_string(plan.invalid_addresses) +
                           " invalid IP addresses when mirroring to EndpointSlices");
    }
    if (plan.addresses_skipped > plan.invalid_addresses) {
      LOG_INFO(name_, "Addresses in Endpoints were skipped due to exceeding MaxEndpointsPerSubset",
               {{"endpoints", key}, {"skippedAddresses", std::to_string(plan.addresses_skipped)}});
      recorder_->Event(*endpoints, client::kEventTypeWarning, "TooManyAddressesToMirror",
                       "A max of " + std::to_string(max_endpoints_per_subset_) +
                           " addresses can be mirrored to EndpointSlices per Endpoints subset. " +
                           std::to_string(plan.addresses_skipped) + " addresses were skipped");
    }
    if (metrics_) {
      metrics_->added->Observe(plan.added);
      metrics_->updated->Observe(plan.updated);
      metrics_->removed->Observe(plan.removed);
    }
    efficiency_.Set(key, plan.efficiency);

    es::SliceWrites writes{std::move(plan.creates), std::move(plan.updates),
                           std::move(plan.deletes)};
    return Write(ns, name, writes);
  }

  // Forgets the tracked slices of ns/name and deletes its mirrored slices
  // (deleteEndpoints: every one is tried; a slice already gone counts as
  // deleted).
  Status DeleteMirroredSlices(const std::string& ns, const std::string& name) {
    tracker_.DeleteService(ns, name);
    efficiency_.Delete(ns + "/" + name);
    std::vector<ObjectPtr> slices = MirroredSlices(ns, name);
    std::vector<Status> errors;
    for (const ObjectPtr& slice : slices) {
      client::DeleteOptions options;
      auto deleted = client_->Delete(slice_type_, ns, MetaName(*slice), options);
      if (!deleted.ok() && !deleted.status().IsNotFound()) errors.push_back(deleted.status());
    }
    if (errors.empty()) return Status::OK();
    return Status::Internal("error(s) deleting " + std::to_string(errors.size()) + "/" +
                            std::to_string(slices.size()) + " EndpointSlices for " + ns + "/" +
                            name + " Endpoints, including: " + errors[0].message());
  }

  Status Write(const std::string& ns, const std::string& name, es::SliceWrites& writes) {
    return es::WriteSlices(*client_, slice_type_, tracker_, ns, "Endpoints " + ns + "/" + name,
                           writes, [this](const char* operation) {
                             if (metrics_) metrics_->changes->Inc({{"operation", operation}});
                           });
  }

  const std::string name_;
  client::Client* const client_;
  const Clock* const clock_;
  const int max_endpoints_per_subset_;
  const api::ResourceType& slice_type_;
  SharedInformer& endpoints_;
  SharedInformer& services_;
  SharedInformer& slices_;
  std::unique_ptr<client::EventRecorder> recorder_;
  std::unique_ptr<Metrics> metrics_;
  EfficiencyCache efficiency_;
  es::EndpointSliceTracker tracker_;
  es::StaleCacheBackoff stale_backoff_;

  std::mutex mu_;
  bool started_ = false;                   // guarded by mu_
  bool stopped_ = false;                   // guarded by mu_
  client::HandlerRegistrations handlers_;  // guarded by mu_
  Controller controller_;                  // last: destroyed (workers joined) first
};

}  // namespace

std::unique_ptr<RunnableController> NewEndpointSliceMirroringController(
    const ControllerContext& context, EndpointSliceMirroringControllerOptions options) {
  return std::make_unique<EndpointSliceMirroringController>(context, options);
}

}  // namespace stead::controllers
