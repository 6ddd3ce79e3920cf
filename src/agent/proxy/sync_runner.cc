#include "agent/proxy/sync_runner.h"

#include <algorithm>

namespace stead::agent::proxy {

namespace {

// Waits on a real clock never sleep longer than this in one go (a
// condition variable's wait_for overflows on "forever").
constexpr std::chrono::hours kMaxWait{1};

}  // namespace

SyncSchedule::SyncSchedule(SyncRunnerOptions options, SystemTime now)
    : options_(options),
      tokens_(std::max(options.burst, 1)),
      refilled_at_(now),
      last_finish_(now) {}

void SyncSchedule::Request(SystemTime at, SystemTime now) {
  if (at <= now) {
    requested_ = std::min(requested_, at);
  } else {
    later_.insert(at);
  }
}

void SyncSchedule::Refill(SystemTime now) {
  if (options_.min_interval.count() <= 0 || now <= refilled_at_) return;
  double gained = std::chrono::duration<double>(now - refilled_at_) /
                  std::chrono::duration<double>(options_.min_interval);
  tokens_ = std::min<double>(tokens_ + gained, std::max(options_.burst, 1));
  refilled_at_ = now;
}

SystemTime SyncSchedule::Next() const {
  SystemTime due = std::min({requested_, retry_, last_finish_ + options_.max_interval});
  if (!later_.empty()) due = std::min(due, *later_.begin());
  if (options_.min_interval.count() <= 0 || tokens_ >= 1) return due;
  // The moment the bucket holds one token again.
  auto missing = std::chrono::duration<double>(options_.min_interval) * (1 - tokens_);
  SystemTime token_at = refilled_at_ + std::chrono::ceil<SystemTime::duration>(missing);
  return std::max(due, token_at);
}

void SyncSchedule::Started(SystemTime now) {
  Refill(now);
  if (options_.min_interval.count() > 0) tokens_ = std::max(0.0, tokens_ - 1);
  requested_ = SystemTime::max();
  later_.erase(later_.begin(), later_.upper_bound(now));
  retry_ = SystemTime::max();
}

void SyncSchedule::Finished(SystemTime now, bool ok) {
  last_finish_ = now;
  if (ok) {
    failures_ = 0;
    return;
  }
  auto backoff = options_.retry_initial;
  for (int i = 0; i < failures_ && backoff < options_.max_interval; ++i) backoff *= 2;
  backoff = std::min(backoff, options_.max_interval);
  ++failures_;
  retry_ = now + backoff;
}

SyncRunner::SyncRunner(const Clock* clock, SyncRunnerOptions options, SyncFn fn)
    : clock_(clock), fn_(std::move(fn)), schedule_(options, clock->Now()) {}

SyncRunner::~SyncRunner() { Stop(); }

void SyncRunner::Start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (started_) return;
  started_ = true;
  schedule_.Request(clock_->Now(), clock_->Now());
  thread_ = std::thread([this] { Loop(); });
}

void SyncRunner::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void SyncRunner::Run() { RunAt(clock_->Now()); }

void SyncRunner::RunAt(SystemTime at) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    schedule_.Request(at, clock_->Now());
  }
  cv_.notify_all();
}

void SyncRunner::Loop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    SystemTime now = clock_->Now();
    SystemTime next = schedule_.Next();
    if (next > now) {
      clock_->WaitUntil(cv_, lock, std::min(next, now + kMaxWait));
      continue;
    }
    schedule_.Started(now);
    lock.unlock();
    Status s = fn_();
    lock.lock();
    schedule_.Finished(clock_->Now(), s.ok());
  }
}

}  // namespace stead::agent::proxy
