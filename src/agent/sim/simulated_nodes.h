// Simulated nodes: a fleet of kubelets without containers, for running
// workloads at scale and in tests without a container runtime. `stead
// server --simulated-nodes N` runs one of these.
//
// Each node registers a Node (kubelet labels plus type=simulated,
// configurable capacity, Ready with the kubelet's conditions, nodeInfo with
// kubeletVersion v1.32.4-stead and containerRuntimeVersion stead-sim://1),
// renews its kube-node-lease Lease every 10s and re-reports its status every
// 5 minutes (as a kubelet with node leases does). Layout, for node i
// (0-based): name "sim-node-<i>", InternalIP 10.240.0.0 + (i+1) (so
// sim-node-0 is 10.240.0.1), spec.podCIDR 10.244.<i+1>.0/24 (10.244.0.0/24
// is left to the real local node); at most 255 nodes.
//
// Every pod bound to one of the nodes is run by a SimPod (sim_pod.h,
// behaviour steered by annotations, see behavior.h): it gets a unique IP from
// its node's /24 (host-local style: .1 is the gateway; released when the pod
// finishes or is deleted), its claims must be Bound before its containers
// are created, and its status is written through pods/status only when it
// changed (one write per visible transition, coalesced per pod by the work
// queue). A pod being deleted is stopped within its grace period, its final
// status written, and then deleted with gracePeriodSeconds=0.
//
// All timers run on the context's Clock (work queue AddAfter), so tests drive
// the fleet with a FakeClock. Thread-safe.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>

#include "controllers/context.h"
#include "core/status.h"

namespace stead::agent::sim {

struct SimulatedNodesOptions {
  int count = 0;
  std::string name_prefix = "sim-node-";
  // Node capacity (= allocatable), as quantities.
  std::string cpu = "8";
  std::string memory = "32Gi";
  std::string pods = "110";
  std::string ephemeral_storage = "100Gi";
  // Labels added to every node, besides the kubelet's and type=simulated.
  std::map<std::string, std::string> labels;
  // Time to create a container (--sim-start-delay); per pod:
  // sim.stead.dev/start-delay.
  std::chrono::milliseconds start_delay{500};
  // Time containers take to stop after a deletion request
  // (--sim-stop-delay); per pod: sim.stead.dev/terminate-delay. Real
  // containers take a moment too, and clients that delete and then watch for
  // the deletion (kubectl delete) rely on it.
  std::chrono::milliseconds stop_delay{200};
  std::chrono::milliseconds lease_renew_interval{10000};
  std::chrono::milliseconds status_report_interval{std::chrono::minutes(5)};
  // Pods reconciled concurrently (status writes in flight).
  int pod_workers = 16;
  std::string kubelet_version = "v1.32.4-stead";
};

// Checks counts and quantities (for flag parsing): InvalidArgument-style 400.
Status ValidateSimulatedNodesOptions(const SimulatedNodesOptions& options);

// The fleet; Start() registers the nodes. Options must be valid.
std::unique_ptr<controllers::RunnableController> NewSimulatedNodes(
    const controllers::ControllerContext& context, SimulatedNodesOptions options);

}  // namespace stead::agent::sim
