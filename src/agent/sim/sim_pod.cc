#include "agent/sim/sim_pod.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>

namespace stead::agent::sim {

namespace {

// The kubelet's container restart and image pull backoff.
constexpr Millis kInitialBackoff{10000};
constexpr Millis kMaxBackoff{300000};
// How long ErrImagePull shows before the kubelet reports ImagePullBackOff.
constexpr Millis kErrImagePullShown{1000};
constexpr int kKilledExitCode = 137;

uint64_t Fnv64(std::string_view s, uint64_t h = 1469598103934665603ull) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

// 64 hex digits derived from `seed` (stable container and image ids).
std::string Hex64(const std::string& seed) {
  std::string out;
  for (char i = 0; i < 4; ++i) {
    char buf[17];
    std::snprintf(buf, sizeof(buf), "%016" PRIx64, Fnv64(seed + i));
    out += buf;
  }
  return out;
}

std::string ImageId(const std::string& image) {
  std::string repo = image.substr(0, image.find('@'));
  size_t slash = repo.rfind('/');
  size_t colon = repo.rfind(':');
  if (colon != std::string::npos && (slash == std::string::npos || colon > slash)) {
    repo.resize(colon);
  }
  return repo + "@sha256:" + Hex64(image);
}

ContainerState Waiting(std::string reason, std::string message = "") {
  ContainerState s;
  s.kind = ContainerState::Kind::kWaiting;
  s.reason = std::move(reason);
  s.message = std::move(message);
  return s;
}

std::optional<ContainerState> ParseState(const Json* state) {
  if (state == nullptr || !state->is_object()) return std::nullopt;
  ContainerState s;
  if (const Json* w = Lookup(*state, {"waiting"})) {
    s = Waiting(GetString(*w, {"reason"}), GetString(*w, {"message"}));
    return s;
  }
  if (const Json* r = Lookup(*state, {"running"})) {
    s.kind = ContainerState::Kind::kRunning;
    ParseTime(GetString(*r, {"startedAt"}), &s.started_at);
    return s;
  }
  if (const Json* t = Lookup(*state, {"terminated"})) {
    s.kind = ContainerState::Kind::kTerminated;
    s.exit_code = static_cast<int>(GetInt(*t, {"exitCode"}));
    s.reason = GetString(*t, {"reason"});
    s.message = GetString(*t, {"message"});
    if (Has(*t, {"signal"})) s.signal = static_cast<int>(GetInt(*t, {"signal"}));
    ParseTime(GetString(*t, {"startedAt"}), &s.started_at);
    ParseTime(GetString(*t, {"finishedAt"}), &s.finished_at);
    s.container_id = GetString(*t, {"containerID"});
    return s;
  }
  return std::nullopt;
}

}  // namespace

SimPod::SimPod(const Json& pod, std::string host_ip, std::string pod_ip, Behavior defaults,
               SystemTime now)
    : uid_(MetaUid(pod)),
      pod_name_(MetaName(pod) + "_" + MetaNamespace(pod) + "(" + MetaUid(pod) + ")"),
      host_ip_(std::move(host_ip)),
      pod_ip_(std::move(pod_ip)),
      defaults_(defaults),
      accepted_(now),
      simulated_until_(now) {
  restart_policy_ = GetString(pod, {"spec", "restartPolicy"}, "Always");
  behavior_ = BehaviorOf(pod, defaults_);
  for (const char* list : {"initContainers", "containers"}) {
    const Json* specs = Lookup(pod, {"spec", list});
    if (specs == nullptr || !specs->is_array()) continue;
    for (const Json& spec : *specs) {
      Container c;
      c.name = GetString(spec, {"name"});
      c.image = GetString(spec, {"image"});
      c.init = std::string_view(list) == "initContainers";
      c.sidecar = c.init && GetString(spec, {"restartPolicy"}) == "Always";
      containers_.push_back(std::move(c));
    }
  }
}

void SimPod::Adopt(const Json& pod, SystemTime now) {
  SystemTime start;
  if (ParseTime(GetString(pod, {"status", "startTime"}), &start)) accepted_ = start;
  for (Container& c : containers_) {
    const Json* list =
        Lookup(pod, {"status", c.init ? "initContainerStatuses" : "containerStatuses"});
    if (list == nullptr || !list->is_array()) continue;
    for (const Json& s : *list) {
      if (GetString(s, {"name"}) != c.name) continue;
      std::optional<ContainerState> state = ParseState(Lookup(s, {"state"}));
      if (!state) break;
      c.restart_count = static_cast<int>(GetInt(s, {"restartCount"}));
      c.container_id = GetString(s, {"containerID"});
      std::optional<ContainerState> last = ParseState(Lookup(s, {"lastState"}));
      if (last && last->kind == ContainerState::Kind::kTerminated) c.last_state = last;
      if (state->kind == ContainerState::Kind::kRunning) {
        c.phase = Phase::kRunning;
        c.started_at = state->started_at;
      } else if (state->kind == ContainerState::Kind::kTerminated) {
        c.phase = Phase::kDone;
        c.terminated = *state;
      } else if (state->reason == "CrashLoopBackOff" && !c.container_id.empty()) {
        c.phase = Phase::kBackOff;
        c.crash_backoff = kInitialBackoff;
        c.backoff_since = now;
        c.timed = true;
        c.next = now + kInitialBackoff;
      }
      break;
    }
  }
}

bool SimPod::PullFails(const Container& c) const {
  return IsBrokenImage(c.image) || (!c.init && behavior_.image_pull_fails);
}

std::string SimPod::ContainerId(const Container& c) const {
  return "stead-sim://" + Hex64(uid_ + "/" + c.name + "/" + std::to_string(c.restart_count));
}

void SimPod::Advance(const Json& pod, bool volumes_ready, SystemTime now) {
  behavior_ = BehaviorOf(pod, defaults_);
  for (const char* list : {"initContainers", "containers"}) {
    const Json* specs = Lookup(pod, {"spec", list});
    if (specs == nullptr || !specs->is_array()) continue;
    for (const Json& spec : *specs) {
      std::string name = GetString(spec, {"name"});
      std::string image = GetString(spec, {"image"});
      for (Container& c : containers_) {
        if (c.name != name || c.init != (std::string_view(list) == "initContainers")) continue;
        if (c.image == image) break;
        c.image = image;
        if (stop_at_) break;
        if (c.phase == Phase::kRunning) {
          ContainerState t;
          t.kind = ContainerState::Kind::kTerminated;
          t.reason = "Completed";
          t.started_at = c.started_at;
          t.finished_at = now;
          t.container_id = c.container_id;
          c.last_state = t;
          StartCreating(c, now);
        } else if (c.phase == Phase::kCreating || c.phase == Phase::kPullFailed ||
                   c.phase == Phase::kPullBackOff || c.phase == Phase::kBackOff) {
          StartCreating(c, now);
        }
        break;
      }
    }
  }
  // Exits follow the annotations as they are now.
  for (Container& c : containers_) {
    if (c.init || c.phase != Phase::kRunning) continue;
    if (behavior_.exit_code && !c.timed) {
      c.timed = true;
      c.next = std::max(c.started_at + behavior_.run_duration, now);
    } else if (!behavior_.exit_code) {
      c.timed = false;
    }
  }
  if (MetaDeleting(pod) && !stop_at_) {
    Millis grace = std::chrono::seconds(GetInt(pod, {"metadata", "deletionGracePeriodSeconds"}));
    // The grace period runs from the deletion request (deletionTimestamp
    // minus the grace), not from when this node noticed it. The timestamp
    // has whole seconds, truncated: the request was at most a second later.
    // The deadline itself is the hard limit.
    SystemTime requested = now;
    SystemTime deadline;
    bool has_deadline = ParseTime(GetString(pod, {"metadata", "deletionTimestamp"}), &deadline);
    if (has_deadline) requested = std::min(now, deadline + std::chrono::seconds(1) - grace);
    Millis delay = NeverStarted() ? Millis(0) : std::min(behavior_.terminate_delay, grace);
    killed_ = !NeverStarted() && behavior_.terminate_delay > grace;
    SystemTime stop = requested + delay;
    if (has_deadline) stop = std::min(stop, deadline);
    // Not before what was already simulated.
    stop_at_ = std::max(stop, simulated_until_);
  }
  if (volumes_ready && !volumes_ready_at_) {
    volumes_ready_at_ = now;
    Kick(now);
  }
  while (Step(now)) {
  }
  simulated_until_ = std::max(simulated_until_, now);
}

bool SimPod::Step(SystemTime now) {
  std::optional<SystemTime> best;
  Container* due = nullptr;
  if (stop_at_ && !stopped_ && *stop_at_ <= now) best = *stop_at_;
  for (Container& c : containers_) {
    if (c.timed && c.next <= now && (!best || c.next < *best)) {
      best = c.next;
      due = &c;
    }
  }
  if (!best) return false;
  SystemTime t = *best;
  if (due == nullptr) {
    Stop(t);
    return true;
  }
  Container& c = *due;
  c.timed = false;
  switch (c.phase) {
    case Phase::kCreating:
    case Phase::kPullBackOff:
      FinishCreating(c, t);
      break;
    case Phase::kPullFailed:
      c.phase = Phase::kPullBackOff;
      c.timed = true;
      c.next = c.pull_attempt + c.pull_backoff;
      break;
    case Phase::kRunning:
      if (behavior_.exit_code && !c.init) Exit(c, t, *behavior_.exit_code);
      break;
    case Phase::kBackOff:
      Run(c, t);
      c.crash_backoff = std::min(c.crash_backoff * 2, kMaxBackoff);
      c.backoff_since = t;
      break;
    case Phase::kNotStarted:
    case Phase::kDone:
      break;
  }
  Kick(t);
  return true;
}

void SimPod::Kick(SystemTime t) {
  if (stop_at_ || !volumes_ready_at_) return;
  for (Container& c : containers_) {
    if (!c.init) continue;
    if (c.phase == Phase::kNotStarted) {
      StartCreating(c, t);
      return;
    }
    bool done = c.sidecar ? c.phase == Phase::kRunning
                          : c.phase == Phase::kDone && c.terminated.exit_code == 0;
    if (!done) return;
  }
  for (Container& c : containers_) {
    if (!c.init && c.phase == Phase::kNotStarted) StartCreating(c, t);
  }
}

void SimPod::StartCreating(Container& c, SystemTime t) {
  c.phase = Phase::kCreating;
  c.timed = true;
  c.next = t + behavior_.start_delay;
  c.pull_backoff = Millis(0);
}

void SimPod::FinishCreating(Container& c, SystemTime t) {
  if (PullFails(c)) {
    c.pull_attempt = t;
    c.pull_backoff =
        c.pull_backoff == Millis(0) ? kInitialBackoff : std::min(c.pull_backoff * 2, kMaxBackoff);
    c.phase = Phase::kPullFailed;
    c.timed = true;
    c.next = t + std::min(kErrImagePullShown, c.pull_backoff);
    return;
  }
  Run(c, t);
}

void SimPod::Run(Container& c, SystemTime t) {
  if (!c.container_id.empty()) ++c.restart_count;
  c.phase = Phase::kRunning;
  c.started_at = t;
  c.container_id = ContainerId(c);
  c.timed = false;
  if (c.init && !c.sidecar) {
    Exit(c, t, 0);
  } else if (!c.init && behavior_.exit_code) {
    c.timed = true;
    c.next = t + behavior_.run_duration;
  }
}

void SimPod::Exit(Container& c, SystemTime t, int code) {
  ContainerState term;
  term.kind = ContainerState::Kind::kTerminated;
  term.exit_code = code;
  term.reason = code == 0 ? "Completed" : "Error";
  term.started_at = c.started_at;
  term.finished_at = t;
  term.container_id = c.container_id;
  bool restart;
  if (c.init) {
    restart = code != 0 && restart_policy_ != "Never";
  } else {
    restart = restart_policy_ == "Always" || (restart_policy_ == "OnFailure" && code != 0);
  }
  c.timed = false;
  if (!restart || stop_at_) {
    c.phase = Phase::kDone;
    c.terminated = term;
    // Once every regular container is done, the sidecars are stopped too.
    bool all_done = std::all_of(containers_.begin(), containers_.end(), [](const Container& x) {
      return x.init || x.phase == Phase::kDone;
    });
    if (all_done && !c.init) {
      for (Container& s : containers_) {
        if (s.sidecar && s.phase == Phase::kRunning) {
          s.timed = false;
          s.phase = Phase::kDone;
          s.terminated = term;
          s.terminated.exit_code = 0;
          s.terminated.reason = "Completed";
          s.terminated.started_at = s.started_at;
          s.terminated.container_id = s.container_id;
        }
      }
    }
    return;
  }
  c.last_state = term;
  if (c.crash_backoff == Millis(0) || t - c.backoff_since > 2 * kMaxBackoff) {
    c.crash_backoff = kInitialBackoff;
    c.backoff_since = t;
    Run(c, t);
    return;
  }
  c.phase = Phase::kBackOff;
  c.timed = true;
  c.next = t + c.crash_backoff;
}

void SimPod::Stop(SystemTime t) {
  stopped_ = true;
  for (Container& c : containers_) {
    c.timed = false;
    if (c.phase != Phase::kRunning) continue;
    c.phase = Phase::kDone;
    c.terminated = ContainerState();
    c.terminated.kind = ContainerState::Kind::kTerminated;
    c.terminated.exit_code = killed_ ? kKilledExitCode : behavior_.terminate_exit_code;
    c.terminated.reason = c.terminated.exit_code == 0 ? "Completed" : "Error";
    c.terminated.started_at = c.started_at;
    c.terminated.finished_at = t;
    c.terminated.container_id = c.container_id;
  }
}

bool SimPod::Finished() const {
  if (stopped_) return true;
  bool any_regular = false;
  for (const Container& c : containers_) {
    if (c.init) continue;
    any_regular = true;
    if (c.phase != Phase::kDone) return false;
  }
  return any_regular;
}

bool SimPod::NeverStarted() const {
  return std::all_of(containers_.begin(), containers_.end(),
                     [](const Container& c) { return c.container_id.empty(); });
}

std::optional<SystemTime> SimPod::NextEvent() const {
  std::optional<SystemTime> next;
  if (stop_at_ && !stopped_) next = *stop_at_;
  for (const Container& c : containers_) {
    if (c.timed && (!next || c.next < *next)) next = c.next;
  }
  return next;
}

PodRuntimeStatus SimPod::Runtime() const {
  PodRuntimeStatus rt;
  rt.sandbox_ready = !Finished();
  rt.host_ip = host_ip_;
  rt.pod_ip = pod_ip_;
  rt.start_time = accepted_;
  rt.terminal = stopped_;
  for (const Container& c : containers_) {
    ContainerRuntimeStatus s;
    s.name = c.name;
    s.image = c.image;
    s.restart_count = c.restart_count;
    s.last_state = c.last_state;
    s.container_id = c.container_id;
    if (!c.container_id.empty()) s.image_id = ImageId(c.image);
    switch (c.phase) {
      case Phase::kNotStarted:
        continue;
      case Phase::kCreating:
        if (c.container_id.empty()) continue;  // the default waiting state says it
        s.state = Waiting("ContainerCreating");
        break;
      case Phase::kPullFailed:
        s.state = Waiting("ErrImagePull", "failed to pull and unpack image \"" + c.image +
                                              "\": not found (stead simulated node)");
        break;
      case Phase::kPullBackOff:
        s.state = Waiting("ImagePullBackOff", "Back-off pulling image \"" + c.image + "\"");
        break;
      case Phase::kRunning:
        s.state.kind = ContainerState::Kind::kRunning;
        s.state.started_at = c.started_at;
        s.started = true;
        s.ready = c.sidecar || (!c.init && behavior_.ready);
        break;
      case Phase::kBackOff:
        s.state = Waiting("CrashLoopBackOff", "back-off " + FormatGoDuration(c.crash_backoff) +
                                                  " restarting failed container=" + c.name +
                                                  " pod=" + pod_name_);
        break;
      case Phase::kDone:
        s.state = c.terminated;
        break;
    }
    rt.containers.push_back(std::move(s));
  }
  return rt;
}

}  // namespace stead::agent::sim
