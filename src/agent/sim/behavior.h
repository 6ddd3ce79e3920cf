// How a pod behaves on a simulated node. Tests and demos steer it with pod
// annotations (read on every change of the pod, so they can be flipped at
// runtime) and with image names:
//
//   sim.stead.dev/start-delay: "2s"      time to create (pull + start) each
//                                        container; default: the fleet's
//                                        --sim-start-delay (500ms)
//   sim.stead.dev/ready: "false"         containers run but are never ready;
//                                        setting it back to "true" (or
//                                        removing it) makes them ready
//   sim.stead.dev/crash: "true"          every regular container exits with
//                                        code 1 after run-duration, over and
//                                        over: restarts with upstream's
//                                        CrashLoopBackOff (first restart at
//                                        once, then 10s, 20s, ... max 5m)
//   sim.stead.dev/exit: "0"              every regular container exits with
//                                        this code after run-duration; the
//                                        pod then completes or restarts as
//                                        its restartPolicy says
//   sim.stead.dev/run-duration: "1s"     how long a container runs before
//                                        crash/exit (default 1s)
//   sim.stead.dev/image-pull: "fail"     pulling every container's image
//                                        fails: ErrImagePull, then
//                                        ImagePullBackOff, retried with
//                                        backoff 10s, 20s, ... max 5m
//   sim.stead.dev/terminate-delay: "1s"  time the containers take to stop
//                                        after a deletion request (default:
//                                        the fleet's --sim-stop-delay,
//                                        200ms); past the grace period they
//                                        are killed (exit code 137)
//   sim.stead.dev/terminate-exit-code: "1"  the code containers exit with
//                                        when they stop in time after a
//                                        deletion request (default 0), like
//                                        a process that fails on SIGTERM
//
// An image whose tag contains "broken" (e.g. "nginx:broken") fails to pull
// like image-pull "fail", for that container only — so `kubectl set image
// ... nginx:broken` makes a rollout get stuck without annotations.
// Malformed values are ignored (the default applies). Pure functions.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "core/json.h"

namespace stead::agent::sim {

inline constexpr char kAnnStartDelay[] = "sim.stead.dev/start-delay";
inline constexpr char kAnnReady[] = "sim.stead.dev/ready";
inline constexpr char kAnnCrash[] = "sim.stead.dev/crash";
inline constexpr char kAnnExit[] = "sim.stead.dev/exit";
inline constexpr char kAnnRunDuration[] = "sim.stead.dev/run-duration";
inline constexpr char kAnnImagePull[] = "sim.stead.dev/image-pull";
inline constexpr char kAnnTerminateDelay[] = "sim.stead.dev/terminate-delay";
inline constexpr char kAnnTerminateExitCode[] = "sim.stead.dev/terminate-exit-code";

using Millis = std::chrono::milliseconds;

struct Behavior {
  Millis start_delay{500};
  bool ready = true;
  // Set: regular containers exit with this code after run_duration.
  std::optional<int> exit_code;
  Millis run_duration{1000};
  bool image_pull_fails = false;
  Millis terminate_delay{0};
  // Exit code of a container stopped within its grace period.
  int terminate_exit_code = 0;
};

// The behaviour of `pod`: its annotations over the fleet's `defaults`.
Behavior BehaviorOf(const Json& pod, const Behavior& defaults);

// The image cannot be pulled on a simulated node (its tag contains "broken").
bool IsBrokenImage(const std::string& image);

}  // namespace stead::agent::sim
