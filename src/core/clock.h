// Clock: the injectable source of time. Production code takes a Clock& so
// tests can drive time with FakeClock. Thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <list>
#include <mutex>
#include <string>

namespace stead {

using SystemTime = std::chrono::system_clock::time_point;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual SystemTime Now() const = 0;
  // Waits on `cv` until it is notified or Now() reaches `deadline`. `lock`
  // holds cv's mutex on entry and on return (it may be released in between);
  // wakeups may be spurious, so callers re-check their condition in a loop.
  // Time-driven loops (delayed work, retries, lease renewal) wait through
  // this so that tests can drive them with FakeClock.
  virtual void WaitUntil(std::condition_variable& cv, std::unique_lock<std::mutex>& lock,
                         SystemTime deadline) const;
};

class SystemClock final : public Clock {
 public:
  SystemTime Now() const override { return std::chrono::system_clock::now(); }
};

// Time moves only when the test says so. Advance/Set wake every thread
// blocked in WaitUntil so it can re-check its deadline against the new time.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(SystemTime start = SystemTime(std::chrono::seconds(1700000000)))
      : now_us_(std::chrono::duration_cast<std::chrono::microseconds>(start.time_since_epoch())
                    .count()) {}
  SystemTime Now() const override {
    return SystemTime(std::chrono::microseconds(now_us_.load()));
  }
  void Advance(std::chrono::microseconds d) {
    now_us_ += d.count();
    WakeWaiters();
  }
  void Set(SystemTime t) {
    now_us_ = std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
    WakeWaiters();
  }
  void WaitUntil(std::condition_variable& cv, std::unique_lock<std::mutex>& lock,
                 SystemTime deadline) const override;
  // Number of threads blocked in WaitUntil on a deadline still ahead: when
  // it equals the number of clock-driven threads a test runs, they are all
  // idle until the next Advance.
  size_t Waiters() const;

 private:
  struct Waiter {
    std::mutex* mu;
    std::condition_variable* cv;
    SystemTime deadline;
  };
  void WakeWaiters();

  std::atomic<int64_t> now_us_;
  mutable std::mutex waiters_mu_;
  mutable std::condition_variable wake_done_cv_;
  mutable std::list<Waiter> waiters_;  // guarded by waiters_mu_
  int wakes_in_progress_ = 0;          // guarded by waiters_mu_
};

// RFC 3339 in UTC with second precision ("2026-11-25T02:18:49Z"), the
// format of metav1.Time.
std::string FormatTime(SystemTime t);
// RFC 3339 with microseconds ("2026-11-25T02:18:49.123456Z"), metav1.MicroTime.
std::string FormatMicroTime(SystemTime t);
// Parses RFC 3339 (fractional seconds and numeric offsets accepted).
bool ParseTime(const std::string& s, SystemTime* out);

// Human duration as kubectl prints ages: "5s", "3m12s", "2d3h", ...
std::string HumanDuration(std::chrono::seconds d);

}  // namespace stead
