#include "client/workqueue.h"

namespace stead::client {

namespace {

// client-go's buckets: 10ns .. 1000s, by powers of ten.
std::vector<double> DurationBuckets() {
  std::vector<double> out;
  double v = 1e-8;
  for (int i = 0; i < 12; ++i, v *= 10) out.push_back(v);
  return out;
}

double Seconds(SystemTime from, SystemTime to) {
  return std::chrono::duration<double>(to - from).count();
}

}  // namespace

WorkQueueMetrics::WorkQueueMetrics(MetricsRegistry& registry)
    : depth(registry.NewGauge("workqueue_depth", "Current depth of workqueue")),
      adds(
          registry.NewCounter("workqueue_adds_total", "Total number of adds handled by workqueue")),
      retries(registry.NewCounter("workqueue_retries_total",
                                  "Total number of retries handled by workqueue")),
      queue_duration(registry.NewHistogram(
          "workqueue_queue_duration_seconds",
          "How long in seconds an item stays in workqueue before being requested.",
          DurationBuckets())),
      work_duration(registry.NewHistogram(
          "workqueue_work_duration_seconds",
          "How long in seconds processing an item from workqueue takes.", DurationBuckets())) {}

RateLimitingQueue::RateLimitingQueue(const Clock* clock, Options options)
    : clock_(clock),
      name_(std::move(options.name)),
      labels_{{"name", name_}},
      rate_limiter_(options.rate_limiter ? std::move(options.rate_limiter)
                                         : DefaultControllerRateLimiter(clock)),
      metrics_(options.metrics) {}

RateLimitingQueue::~RateLimitingQueue() { ShutDown(); }

void RateLimitingQueue::AddLocked(const std::string& key, SystemTime now) {
  if (shutting_down_ || dirty_.count(key)) return;
  dirty_.insert(key);
  if (metrics_) {
    metrics_->adds->Inc(labels_);
    metrics_->depth->Add(1, labels_);
    added_at_.emplace(key, now);
  }
  if (processing_.count(key)) return;  // queued again by Done()
  queue_.push_back(key);
  cv_.notify_all();
}

void RateLimitingQueue::Add(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  AddLocked(key, clock_->Now());
}

void RateLimitingQueue::AddAfter(const std::string& key, Duration delay) {
  std::lock_guard<std::mutex> lock(mu_);
  if (shutting_down_) return;
  if (metrics_) metrics_->retries->Inc(labels_);
  SystemTime now = clock_->Now();
  AddAtLocked(key, now + std::chrono::duration_cast<SystemTime::duration>(delay), now);
}

void RateLimitingQueue::AddAt(const std::string& key, SystemTime when) {
  std::lock_guard<std::mutex> lock(mu_);
  if (shutting_down_) return;
  AddAtLocked(key, when, clock_->Now());
}

void RateLimitingQueue::AddAtLocked(const std::string& key, SystemTime when, SystemTime now) {
  if (when <= now) {
    AddLocked(key, now);
    return;
  }
  auto it = waiting_at_.find(key);
  if (it != waiting_at_.end()) {
    if (it->second.first <= when) return;
    waiting_.erase(it->second);
    waiting_at_.erase(it);
  }
  WaitSlot slot{when, next_seq_++};
  waiting_.emplace(slot, key);
  waiting_at_.emplace(key, slot);
  // A blocked Get() may now have an earlier deadline to wait for.
  cv_.notify_all();
}

void RateLimitingQueue::AddRateLimited(const std::string& key) {
  AddAfter(key, rate_limiter_->When(key));
}

void RateLimitingQueue::Forget(const std::string& key) { rate_limiter_->Forget(key); }

int RateLimitingQueue::NumRequeues(const std::string& key) {
  return rate_limiter_->NumRequeues(key);
}

void RateLimitingQueue::PromoteReadyLocked(SystemTime now) {
  if (shutting_down_) return;
  while (!waiting_.empty() && waiting_.begin()->first.first <= now) {
    std::string key = std::move(waiting_.begin()->second);
    waiting_.erase(waiting_.begin());
    waiting_at_.erase(key);
    AddLocked(key, now);
  }
}

RateLimitingQueue::Item RateLimitingQueue::Get() {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    PromoteReadyLocked(clock_->Now());
    if (!queue_.empty()) break;
    if (shutting_down_) return Item{"", true};
    if (waiting_.empty()) {
      cv_.wait(lock);
    } else {
      clock_->WaitUntil(cv_, lock, waiting_.begin()->first.first);
    }
  }
  Item item{std::move(queue_.front()), false};
  queue_.pop_front();
  processing_.insert(item.key);
  dirty_.erase(item.key);
  if (metrics_) {
    SystemTime now = clock_->Now();
    metrics_->depth->Add(-1, labels_);
    if (auto it = added_at_.find(item.key); it != added_at_.end()) {
      metrics_->queue_duration->Observe(Seconds(it->second, now), labels_);
      added_at_.erase(it);
    }
    started_at_[item.key] = now;
  }
  return item;
}

void RateLimitingQueue::Done(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  if (metrics_) {
    if (auto it = started_at_.find(key); it != started_at_.end()) {
      metrics_->work_duration->Observe(Seconds(it->second, clock_->Now()), labels_);
      started_at_.erase(it);
    }
  }
  processing_.erase(key);
  if (dirty_.count(key)) queue_.push_back(key);
  cv_.notify_all();
}

size_t RateLimitingQueue::Len() {
  std::lock_guard<std::mutex> lock(mu_);
  PromoteReadyLocked(clock_->Now());
  return queue_.size();
}

void RateLimitingQueue::ShutDown() {
  std::lock_guard<std::mutex> lock(mu_);
  shutting_down_ = true;
  drain_ = false;
  waiting_.clear();
  waiting_at_.clear();
  cv_.notify_all();
}

void RateLimitingQueue::ShutDownWithDrain() {
  std::unique_lock<std::mutex> lock(mu_);
  shutting_down_ = true;
  drain_ = true;
  waiting_.clear();
  waiting_at_.clear();
  cv_.notify_all();
  cv_.wait(lock, [&] { return processing_.empty() || !drain_; });
}

bool RateLimitingQueue::ShuttingDown() const {
  std::lock_guard<std::mutex> lock(mu_);
  return shutting_down_;
}

}  // namespace stead::client
