// Clock: the injectable source of time. Production code takes a Clock& so
// tests can drive time with FakeClock. Thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

namespace stead {

using SystemTime = std::chrono::system_clock::time_point;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual SystemTime Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  SystemTime Now() const override { return std::chrono::system_clock::now(); }
};

class FakeClock final : public Clock {
 public:
  explicit FakeClock(SystemTime start = SystemTime(std::chrono::seconds(1700000000)))
      : now_us_(std::chrono::duration_cast<std::chrono::microseconds>(start.time_since_epoch())
                    .count()) {}
  SystemTime Now() const override {
    return SystemTime(std::chrono::microseconds(now_us_.load()));
  }
  void Advance(std::chrono::microseconds d) { now_us_ += d.count(); }
  void Set(SystemTime t) {
    now_us_ = std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
  }

 private:
  std::atomic<int64_t> now_us_;
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
