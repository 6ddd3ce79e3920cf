// RateLimitingQueue: the work queue of a level-triggered controller, with
// client-go's semantics (k8s.io/client-go/util/workqueue):
//   * a key queued twice is queued once (dirty set);
//   * a key handed out by Get() is "processing" until Done(): it is never
//     handed to a second worker meanwhile; if it is added again while
//     processing, it is queued again when Done() is called;
//   * AddAfter() queues a key once its delay has passed (the earliest
//     pending time wins); AddRateLimited() delays by the rate limiter's
//     answer; Forget() resets the key's backoff;
//   * after ShutDown() adds are ignored, delayed keys are dropped, and Get()
//     keeps handing out the keys already queued, then reports shutdown.
//
// Delays are measured on the injected Clock. There is no timer thread:
// delayed keys become ready when a caller (Get, Len) looks at the clock, and
// a blocked Get() sleeps through Clock::WaitUntil, so a FakeClock's Advance()
// releases it. Tests therefore never sleep.
//
// Thread-safe; Get() may be called from any number of workers.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "client/rate_limiter.h"
#include "core/clock.h"
#include "core/metrics.h"

namespace stead::client {

// The workqueue_* metric families (label "name" = the queue's name), as
// client-go exports them. Register once per MetricsRegistry and share
// between queues.
struct WorkQueueMetrics {
  explicit WorkQueueMetrics(MetricsRegistry& registry);
  Gauge* depth;
  Counter* adds;
  Counter* retries;
  Histogram* queue_duration;  // seconds from Add to Get
  Histogram* work_duration;   // seconds from Get to Done
};

class RateLimitingQueue {
 public:
  struct Options {
    std::string name;  // for metrics and logs
    // Default: DefaultControllerRateLimiter(clock).
    std::unique_ptr<RateLimiter> rate_limiter;
    WorkQueueMetrics* metrics = nullptr;  // optional; must outlive the queue
  };

  struct Item {
    std::string key;
    bool shutdown = false;  // no key: the queue is shut down and empty
  };

  // `clock` must outlive the queue.
  RateLimitingQueue(const Clock* clock, Options options);
  ~RateLimitingQueue();

  RateLimitingQueue(const RateLimitingQueue&) = delete;
  RateLimitingQueue& operator=(const RateLimitingQueue&) = delete;

  void Add(const std::string& key);
  void AddAfter(const std::string& key, Duration delay);
  // Queues `key` once the clock reads `when` (at once if it already does).
  // Unlike AddAfter, no time passes between the caller's reading of the
  // clock and the queue's.
  void AddAt(const std::string& key, SystemTime when);
  void AddRateLimited(const std::string& key);
  void Forget(const std::string& key);
  int NumRequeues(const std::string& key);

  // Blocks until a key is ready, or until the queue is shut down and empty.
  Item Get();
  // Marks the end of processing a key returned by Get().
  void Done(const std::string& key);

  // Keys ready to be handed out (not counting delayed or processing keys).
  size_t Len();
  void ShutDown();
  // ShutDown, then wait until every key handed out has been Done().
  void ShutDownWithDrain();
  bool ShuttingDown() const;

  const std::string& name() const { return name_; }

 private:
  void PromoteReadyLocked(SystemTime now);
  void AddAtLocked(const std::string& key, SystemTime when, SystemTime now);
  void AddLocked(const std::string& key, SystemTime now);

  const Clock* const clock_;
  const std::string name_;
  const Labels labels_;
  const std::unique_ptr<RateLimiter> rate_limiter_;
  WorkQueueMetrics* const metrics_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::string> queue_;               // guarded by mu_
  std::unordered_set<std::string> dirty_;       // guarded by mu_
  std::unordered_set<std::string> processing_;  // guarded by mu_
  // Delayed keys: ready time and arrival order, indexed both ways.
  using WaitSlot = std::pair<SystemTime, uint64_t>;
  std::map<WaitSlot, std::string> waiting_;               // guarded by mu_
  std::unordered_map<std::string, WaitSlot> waiting_at_;  // guarded by mu_
  uint64_t next_seq_ = 0;                                 // guarded by mu_
  // For the duration metrics.
  std::unordered_map<std::string, SystemTime> added_at_;    // guarded by mu_
  std::unordered_map<std::string, SystemTime> started_at_;  // guarded by mu_
  bool shutting_down_ = false;                              // guarded by mu_
  bool drain_ = false;                                      // guarded by mu_
};

}  // namespace stead::client
