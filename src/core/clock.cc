#include "core/clock.h"

#include <cstdio>
#include <ctime>
#include <vector>

namespace stead {

namespace {
std::tm ToTm(SystemTime t) {
  std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  return tm;
}
}  // namespace

void Clock::WaitUntil(std::condition_variable& cv, std::unique_lock<std::mutex>& lock,
                      SystemTime deadline) const {
  auto remaining = deadline - Now();
  if (remaining <= SystemTime::duration::zero()) return;
  cv.wait_for(lock, remaining);
}

void FakeClock::WaitUntil(std::condition_variable& cv, std::unique_lock<std::mutex>& lock,
                          SystemTime deadline) const {
  if (Now() >= deadline) return;
  std::list<Waiter>::iterator self;
  {
    std::lock_guard<std::mutex> w(waiters_mu_);
    self = waiters_.insert(waiters_.end(), Waiter{lock.mutex(), &cv, deadline});
  }
  // Registered before this re-check, and WakeWaiters takes our mutex before
  // notifying: an Advance racing with us cannot be missed.
  if (Now() < deadline) cv.wait(lock);
  // Unregister without our mutex (WakeWaiters may be about to take it), and
  // only once no wake pass still holds a pointer to our mutex and cv.
  lock.unlock();
  {
    std::unique_lock<std::mutex> w(waiters_mu_);
    wake_done_cv_.wait(w, [&] { return wakes_in_progress_ == 0; });
    waiters_.erase(self);
  }
  lock.lock();
}

size_t FakeClock::Waiters() const {
  SystemTime now = Now();
  std::lock_guard<std::mutex> w(waiters_mu_);
  size_t n = 0;
  for (const Waiter& waiter : waiters_) {
    if (waiter.deadline > now) ++n;
  }
  return n;
}

void FakeClock::WakeWaiters() {
  std::vector<Waiter> waiters;
  {
    std::lock_guard<std::mutex> w(waiters_mu_);
    ++wakes_in_progress_;
    waiters.assign(waiters_.begin(), waiters_.end());
  }
  for (const Waiter& waiter : waiters) {
    std::lock_guard<std::mutex> l(*waiter.mu);
    waiter.cv->notify_all();
  }
  {
    std::lock_guard<std::mutex> w(waiters_mu_);
    --wakes_in_progress_;
  }
  wake_done_cv_.notify_all();
}

std::string FormatTime(SystemTime t) {
  std::tm tm = ToTm(t);
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

std::string FormatMicroTime(SystemTime t) {
  std::tm tm = ToTm(t);
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count() %
            1000000;
  if (us < 0) us += 1000000;
  char buf[40];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<long long>(us));
  return buf;
}

bool ParseTime(const std::string& s, SystemTime* out) {
  int y, mo, d, h, mi, sec;
  int consumed = 0;
  if (std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec,
                  &consumed) != 6) {
    return false;
  }
  size_t pos = static_cast<size_t>(consumed);
  int64_t micros = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    int digits = 0;
    while (pos < s.size() && isdigit(static_cast<unsigned char>(s[pos]))) {
      if (digits < 6) {
        micros = micros * 10 + (s[pos] - '0');
        ++digits;
      }
      ++pos;
    }
    while (digits < 6) {
      micros *= 10;
      ++digits;
    }
  }
  int offset_sec = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int oh = 0, om = 0;
    if (std::sscanf(s.c_str() + pos + 1, "%2d:%2d", &oh, &om) != 2) return false;
    offset_sec = (oh * 3600 + om * 60) * (s[pos] == '+' ? 1 : -1);
    pos += 6;
  } else {
    return false;
  }
  if (pos != s.size()) return false;
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = sec;
  std::time_t tt = timegm(&tm);
  *out = std::chrono::system_clock::from_time_t(tt - offset_sec) + std::chrono::microseconds(micros);
  return true;
}

std::string HumanDuration(std::chrono::seconds d) {
  // Mirrors k8s.io/apimachinery/pkg/util/duration.HumanDuration.
  int64_t seconds = d.count();
  if (seconds < 0) return "<invalid>";
  if (seconds == 0) return "0s";
  auto fmt = [](int64_t a, const char* ua, int64_t b, const char* ub) {
    std::string s = std::to_string(a) + ua;
    if (b > 0) s += std::to_string(b) + ub;
    return s;
  };
  if (seconds < 60 * 2) return std::to_string(seconds) + "s";
  int64_t minutes = seconds / 60;
  if (minutes < 10) return fmt(minutes, "m", seconds % 60, "s");
  if (minutes < 60 * 3) return std::to_string(minutes) + "m";
  int64_t hours = minutes / 60;
  if (hours < 8) return fmt(hours, "h", minutes % 60, "m");
  if (hours < 48) return std::to_string(hours) + "h";
  if (hours < 24 * 8) return fmt(hours / 24, "d", hours % 24, "h");
  if (hours < 24 * 365 * 2) return std::to_string(hours / 24) + "d";
  if (hours < 24 * 365 * 8) {
    int64_t dy = (hours / 24) % 365;
    return fmt(hours / 24 / 365, "y", dy, "d");
  }
  return std::to_string(hours / 24 / 365) + "y";
}

}  // namespace stead
