#include "api/printers/pod.h"

#include <map>
#include <optional>
#include <string>

#include "api/printers/format.h"

namespace stead::api::printers {

namespace {

// Sidecars: init containers with restartPolicy Always keep running and count
// as regular containers.
bool IsRestartable(const Json* init_container) {
  return init_container != nullptr && GetString(*init_container, {"restartPolicy"}) == "Always";
}

void KeepLatest(std::optional<SystemTime>& latest, std::optional<SystemTime> t) {
  if (t && (!latest || *latest < *t)) latest = t;
}

std::optional<SystemTime> LastTerminationTime(const Json& status) {
  if (ObjectAt(status, {"lastState", "terminated"}) == nullptr) return std::nullopt;
  return TimeAt(status, {"lastState", "terminated", "finishedAt"});
}

bool HasCondition(const Json& pod, const std::string& type, const std::string& status) {
  const Json* conditions = ArrayAt(pod, {"status", "conditions"});
  if (conditions == nullptr) return false;
  for (const Json& c : *conditions) {
    if (GetString(c, {"type"}) == type && GetString(c, {"status"}) == status) return true;
  }
  return false;
}

// The first PodInitialized condition decides.
bool IsInitialized(const Json& pod) {
  const Json* conditions = ArrayAt(pod, {"status", "conditions"});
  if (conditions == nullptr) return false;
  for (const Json& c : *conditions) {
    if (GetString(c, {"type"}) == "Initialized") return GetString(c, {"status"}) == "True";
  }
  return false;
}

// "Reason", or "Signal:9" / "ExitCode:1" when the runtime gave no reason.
std::string TerminatedReason(const Json& terminated, const std::string& prefix) {
  std::string reason = GetString(terminated, {"reason"});
  if (!reason.empty()) return prefix + reason;
  int64_t signal = GetInt(terminated, {"signal"});
  if (signal != 0) return prefix + "Signal:" + std::to_string(signal);
  return prefix + "ExitCode:" + std::to_string(GetInt(terminated, {"exitCode"}));
}

std::string ReadinessGates(const Json& pod) {
  const Json* gates = ArrayAt(pod, {"spec", "readinessGates"});
  if (gates == nullptr || gates->empty()) return "<none>";
  const Json* conditions = ArrayAt(pod, {"status", "conditions"});
  int true_conditions = 0;
  for (const Json& gate : *gates) {
    std::string type = GetString(gate, {"conditionType"});
    if (conditions == nullptr) continue;
    for (const Json& c : *conditions) {
      if (GetString(c, {"type"}) != type) continue;
      if (GetString(c, {"status"}) == "True") ++true_conditions;
      break;
    }
  }
  return std::to_string(true_conditions) + "/" + std::to_string(gates->size());
}

std::string OrNone(std::string s) { return s.empty() ? "<none>" : s; }

}  // namespace

std::vector<TableColumn> PodColumns() {
  return {
      NameColumn(),
      {"Ready", "string", "", "The aggregate readiness state of this pod for accepting traffic.",
       0},
      {"Status", "string", "", "The aggregate status of the containers in this pod.", 0},
      {"Restarts", "string", "",
       "The number of times the containers in this pod have been restarted and when the last "
       "container in this pod has restarted.",
       0},
      AgeColumn(),
      {"IP", "string", "", "IP address allocated to the pod, empty if not yet allocated.", 1},
      {"Node", "string", "", "The node the pod is scheduled onto.", 1},
      {"Nominated Node", "string", "",
       "The node the scheduler nominated for this pod when preempting others.", 1},
      {"Readiness Gates", "string", "",
       "Pod conditions that must be true, in addition to container readiness, for the pod to "
       "be ready.",
       1},
  };
}

std::vector<Json> PodCells(const Json& pod, SystemTime now) {
  static const Json kEmpty = Json::array();
  const Json* containers = ArrayAt(pod, {"spec", "containers"});
  const Json* init_specs_json = ArrayAt(pod, {"spec", "initContainers"});
  const Json& init_specs = init_specs_json ? *init_specs_json : kEmpty;
  const Json* init_statuses_json = ArrayAt(pod, {"status", "initContainerStatuses"});
  const Json& init_statuses = init_statuses_json ? *init_statuses_json : kEmpty;
  const Json* statuses_json = ArrayAt(pod, {"status", "containerStatuses"});
  const Json& statuses = statuses_json ? *statuses_json : kEmpty;

  int64_t restarts = 0;
  int64_t restartable_init_restarts = 0;
  size_t total_containers = containers ? containers->size() : 0;
  int64_t ready_containers = 0;
  std::optional<SystemTime> last_restart;
  std::optional<SystemTime> last_restartable_init_restart;

  const std::string phase = GetString(pod, {"status", "phase"});
  std::string reason = phase;
  if (std::string r = GetString(pod, {"status", "reason"}); !r.empty()) reason = r;

  if (const Json* conditions = ArrayAt(pod, {"status", "conditions"})) {
    for (const Json& c : *conditions) {
      if (GetString(c, {"type"}) == "PodScheduled" &&
          GetString(c, {"reason"}) == "SchedulingGated") {
        reason = "SchedulingGated";
      }
    }
  }

  std::map<std::string, const Json*> init_by_name;
  for (const Json& c : init_specs) {
    init_by_name[GetString(c, {"name"})] = &c;
    if (IsRestartable(&c)) ++total_containers;
  }

  bool initializing = false;
  for (size_t i = 0; i < init_statuses.size(); ++i) {
    const Json& container = init_statuses[i];
    int64_t restart_count = GetInt(container, {"restartCount"});
    restarts += restart_count;
    KeepLatest(last_restart, LastTerminationTime(container));
    auto spec = init_by_name.find(GetString(container, {"name"}));
    bool restartable = spec != init_by_name.end() && IsRestartable(spec->second);
    if (restartable) {
      restartable_init_restarts += restart_count;
      KeepLatest(last_restartable_init_restart, LastTerminationTime(container));
    }
    const Json* terminated = ObjectAt(container, {"state", "terminated"});
    const Json* waiting = ObjectAt(container, {"state", "waiting"});
    if (terminated != nullptr && GetInt(*terminated, {"exitCode"}) == 0) continue;
    if (restartable && GetBool(container, {"started"})) {
      if (GetBool(container, {"ready"})) ++ready_containers;
      continue;
    }
    if (terminated != nullptr) {
      reason = TerminatedReason(*terminated, "Init:");
    } else if (std::string w = waiting ? GetString(*waiting, {"reason"}) : "";
               !w.empty() && w != "PodInitializing") {
      reason = "Init:" + w;
    } else {
      reason = "Init:" + std::to_string(i) + "/" + std::to_string(init_specs.size());
    }
    initializing = true;
    break;
  }

  if (!initializing || IsInitialized(pod)) {
    restarts = restartable_init_restarts;
    last_restart = last_restartable_init_restart;
    bool has_running = false;
    for (size_t i = statuses.size(); i-- > 0;) {
      const Json& container = statuses[i];
      restarts += GetInt(container, {"restartCount"});
      KeepLatest(last_restart, LastTerminationTime(container));
      const Json* waiting = ObjectAt(container, {"state", "waiting"});
      const Json* terminated = ObjectAt(container, {"state", "terminated"});
      if (waiting != nullptr && !GetString(*waiting, {"reason"}).empty()) {
        reason = GetString(*waiting, {"reason"});
      } else if (terminated != nullptr) {
        reason = TerminatedReason(*terminated, "");
      } else if (GetBool(container, {"ready"}) &&
                 ObjectAt(container, {"state", "running"}) != nullptr) {
        has_running = true;
        ++ready_containers;
      }
    }
    // A pod whose last container completed but another still runs is not done.
    if (reason == "Completed" && has_running) {
      reason = HasCondition(pod, "Ready", "True") ? "Running" : "NotReady";
    }
  }

  if (MetaDeleting(pod)) {
    if (GetString(pod, {"status", "reason"}) == "NodeLost") {
      reason = "Unknown";
    } else if (phase != "Succeeded" && phase != "Failed") {
      reason = "Terminating";
    }
  }

  std::string restarts_cell = std::to_string(restarts);
  if (restarts != 0 && last_restart) {
    restarts_cell += " (" + TimestampSince(last_restart, now) + " ago)";
  }

  std::string pod_ip;
  if (const Json* ips = ArrayAt(pod, {"status", "podIPs"}); ips != nullptr && !ips->empty()) {
    pod_ip = GetString((*ips)[0], {"ip"});
  }

  return {
      MetaName(pod),
      std::to_string(ready_containers) + "/" + std::to_string(total_containers),
      reason,
      restarts_cell,
      Age(pod, now),
      OrNone(pod_ip),
      OrNone(GetString(pod, {"spec", "nodeName"})),
      OrNone(GetString(pod, {"status", "nominatedNodeName"})),
      ReadinessGates(pod),
  };
}

Json PodRowConditions(const Json& pod) {
  std::string phase = GetString(pod, {"status", "phase"});
  if (phase == "Succeeded") {
    return Json::array({{{"type", "Completed"},
                         {"status", "True"},
                         {"reason", "Succeeded"},
                         {"message", "The pod has completed successfully."}}});
  }
  if (phase == "Failed") {
    return Json::array({{{"type", "Completed"},
                         {"status", "True"},
                         {"reason", "Failed"},
                         {"message", "The pod failed."}}});
  }
  return Json::array();
}

}  // namespace stead::api::printers
