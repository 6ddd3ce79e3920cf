#include "controllers/namespace/namespace_controller.h"

#include <mutex>
#include <vector>

#include "client/rate_limiter.h"
#include "controllers/namespace/resources_deleter.h"
#include "core/log.h"

namespace stead::controllers {

namespace {

constexpr char kName[] = "namespace-controller";

// Retries at least every minute: namespace cleanup should not back off for
// long, and namespaces being deleted are few.
std::unique_ptr<client::RateLimiter> NamespaceRateLimiter(const Clock* clock) {
  std::vector<std::unique_ptr<client::RateLimiter>> limiters;
  limiters.push_back(client::NewItemExponentialFailureRateLimiter(std::chrono::milliseconds(5),
                                                                  std::chrono::seconds(60)));
  limiters.push_back(client::NewBucketRateLimiter(10, 100, clock));
  return client::NewMaxOfRateLimiter(std::move(limiters));
}

Controller::Options ControllerOptions(const ControllerContext& context,
                                      const NamespaceControllerOptions& options) {
  Controller::Options o;
  o.name = "namespace";
  o.workers = options.workers;
  o.metrics = context.controller_metrics;
  o.rate_limiter = NamespaceRateLimiter(context.clock);
  return o;
}

class NamespaceController final : public RunnableController {
 public:
  NamespaceController(const ControllerContext& context, NamespaceControllerOptions options)
      : options_(options),
        informer_(context.informers->For("", "namespaces")),
        deleter_(context.client, context.clock),
        controller_(context.clock, ControllerOptions(context, options),
                    [this](const std::string& key) { return Sync(key); }) {}

  ~NamespaceController() override { Stop(); }

  const std::string& name() const override { return name_; }

  void Start() override {
    std::lock_guard<std::mutex> lock(mu_);
    if (handler_ || stopped_) return;
    client::ResourceEventHandler h;
    h.on_add = [this](const client::ObjectPtr& ns) { Enqueue(*ns); };
    h.on_update = [this](const client::ObjectPtr&, const client::ObjectPtr& ns) { Enqueue(*ns); };
    handler_ = informer_.AddEventHandler(std::move(h));
    controller_.Start();
  }

  void Stop() override {
    std::optional<client::SharedInformer::HandlerId> handler;
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopped_ = true;
      handler.swap(handler_);
    }
    if (handler) informer_.RemoveEventHandler(*handler);
    controller_.Stop();
  }

 private:
  void Enqueue(const Json& ns) {
    // Only namespaces being deleted have anything to do.
    if (!MetaDeleting(ns)) return;
    controller_.queue().AddAfter(MetaName(ns), options_.deletion_grace_period);
  }

  Status Sync(const std::string& key) {
    if (!informer_.GetByKey(key)) {
      LOG_INFO(kName, "Namespace has been deleted", {{"namespace", key}});
      return Status::OK();
    }
    STEAD_ASSIGN_OR_RETURN(int64_t estimate, deleter_.Delete(key));
    if (estimate > 0) {
      int64_t wait = estimate / 2 + 1;
      LOG_DEBUG(kName, "Content remaining in namespace",
                {{"namespace", key}, {"waitSeconds", wait}});
      controller_.queue().AddAfter(key, std::chrono::seconds(wait));
    }
    return Status::OK();
  }

  const std::string name_ = kName;
  const NamespaceControllerOptions options_;
  client::SharedInformer& informer_;
  namespaces::NamespacedResourcesDeleter deleter_;
  std::mutex mu_;
  std::optional<client::SharedInformer::HandlerId> handler_;  // guarded by mu_
  bool stopped_ = false;                                      // guarded by mu_
  // Last: its workers use everything above.
  Controller controller_;
};

}  // namespace

std::unique_ptr<RunnableController> NewNamespaceController(const ControllerContext& context) {
  return NewNamespaceController(context, NamespaceControllerOptions());
}

std::unique_ptr<RunnableController> NewNamespaceController(const ControllerContext& context,
                                                           NamespaceControllerOptions options) {
  return std::make_unique<NamespaceController>(context, options);
}

}  // namespace stead::controllers
