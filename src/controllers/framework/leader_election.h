// LeaderElector: leader election through a coordination.k8s.io/v1 Lease,
// with the protocol of client-go's leaderelection package, so that several
// `stead server` processes sharing one store run their controllers in
// exactly one of them (and interoperate with upstream electors on the same
// Lease):
//   * the leader writes holderIdentity, leaseDurationSeconds, acquireTime,
//     renewTime (MicroTime) and leaseTransitions, and renews every
//     retryPeriod; every write is an update with the resourceVersion it read
//     (optimistic concurrency), so two candidates never both win;
//   * a candidate retries every retryPeriod (+ up to 1.2x jitter) and takes
//     over when the record it observes has not changed for
//     leaseDurationSeconds (measured on its own clock from when it saw the
//     change, so clock skew between machines does not matter), or at once
//     when the holder released it (empty holderIdentity);
//   * a leader that cannot renew within renewDeadline stops leading.
//
// Callbacks run on the elector's thread and must return promptly:
// on_started_leading starts the guarded work; on_stopped_leading must stop
// it completely before returning (it runs before the Lease is released).
// Unlike client-go's Run, which returns after losing the lease, the elector
// then becomes a candidate again until Stop(); callbacks always alternate.
//
// Time comes from the injected Clock (FakeClock in tests). Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "client/client.h"
#include "client/event_recorder.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/result.h"

namespace stead::controllers {

// The election state kept in a Lease's spec.
struct LeaderElectionRecord {
  std::string holder_identity;
  int64_t lease_duration_seconds = 0;
  SystemTime acquire_time{};
  SystemTime renew_time{};
  int64_t leader_transitions = 0;

  friend bool operator==(const LeaderElectionRecord&, const LeaderElectionRecord&) = default;

  static LeaderElectionRecord FromLeaseSpec(const Json& spec);
  Json ToLeaseSpec() const;
};

struct LeaderCallbacks {
  std::function<void()> on_started_leading;  // required
  std::function<void()> on_stopped_leading;  // required
  // Called when the observed leader changes (including the first one seen).
  std::function<void(const std::string& identity)> on_new_leader;
};

struct LeaderElectionConfig {
  std::string lease_namespace = "kube-system";
  std::string lease_name = "stead-controller-manager";
  // Unique per candidate; see DefaultLeaderIdentity().
  std::string identity;
  std::chrono::seconds lease_duration{15};
  std::chrono::seconds renew_deadline{10};
  std::chrono::seconds retry_period{2};
  // Give the Lease up when stopped, so another candidate takes over at once.
  bool release_on_cancel = false;
  LeaderCallbacks callbacks;
  // Optional: "<identity> became leader" / "stopped leading" events on the
  // Lease. Must outlive the elector.
  client::EventRecorder* recorder = nullptr;
};

// "<hostname>_<random uuid>", as kube-controller-manager names itself.
std::string DefaultLeaderIdentity();

class LeaderElector {
 public:
  inline static constexpr double kJitterFactor = 1.2;

  // Validates the configuration with client-go's messages (e.g.
  // "leaseDuration must be greater than renewDeadline"). `client` and
  // `clock` must outlive the elector.
  static Result<std::unique_ptr<LeaderElector>> Create(client::Client* client, const Clock* clock,
                                                       LeaderElectionConfig config);
  // Stops.
  ~LeaderElector();

  LeaderElector(const LeaderElector&) = delete;
  LeaderElector& operator=(const LeaderElector&) = delete;

  // Runs the election on its own thread; idempotent.
  void Start();
  // Stops the election: if leading, on_stopped_leading runs, then the Lease
  // is released if release_on_cancel. Must not be called from a callback.
  void Stop();

  // Whether the last observed record names this candidate.
  bool IsLeader() const;
  // The last observed holder ("" if none seen yet).
  std::string GetLeader() const;
  const std::string& identity() const { return config_.identity; }

  // One acquire-or-renew attempt (what the loop does every retryPeriod).
  bool TryAcquireOrRenew();
  // Gives the Lease up if this candidate holds it.
  bool Release();

 private:
  LeaderElector(client::Client* client, const Clock* clock, LeaderElectionConfig config);

  void Run();
  bool Acquire();  // false when stopped
  void Renew();    // returns when renewal failed or on stop
  // Waits on the clock; false when stopped meanwhile.
  bool WaitFor(SystemTime::duration d);
  bool WaitUntil(SystemTime deadline);
  void MaybeReportTransition();
  void RecordEvent(const std::string& what);

  bool IsLeaseValidLocked(SystemTime now) const;  // requires observed_mu_
  void SetObservedRecord(const LeaderElectionRecord& record);
  LeaderElectionRecord ObservedRecord() const;

  // The Lease, as client-go's LeaseLock; requires op_mu_.
  Result<LeaderElectionRecord> GetLock();
  Status CreateLock(const LeaderElectionRecord& record);
  Status UpdateLock(const LeaderElectionRecord& record);
  std::string Describe() const;

  client::Client* const client_;
  const Clock* const clock_;
  const LeaderElectionConfig config_;
  const api::ResourceType& lease_type_;

  // Serializes attempts (the loop, and direct calls in tests).
  std::mutex op_mu_;
  Json lease_;  // last Lease read or written; guarded by op_mu_
  std::optional<LeaderElectionRecord> observed_raw_;  // guarded by op_mu_
  std::string reported_leader_;                       // the election thread only

  mutable std::mutex observed_mu_;
  LeaderElectionRecord observed_;  // guarded by observed_mu_
  SystemTime observed_time_{};     // guarded by observed_mu_

  std::mutex mu_;
  std::condition_variable cv_;
  bool started_ = false;   // guarded by mu_
  bool stopping_ = false;  // guarded by mu_
  std::thread thread_;
};

}  // namespace stead::controllers
