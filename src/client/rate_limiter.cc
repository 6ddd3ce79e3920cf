#include "client/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace stead::client {

TokenBucket::TokenBucket(double qps, int burst, const Clock* clock)
    : qps_(qps), burst_(burst), clock_(clock) {}

double TokenBucket::TokensAt(SystemTime now) const {
  if (!started_) return burst_;
  SystemTime last = std::min(last_, now);
  double elapsed = std::chrono::duration<double>(now - last).count();
  return std::min(tokens_ + elapsed * qps_, burst_);
}

bool TokenBucket::TryAccept() {
  std::lock_guard<std::mutex> lock(mu_);
  SystemTime now = clock_->Now();
  double tokens = TokensAt(now) - 1;
  if (tokens < 0) return false;
  tokens_ = tokens;
  last_ = now;
  started_ = true;
  return true;
}

Duration TokenBucket::Reserve() {
  std::lock_guard<std::mutex> lock(mu_);
  SystemTime now = clock_->Now();
  double tokens = TokensAt(now) - 1;
  tokens_ = tokens;
  last_ = now;
  started_ = true;
  if (tokens >= 0) return Duration::zero();
  return std::chrono::duration_cast<Duration>(std::chrono::duration<double>(-tokens / qps_));
}

namespace {

class ItemExponentialFailureRateLimiter final : public RateLimiter {
 public:
  ItemExponentialFailureRateLimiter(Duration base, Duration max) : base_(base), max_(max) {}

  Duration When(const std::string& item) override {
    std::lock_guard<std::mutex> lock(mu_);
    int exp = failures_[item]++;
    double backoff = static_cast<double>(base_.count()) * std::pow(2.0, exp);
    if (backoff >= static_cast<double>(max_.count())) return max_;
    return Duration(static_cast<int64_t>(backoff));
  }
  void Forget(const std::string& item) override {
    std::lock_guard<std::mutex> lock(mu_);
    failures_.erase(item);
  }
  int NumRequeues(const std::string& item) override {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = failures_.find(item);
    return it == failures_.end() ? 0 : it->second;
  }

 private:
  const Duration base_;
  const Duration max_;
  std::mutex mu_;
  std::unordered_map<std::string, int> failures_;  // guarded by mu_
};

class BucketRateLimiter final : public RateLimiter {
 public:
  BucketRateLimiter(double qps, int burst, const Clock* clock) : bucket_(qps, burst, clock) {}
  Duration When(const std::string&) override { return bucket_.Reserve(); }
  void Forget(const std::string&) override {}
  int NumRequeues(const std::string&) override { return 0; }

 private:
  TokenBucket bucket_;
};

class MaxOfRateLimiter final : public RateLimiter {
 public:
  explicit MaxOfRateLimiter(std::vector<std::unique_ptr<RateLimiter>> limiters)
      : limiters_(std::move(limiters)) {}

  Duration When(const std::string& item) override {
    Duration longest = Duration::zero();
    for (auto& l : limiters_) longest = std::max(longest, l->When(item));
    return longest;
  }
  void Forget(const std::string& item) override {
    for (auto& l : limiters_) l->Forget(item);
  }
  int NumRequeues(const std::string& item) override {
    int most = 0;
    for (auto& l : limiters_) most = std::max(most, l->NumRequeues(item));
    return most;
  }

 private:
  const std::vector<std::unique_ptr<RateLimiter>> limiters_;
};

}  // namespace

std::unique_ptr<RateLimiter> NewItemExponentialFailureRateLimiter(Duration base_delay,
                                                                  Duration max_delay) {
  return std::make_unique<ItemExponentialFailureRateLimiter>(base_delay, max_delay);
}

std::unique_ptr<RateLimiter> NewBucketRateLimiter(double qps, int burst, const Clock* clock) {
  return std::make_unique<BucketRateLimiter>(qps, burst, clock);
}

std::unique_ptr<RateLimiter> NewMaxOfRateLimiter(
    std::vector<std::unique_ptr<RateLimiter>> limiters) {
  return std::make_unique<MaxOfRateLimiter>(std::move(limiters));
}

std::unique_ptr<RateLimiter> DefaultControllerRateLimiter(const Clock* clock) {
  std::vector<std::unique_ptr<RateLimiter>> limiters;
  limiters.push_back(NewItemExponentialFailureRateLimiter(std::chrono::milliseconds(5),
                                                          std::chrono::seconds(1000)));
  limiters.push_back(NewBucketRateLimiter(10, 100, clock));
  return NewMaxOfRateLimiter(std::move(limiters));
}

}  // namespace stead::client
