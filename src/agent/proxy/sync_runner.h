// SyncRunner: runs a sync function on its own thread, as often as changes
// ask for it but never more often than allowed — kube-proxy's
// BoundedFrequencyRunner:
//
//   * Run() asks for a sync. Requests coalesce: any number of them before
//     the sync starts (or while one is running) lead to one (more) sync.
//   * Rate limit: a token bucket of `burst` syncs refilled at one per
//     `min_interval` (kube-proxy: --min-sync-period 1s, burst 2); 0 = no
//     limit. A request that finds no token runs as soon as one is back.
//   * Periodic resync every `max_interval` after the last sync even without
//     requests (--sync-period).
//   * A failed sync is retried after `retry_initial`, doubling per
//     consecutive failure up to `max_interval` (upstream retries once per
//     sync period; stead retries sooner first).
//   * RunAt(t) asks for a sync at time t (e.g. to delete stale chains once
//     they are old enough).
//
// The decisions live in SyncSchedule, a pure state machine over explicit
// times; the thread waits through the Clock, so tests drive both with a
// FakeClock. Start/Stop/Run/RunAt are thread-safe; the function is never
// run twice at once.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "core/clock.h"
#include "core/status.h"

namespace stead::agent::proxy {

struct SyncRunnerOptions {
  std::chrono::milliseconds min_interval{1000};
  std::chrono::milliseconds max_interval{30000};
  int burst = 2;
  std::chrono::milliseconds retry_initial{1000};
};

// Not thread-safe; SyncRunner guards it.
class SyncSchedule {
 public:
  SyncSchedule(SyncRunnerOptions options, SystemTime now);

  // A sync is wanted at `at` or later (coalesced with pending requests);
  // `now` tells due requests (all served by the next sync) from later ones.
  void Request(SystemTime at, SystemTime now);
  // When the next sync should start: the earliest of the pending request,
  // the retry and the periodic resync, but not before a token is available.
  SystemTime Next() const;
  // The sync starts now: takes a token and clears the retry and the
  // requests that are due (a request for later stays).
  void Started(SystemTime now);
  // The sync finished; failures schedule a retry with backoff.
  void Finished(SystemTime now, bool ok);

  int consecutive_failures() const { return failures_; }

 private:
  void Refill(SystemTime now);

  const SyncRunnerOptions options_;
  double tokens_;
  SystemTime refilled_at_;
  SystemTime requested_ = SystemTime::max();  // earliest due request
  std::set<SystemTime> later_;                // requests for later times
  SystemTime retry_ = SystemTime::max();
  SystemTime last_finish_;
  int failures_ = 0;
};

class SyncRunner {
 public:
  using SyncFn = std::function<Status()>;

  // `clock` must outlive the runner.
  SyncRunner(const Clock* clock, SyncRunnerOptions options, SyncFn fn);
  ~SyncRunner();

  SyncRunner(const SyncRunner&) = delete;
  SyncRunner& operator=(const SyncRunner&) = delete;

  // Starts the thread; the first sync runs at once. Idempotent.
  void Start();
  // Joins the thread after the sync in progress; idempotent.
  void Stop();
  void Run();
  void RunAt(SystemTime at);

 private:
  void Loop();

  const Clock* const clock_;
  const SyncFn fn_;
  std::mutex mu_;
  std::condition_variable cv_;
  SyncSchedule schedule_;  // guarded by mu_
  bool stopping_ = false;  // guarded by mu_
  bool started_ = false;   // guarded by mu_
  std::thread thread_;
};

}  // namespace stead::agent::proxy
