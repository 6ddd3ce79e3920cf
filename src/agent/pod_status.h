// Pod status as the kubelet reports it: turns what the node knows about a
// pod's containers (the runtime's view) into pod.status — phase, the
// kubelet-owned conditions, IPs, start time and container statuses — with
// upstream's rules (pkg/kubelet/kubelet_pods.go getPhase and
// convertToAPIContainerStatuses, pkg/kubelet/status/generate.go). Shared by
// the simulated nodes and the real agent; pure functions, no I/O.
//
// Fields the kubelet does not own are kept from the current status
// (qosClass, nominatedNodeName, conditions other than PodReadyToStartContainers,
// Initialized, Ready, ContainersReady and PodScheduled, ...). Conditions keep
// their lastTransitionTime while their status does not change.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/json.h"

namespace stead::agent {

// One state of a container (core/v1 ContainerState).
struct ContainerState {
  enum class Kind { kWaiting, kRunning, kTerminated };
  Kind kind = Kind::kWaiting;
  std::string reason;  // waiting and terminated
  std::string message;
  int exit_code = 0;  // terminated
  std::optional<int> signal;
  SystemTime started_at{};   // running and terminated
  SystemTime finished_at{};  // terminated
  std::string container_id;  // terminated
};

// What the runtime reports for a container it knows about.
struct ContainerRuntimeStatus {
  std::string name;
  std::string image;     // as reported ("" = the spec's image)
  std::string image_id;  // image reference with digest
  std::string container_id;
  ContainerState state;
  std::optional<ContainerState> last_state;  // the previous termination
  int restart_count = 0;
  bool ready = false;
  bool started = false;
};

struct PodRuntimeStatus {
  // The sandbox exists and networking is set up (PodReadyToStartContainers).
  bool sandbox_ready = false;
  std::string host_ip;
  std::string pod_ip;
  std::optional<SystemTime> start_time;
  // The pod will not run again (it was stopped for deletion): all-stopped
  // containers give Succeeded/Failed whatever the restartPolicy.
  bool terminal = false;
  // Containers the runtime knows, init and regular; the others get the
  // default waiting state (ContainerCreating, or PodInitializing when the
  // pod has init containers).
  std::vector<ContainerRuntimeStatus> containers;
};

// pod.status for `pod` given the runtime's view at `now`.
Json ComputePodStatus(const Json& pod, const PodRuntimeStatus& runtime, SystemTime now);

// Upstream getPhase over the API container statuses of `pod`'s spec.
std::string PodPhase(const Json& pod, const Json& init_statuses, const Json& statuses,
                     bool terminal);

// Go's time.Duration.String() for whole milliseconds ("10s", "1m20s", "5m0s",
// "500ms"), as the kubelet prints backoffs.
std::string FormatGoDuration(std::chrono::milliseconds d);

}  // namespace stead::agent
