#include "controllers/framework/controller.h"

#include <exception>

#include "client/object_key.h"
#include "core/log.h"

namespace stead::controllers {

namespace {

std::vector<double> ReconcileBuckets() {
  return {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
}

client::RateLimitingQueue::Options QueueOptions(Controller::Options& options) {
  client::RateLimitingQueue::Options q;
  q.name = options.name;
  q.rate_limiter = std::move(options.rate_limiter);
  q.metrics = options.metrics ? &options.metrics->queue : nullptr;
  return q;
}

}  // namespace

ControllerMetrics::ControllerMetrics(MetricsRegistry& registry)
    : queue(registry),
      reconcile_total(registry.NewCounter("controller_reconcile_total",
                                          "Total number of reconciliations per controller")),
      reconcile_duration(registry.NewHistogram("controller_reconcile_duration_seconds",
                                               "Length of time per reconciliation per controller",
                                               ReconcileBuckets())) {}

Controller::Controller(const Clock* clock, Options options, ReconcileFn reconcile)
    : name_(options.name),
      workers_(options.workers > 0 ? options.workers : 1),
      metrics_(options.metrics),
      reconcile_(std::move(reconcile)),
      queue_(clock, QueueOptions(options)) {}

Controller::~Controller() { Stop(); }

void Controller::EnqueueObject(const Json& obj) { queue_.Add(client::MetaNamespaceKey(obj)); }

client::ResourceEventHandler Controller::EnqueueHandler() {
  client::ResourceEventHandler h;
  h.on_add = [this](const client::ObjectPtr& obj) { EnqueueObject(*obj); };
  h.on_update = [this](const client::ObjectPtr&, const client::ObjectPtr& obj) {
    EnqueueObject(*obj);
  };
  h.on_delete = [this](const client::ObjectPtr& obj) { EnqueueObject(*obj); };
  return h;
}

void Controller::Start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (!threads_.empty() || stopping_) return;
  LOG_INFO(name_, "Starting controller", {{"workers", workers_}});
  for (int i = 0; i < workers_; ++i) threads_.emplace_back([this] { Work(); });
}

void Controller::Stop() {
  std::vector<std::thread> threads;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    threads.swap(threads_);
  }
  queue_.ShutDown();
  for (auto& t : threads) t.join();
  if (!threads.empty()) LOG_INFO(name_, "Stopped controller");
}

void Controller::Work() {
  while (true) {
    client::RateLimitingQueue::Item item = queue_.Get();
    if (item.shutdown) return;
    if (!stopping_) ProcessItem(item.key);
    queue_.Done(item.key);
  }
}

void Controller::ProcessItem(const std::string& key) {
  auto start = std::chrono::steady_clock::now();
  Status s;
  try {
    s = reconcile_(key);
  } catch (const std::exception& e) {
    // A bug on unexpected data must not take the whole server down; the key
    // is retried with backoff like any failure.
    s = Status::Internal(std::string("reconcile threw: ") + e.what());
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (metrics_) {
    metrics_->reconcile_duration->Observe(seconds, {{"controller", name_}});
    metrics_->reconcile_total->Inc(
        {{"controller", name_}, {"result", s.ok() ? "success" : "error"}});
  }
  if (s.ok()) {
    queue_.Forget(key);
    return;
  }
  LOG_ERROR(name_, "Reconciler error",
            {{"key", key}, {"error", s.ToString()}, {"requeues", queue_.NumRequeues(key)}});
  queue_.AddRateLimited(key);
}

}  // namespace stead::controllers
