// Controller: runs a level-triggered reconcile loop, the client-go
// controller pattern. Event handlers enqueue object keys ("ns/name"); N
// workers take keys from a RateLimitingQueue and call the reconcile
// function, which reads the informer caches, computes the desired state and
// writes through a Client:
//   * OK      -> Forget(key): its backoff starts over;
//   * error   -> AddRateLimited(key): retried after 5ms·2^n (≤1000s), within
//                a global 10 qps / burst 100 budget;
//   * a key is never reconciled by two workers at once; keys added while
//     being reconciled are reconciled again afterwards.
// A reconcile that wants to look again later calls queue().AddAfter().
//
// Metrics (shared ControllerMetrics, optional): workqueue_* per queue name,
// controller_reconcile_total{controller,result="success"|"error"} and
// controller_reconcile_duration_seconds{controller}. Failures are logged
// under the controller's name.
//
// Ownership: a concrete controller holds a Controller member, declared after
// everything its reconcile function uses, so that it is destroyed (and its
// workers joined) first. Start/Stop/Enqueue are thread-safe; Stop must not
// be called from a worker.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "client/informer.h"
#include "client/workqueue.h"
#include "core/clock.h"
#include "core/metrics.h"
#include "core/status.h"

namespace stead::controllers {

// The metric families of every controller of a process: register once per
// MetricsRegistry and pass to each Controller.
struct ControllerMetrics {
  explicit ControllerMetrics(MetricsRegistry& registry);
  client::WorkQueueMetrics queue;
  Counter* reconcile_total;
  Histogram* reconcile_duration;
};

class Controller {
 public:
  using ReconcileFn = std::function<Status(const std::string& key)>;

  struct Options {
    std::string name;  // e.g. "statefulset"; the queue and metrics use it
    int workers = 1;
    ControllerMetrics* metrics = nullptr;  // optional; must outlive the controller
    // Default: client::DefaultControllerRateLimiter.
    std::unique_ptr<client::RateLimiter> rate_limiter;
  };

  // `clock` must outlive the controller.
  Controller(const Clock* clock, Options options, ReconcileFn reconcile);
  // Stops.
  ~Controller();

  Controller(const Controller&) = delete;
  Controller& operator=(const Controller&) = delete;

  const std::string& name() const { return name_; }
  client::RateLimitingQueue& queue() { return queue_; }

  void Enqueue(const std::string& key) { queue_.Add(key); }
  // Enqueues the key of an object.
  void EnqueueObject(const Json& obj);
  // A handler that enqueues the key of every added, updated or deleted
  // object (for informers of the controller's own kind).
  client::ResourceEventHandler EnqueueHandler();

  // Starts the workers; idempotent.
  void Start();
  // Shuts the queue down and joins the workers after their current
  // reconcile; keys still queued are dropped. Idempotent.
  void Stop();

 private:
  void Work();
  void ProcessItem(const std::string& key);

  const std::string name_;
  const int workers_;
  ControllerMetrics* const metrics_;
  const ReconcileFn reconcile_;
  client::RateLimitingQueue queue_;
  std::atomic<bool> stopping_{false};
  std::mutex mu_;
  std::vector<std::thread> threads_;  // guarded by mu_
};

}  // namespace stead::controllers
