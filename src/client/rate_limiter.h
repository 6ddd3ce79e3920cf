// Rate limiters for work queue retries, with client-go's semantics
// (k8s.io/client-go/util/workqueue): a per-item exponential backoff, a
// global token bucket, and the maximum of several limiters. The default a
// controller gets is max(5ms·2^failures capped at 1000s, bucket 10 qps /
// burst 100).
//
// TokenBucket is golang.org/x/time/rate's limiter: the bucket starts full,
// Reserve() always succeeds and answers how long until its token is due
// (tokens may go negative), TryAccept() takes a token only if one is there.
//
// Time comes from the injected Clock. All classes are thread-safe.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/clock.h"

namespace stead::client {

using Duration = std::chrono::nanoseconds;

class TokenBucket {
 public:
  // `qps` tokens are added per second, up to `burst`.
  TokenBucket(double qps, int burst, const Clock* clock);

  bool TryAccept();
  // Takes a token, possibly one not yet refilled; returns the wait until it
  // is due (zero when one was available).
  Duration Reserve();

 private:
  double TokensAt(SystemTime now) const;  // requires mu_

  const double qps_;
  const double burst_;
  const Clock* const clock_;
  std::mutex mu_;
  double tokens_ = 0;     // guarded by mu_
  SystemTime last_{};     // guarded by mu_
  bool started_ = false;  // guarded by mu_: the bucket starts full
};

class RateLimiter {
 public:
  virtual ~RateLimiter() = default;
  // How long to wait before `item` is processed again; counts a failure.
  virtual Duration When(const std::string& item) = 0;
  // Clears the failure history of `item` (after it was processed fine).
  virtual void Forget(const std::string& item) = 0;
  // Failures counted for `item` since the last Forget.
  virtual int NumRequeues(const std::string& item) = 0;
};

// base·2^failures, capped at max_delay.
std::unique_ptr<RateLimiter> NewItemExponentialFailureRateLimiter(Duration base_delay,
                                                                  Duration max_delay);
// One token bucket shared by every item; tracks no per-item failures.
std::unique_ptr<RateLimiter> NewBucketRateLimiter(double qps, int burst, const Clock* clock);
// The longest delay of all; NumRequeues is the maximum, Forget forgets in all.
std::unique_ptr<RateLimiter> NewMaxOfRateLimiter(
    std::vector<std::unique_ptr<RateLimiter>> limiters);
// client-go's DefaultControllerRateLimiter.
std::unique_ptr<RateLimiter> DefaultControllerRateLimiter(const Clock* clock);

}  // namespace stead::client
