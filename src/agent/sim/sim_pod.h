// SimPod: the simulated container runtime of one pod on a simulated node — a
// deterministic state machine over time. Given the pod object and the
// current time it says what the runtime would report (for ComputePodStatus)
// and when that next changes, so the node only has to wake the pod up then.
//
// Timeline (d = start delay, see behavior.h):
//   accepted (volumes ready) ─ init containers one after another, each
//   created in d and completing at once (restartable "sidecar" init
//   containers keep running) ─ then every regular container created in d
//   and running ─ with crash/exit annotations, exits after run-duration and
//   restarts per restartPolicy with upstream's CrashLoopBackOff (first
//   restart immediate, then 10s doubling to 5m; reset after 10 minutes of
//   running) ─ on deletion, stops after min(terminate-delay, grace period)
//   (exit 0, or 137 when killed at the end of the grace period).
// Broken images (behavior.h) fail to pull: ErrImagePull for 1s, then
// ImagePullBackOff until the next attempt (10s doubling to 5m). Changing a
// container's image restarts it (restartCount+1).
//
// Events are applied in time order at their own timestamps, so advancing the
// clock far ahead replays everything that happened meanwhile.
// Thread-compatible.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "agent/pod_status.h"
#include "agent/sim/behavior.h"
#include "core/clock.h"
#include "core/json.h"

namespace stead::agent::sim {

class SimPod {
 public:
  // The pod was accepted by its node at `now`.
  // `defaults` is the fleet's behaviour, which the pod's annotations refine.
  SimPod(const Json& pod, std::string host_ip, std::string pod_ip, Behavior defaults,
         SystemTime now);

  // Continues from the status a previous incarnation of the node reported
  // (containers that were running keep running), e.g. after a restart.
  void Adopt(const Json& pod, SystemTime now);

  // Re-reads the pod (annotations, images, deletion) and runs the
  // simulation up to `now`. Containers are not created before
  // `volumes_ready` has been true once.
  void Advance(const Json& pod, bool volumes_ready, SystemTime now);

  PodRuntimeStatus Runtime() const;
  // When the runtime's state next changes on its own.
  std::optional<SystemTime> NextEvent() const;

  const std::string& uid() const { return uid_; }
  const std::string& pod_ip() const { return pod_ip_; }
  // Stopped after a deletion request: the pod can be removed now.
  bool Stopped() const { return stopped_; }
  // No container runs or will run again (completed, or stopped).
  bool Finished() const;
  // No container was ever started (nothing to stop on deletion).
  bool NeverStarted() const;

 private:
  enum class Phase { kNotStarted, kCreating, kPullFailed, kPullBackOff, kRunning, kBackOff, kDone };
  struct Container {
    std::string name;
    std::string image;
    bool init = false;
    bool sidecar = false;  // restartable init container
    Phase phase = Phase::kNotStarted;
    SystemTime next{};  // end of the current timed phase
    bool timed = false;
    SystemTime started_at{};
    int restart_count = 0;
    std::string container_id;
    std::optional<ContainerState> last_state;
    ContainerState terminated;  // when kDone
    Millis crash_backoff{0};    // 0: the next failure restarts at once
    SystemTime backoff_since{};
    Millis pull_backoff{0};
    SystemTime pull_attempt{};
  };

  // Applies the earliest event due at or before `now`; false if none.
  bool Step(SystemTime now);
  // Starts the containers whose turn has come at `t`.
  void Kick(SystemTime t);
  void StartCreating(Container& c, SystemTime t);
  void FinishCreating(Container& c, SystemTime t);
  void Run(Container& c, SystemTime t);
  void Exit(Container& c, SystemTime t, int code);
  void Stop(SystemTime t);
  bool PullFails(const Container& c) const;
  std::string ContainerId(const Container& c) const;

  const std::string uid_;
  const std::string pod_name_;  // "name_namespace(uid)" as the kubelet prints pods
  const std::string host_ip_;
  const std::string pod_ip_;
  const Behavior defaults_;
  SystemTime accepted_;
  SystemTime simulated_until_;  // every event up to here has been applied
  std::string restart_policy_;
  Behavior behavior_;
  std::vector<Container> containers_;  // init containers first, in spec order
  std::optional<SystemTime> volumes_ready_at_;
  std::optional<SystemTime> stop_at_;
  bool killed_ = false;
  bool stopped_ = false;
};

}  // namespace stead::agent::sim
