#include "agent/pod_status.h"

#include <algorithm>
#include <map>

namespace stead::agent {

namespace {

const Json kEmptyArray = Json::array();

const Json& Array(const Json& obj, std::initializer_list<std::string_view> path) {
  const Json* v = Lookup(obj, path);
  return v && v->is_array() ? *v : kEmptyArray;
}

bool IsRestartableInit(const Json& container) {
  return GetString(container, {"restartPolicy"}) == "Always";
}

const Json* FindStatus(const Json& statuses, const std::string& name) {
  for (const Json& s : statuses) {
    if (GetString(s, {"name"}) == name) return &s;
  }
  return nullptr;
}

bool Running(const Json& status) { return Has(status, {"state", "running"}); }
bool Terminated(const Json& status) { return Has(status, {"state", "terminated"}); }
bool WaitingAfterTermination(const Json& status) {
  return Has(status, {"state", "waiting"}) && Has(status, {"lastState", "terminated"});
}

// Go's fmt "%s" of a []string: "[a b c]".
std::string GoList(const std::vector<std::string>& names) {
  std::string out = "[";
  for (size_t i = 0; i < names.size(); ++i) {
    if (i) out += " ";
    out += names[i];
  }
  return out + "]";
}

std::string Join(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (const std::string& p : parts) {
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

Json StateJson(const ContainerState& s) {
  switch (s.kind) {
    case ContainerState::Kind::kWaiting: {
      Json w = Json::object();
      if (!s.reason.empty()) w["reason"] = s.reason;
      if (!s.message.empty()) w["message"] = s.message;
      return {{"waiting", std::move(w)}};
    }
    case ContainerState::Kind::kRunning:
      return {{"running", {{"startedAt", FormatTime(s.started_at)}}}};
    case ContainerState::Kind::kTerminated: {
      Json t = {{"exitCode", s.exit_code},
                {"startedAt", FormatTime(s.started_at)},
                {"finishedAt", FormatTime(s.finished_at)}};
      if (!s.reason.empty()) t["reason"] = s.reason;
      if (!s.message.empty()) t["message"] = s.message;
      if (s.signal) t["signal"] = *s.signal;
      if (!s.container_id.empty()) t["containerID"] = s.container_id;
      return {{"terminated", std::move(t)}};
    }
  }
  return Json::object();
}

Json VolumeMountStatuses(const Json& container) {
  Json out = Json::array();
  for (const Json& m : Array(container, {"volumeMounts"})) {
    Json v = {{"name", GetString(m, {"name"})}, {"mountPath", GetString(m, {"mountPath"})}};
    if (GetBool(m, {"readOnly"})) {
      v["readOnly"] = true;
      v["recursiveReadOnly"] =
          GetString(m, {"recursiveReadOnly"}) == "Enabled" ? "Enabled" : "Disabled";
    }
    out.push_back(std::move(v));
  }
  return out;
}

// The API status of one container (convertToAPIContainerStatuses plus the
// prober's started/ready).
Json ContainerStatusJson(const Json& container, const ContainerRuntimeStatus* rt, const Json* old,
                         const char* default_waiting, bool init) {
  std::string name = GetString(container, {"name"});
  Json s;
  if (rt == nullptr) {
    // A terminated container the runtime forgot keeps its last known status.
    if (old != nullptr && Terminated(*old)) return *old;
    s = {{"name", name},
         {"image", GetString(container, {"image"})},
         {"imageID", ""},
         {"ready", false},
         {"restartCount", old ? GetInt(*old, {"restartCount"}) : 0},
         {"started", false},
         {"state", {{"waiting", {{"reason", default_waiting}}}}},
         {"lastState",
          old && Lookup(*old, {"lastState"}) ? *Lookup(*old, {"lastState"}) : Json::object()}};
    return s;
  }
  bool running = rt->state.kind == ContainerState::Kind::kRunning;
  bool ready;
  if (init && !IsRestartableInit(container)) {
    ready = rt->state.kind == ContainerState::Kind::kTerminated && rt->state.exit_code == 0;
  } else {
    ready = running && rt->ready;
  }
  s = {{"name", name},
       {"image", rt->image.empty() ? GetString(container, {"image"}) : rt->image},
       {"imageID", rt->image_id},
       {"ready", ready},
       {"restartCount", rt->restart_count},
       {"started", running && rt->started},
       {"state", StateJson(rt->state)},
       {"lastState", rt->last_state ? StateJson(*rt->last_state) : Json::object()}};
  if (!rt->container_id.empty()) s["containerID"] = rt->container_id;
  Json mounts = VolumeMountStatuses(container);
  if (!mounts.empty()) s["volumeMounts"] = std::move(mounts);
  return s;
}

bool HasAnyRegularContainerStarted(const Json& pod, const Json& statuses) {
  for (const Json& c : Array(pod, {"spec", "containers"})) {
    const Json* s = FindStatus(statuses, GetString(c, {"name"}));
    if (s && (Running(*s) || Terminated(*s) || WaitingAfterTermination(*s))) return true;
  }
  return false;
}

Json Condition(const std::string& type, const std::string& status, const std::string& reason = "",
               const std::string& message = "") {
  Json c = {{"type", type}, {"status", status}};
  if (!reason.empty()) c["reason"] = reason;
  if (!message.empty()) c["message"] = message;
  return c;
}

Json ContainersReadyCondition(const Json& pod, const Json& init_statuses, const Json& statuses,
                              const std::string& phase) {
  std::vector<std::string> unknown, unready;
  for (const Json& c : Array(pod, {"spec", "initContainers"})) {
    if (!IsRestartableInit(c)) continue;
    std::string name = GetString(c, {"name"});
    const Json* s = FindStatus(init_statuses, name);
    if (s == nullptr) {
      unknown.push_back(name);
    } else if (!GetBool(*s, {"ready"})) {
      unready.push_back(name);
    }
  }
  for (const Json& c : Array(pod, {"spec", "containers"})) {
    std::string name = GetString(c, {"name"});
    const Json* s = FindStatus(statuses, name);
    if (s == nullptr) {
      unknown.push_back(name);
    } else if (!GetBool(*s, {"ready"})) {
      unready.push_back(name);
    }
  }
  if (phase == "Succeeded" && unknown.empty()) {
    return Condition("ContainersReady", "False", "PodCompleted");
  }
  if (phase == "Failed") return Condition("ContainersReady", "False", "PodFailed");
  std::vector<std::string> messages;
  if (!unknown.empty()) messages.push_back("containers with unknown status: " + GoList(unknown));
  if (!unready.empty()) messages.push_back("containers with unready status: " + GoList(unready));
  if (!messages.empty()) {
    return Condition("ContainersReady", "False", "ContainersNotReady", Join(messages, ", "));
  }
  return Condition("ContainersReady", "True");
}

Json ReadyCondition(const Json& pod, const Json& conditions, const Json& containers_ready) {
  if (GetString(containers_ready, {"status"}) != "True") {
    Json c = containers_ready;
    c["type"] = "Ready";
    return c;
  }
  std::vector<std::string> messages;
  for (const Json& gate : Array(pod, {"spec", "readinessGates"})) {
    std::string type = GetString(gate, {"conditionType"});
    const Json* found = nullptr;
    for (const Json& c : conditions) {
      if (GetString(c, {"type"}) == type) found = &c;
    }
    if (found == nullptr) {
      messages.push_back("corresponding condition of pod readiness gate \"" + type +
                         "\" does not exist.");
    } else if (GetString(*found, {"status"}) != "True") {
      messages.push_back("the status of pod readiness gate \"" + type + "\" is not \"True\", but " +
                         GetString(*found, {"status"}));
    }
  }
  if (!messages.empty()) {
    return Condition("Ready", "False", "ReadinessGatesNotReady", Join(messages, ", "));
  }
  return Condition("Ready", "True");
}

Json InitializedCondition(const Json& pod, const Json& init_statuses, const Json& statuses,
                          const std::string& phase) {
  std::vector<std::string> unknown, incomplete;
  for (const Json& c : Array(pod, {"spec", "initContainers"})) {
    std::string name = GetString(c, {"name"});
    const Json* s = FindStatus(init_statuses, name);
    if (s == nullptr) {
      unknown.push_back(name);
      continue;
    }
    bool initialized = IsRestartableInit(c) ? GetBool(*s, {"started"}) : GetBool(*s, {"ready"});
    if (!initialized) incomplete.push_back(name);
  }
  if (phase == "Succeeded" && unknown.empty()) {
    return Condition("Initialized", "True", "PodCompleted");
  }
  if (HasAnyRegularContainerStarted(pod, statuses)) return Condition("Initialized", "True");
  std::vector<std::string> messages;
  if (!unknown.empty()) messages.push_back("containers with unknown status: " + GoList(unknown));
  if (!incomplete.empty()) {
    messages.push_back("containers with incomplete status: " + GoList(incomplete));
  }
  if (!messages.empty()) {
    return Condition("Initialized", "False", "ContainersNotInitialized", Join(messages, ", "));
  }
  return Condition("Initialized", "True");
}

bool KubeletOwnedCondition(const std::string& type) {
  return type == "PodScheduled" || type == "Ready" || type == "Initialized" ||
         type == "ContainersReady" || type == "PodReadyToStartContainers";
}

bool TerminalPhase(const std::string& phase) { return phase == "Succeeded" || phase == "Failed"; }

}  // namespace

std::string PodPhase(const Json& pod, const Json& init_statuses, const Json& statuses,
                     bool terminal) {
  int pending_regular_init = 0, pending_restartable_init = 0, failed_init = 0;
  for (const Json& c : Array(pod, {"spec", "initContainers"})) {
    if (IsRestartableInit(c)) continue;
    const Json* s = FindStatus(init_statuses, GetString(c, {"name"}));
    if (s == nullptr || Running(*s)) {
      ++pending_regular_init;
    } else if (Terminated(*s)) {
      if (GetInt(*s, {"state", "terminated", "exitCode"}) != 0) ++failed_init;
    } else if (Has(*s, {"state", "waiting"})) {
      if (Has(*s, {"lastState", "terminated"})) {
        if (GetInt(*s, {"lastState", "terminated", "exitCode"}) != 0) ++failed_init;
      } else {
        ++pending_regular_init;
      }
    } else {
      ++pending_regular_init;
    }
  }
  int unknown = 0, running = 0, waiting = 0, stopped = 0, succeeded = 0;
  for (const Json& c : Array(pod, {"spec", "initContainers"})) {
    if (!IsRestartableInit(c)) continue;
    const Json* s = FindStatus(init_statuses, GetString(c, {"name"}));
    if (s == nullptr) {
      ++unknown;
    } else if (Running(*s)) {
      if (!GetBool(*s, {"started"})) ++pending_restartable_init;
      ++running;
    } else if (Terminated(*s)) {
      // Stopped sidecars do not count.
    } else if (Has(*s, {"state", "waiting"})) {
      if (!Has(*s, {"lastState", "terminated"})) {
        ++pending_restartable_init;
        ++waiting;
      }
    } else {
      ++pending_restartable_init;
      ++unknown;
    }
  }
  for (const Json& c : Array(pod, {"spec", "containers"})) {
    const Json* s = FindStatus(statuses, GetString(c, {"name"}));
    if (s == nullptr) {
      ++unknown;
    } else if (Running(*s)) {
      ++running;
    } else if (Terminated(*s)) {
      ++stopped;
      if (GetInt(*s, {"state", "terminated", "exitCode"}) == 0) ++succeeded;
    } else if (Has(*s, {"state", "waiting"})) {
      if (Has(*s, {"lastState", "terminated"})) {
        ++stopped;
      } else {
        ++waiting;
      }
    } else {
      ++unknown;
    }
  }
  std::string restart_policy = GetString(pod, {"spec", "restartPolicy"}, "Always");
  if (failed_init > 0 && restart_policy == "Never") return "Failed";
  if (pending_regular_init > 0 ||
      (pending_restartable_init > 0 && !HasAnyRegularContainerStarted(pod, statuses)) ||
      waiting > 0) {
    return "Pending";
  }
  if (running > 0 && unknown == 0) return "Running";
  if (running == 0 && stopped > 0 && unknown == 0) {
    if (terminal) return stopped == succeeded ? "Succeeded" : "Failed";
    if (restart_policy == "Always") return "Running";
    if (stopped == succeeded) return "Succeeded";
    if (restart_policy == "Never") return "Failed";
    return "Running";
  }
  return "Pending";
}

Json ComputePodStatus(const Json& pod, const PodRuntimeStatus& runtime, SystemTime now) {
  const Json* current = Lookup(pod, {"status"});
  Json old = current && current->is_object() ? *current : Json::object();
  Json status = old;

  auto runtime_of = [&](const std::string& name) -> const ContainerRuntimeStatus* {
    for (const ContainerRuntimeStatus& c : runtime.containers) {
      if (c.name == name) return &c;
    }
    return nullptr;
  };
  const Json& init_specs = Array(pod, {"spec", "initContainers"});
  const char* default_waiting = init_specs.empty() ? "ContainerCreating" : "PodInitializing";

  Json init_statuses = Json::array();
  const Json& old_init = Array(old, {"initContainerStatuses"});
  for (const Json& c : init_specs) {
    std::string name = GetString(c, {"name"});
    init_statuses.push_back(ContainerStatusJson(c, runtime_of(name), FindStatus(old_init, name),
                                                default_waiting, true));
  }
  Json statuses = Json::array();
  const Json& old_regular = Array(old, {"containerStatuses"});
  for (const Json& c : Array(pod, {"spec", "containers"})) {
    std::string name = GetString(c, {"name"});
    statuses.push_back(ContainerStatusJson(c, runtime_of(name), FindStatus(old_regular, name),
                                           default_waiting, false));
  }
  std::sort(statuses.begin(), statuses.end(), [](const Json& a, const Json& b) {
    return GetString(a, {"name"}) < GetString(b, {"name"});
  });

  std::string phase = PodPhase(pod, init_statuses, statuses, runtime.terminal);
  // A pod never leaves a terminal phase.
  std::string old_phase = GetString(old, {"phase"});
  if (TerminalPhase(old_phase) && !TerminalPhase(phase)) phase = old_phase;
  status["phase"] = phase;

  if (!runtime.host_ip.empty()) {
    status["hostIP"] = runtime.host_ip;
    status["hostIPs"] = Json::array({{{"ip", runtime.host_ip}}});
  }
  if (!runtime.pod_ip.empty()) {
    status["podIP"] = runtime.pod_ip;
    status["podIPs"] = Json::array({{{"ip", runtime.pod_ip}}});
  }
  if (!Has(old, {"startTime"}) && runtime.start_time) {
    status["startTime"] = FormatTime(*runtime.start_time);
  }
  if (init_specs.empty()) {
    status.erase("initContainerStatuses");
  } else {
    status["initContainerStatuses"] = init_statuses;
  }
  status["containerStatuses"] = statuses;

  Json conditions = Json::array();
  for (const Json& c : Array(old, {"conditions"})) {
    if (!KubeletOwnedCondition(GetString(c, {"type"}))) conditions.push_back(c);
  }
  conditions.push_back(
      Condition("PodReadyToStartContainers", runtime.sandbox_ready ? "True" : "False"));
  conditions.push_back(InitializedCondition(pod, init_statuses, statuses, phase));
  Json containers_ready = ContainersReadyCondition(pod, init_statuses, statuses, phase);
  conditions.push_back(ReadyCondition(pod, conditions, containers_ready));
  conditions.push_back(containers_ready);
  conditions.push_back(Condition("PodScheduled", "True"));
  const Json& old_conditions = Array(old, {"conditions"});
  for (Json& c : conditions) {
    std::string type = GetString(c, {"type"});
    if (!KubeletOwnedCondition(type)) continue;
    const Json* prev = nullptr;
    for (const Json& o : old_conditions) {
      if (GetString(o, {"type"}) == type) prev = &o;
    }
    c["lastProbeTime"] = nullptr;
    if (prev && GetString(*prev, {"status"}) == GetString(c, {"status"}) &&
        Has(*prev, {"lastTransitionTime"})) {
      c["lastTransitionTime"] = (*prev)["lastTransitionTime"];
    } else {
      c["lastTransitionTime"] = FormatTime(now);
    }
  }
  status["conditions"] = std::move(conditions);
  return status;
}

std::string FormatGoDuration(std::chrono::milliseconds d) {
  int64_t ms = d.count();
  if (ms == 0) return "0s";
  std::string sign = ms < 0 ? "-" : "";
  if (ms < 0) ms = -ms;
  if (ms < 1000) return sign + std::to_string(ms) + "ms";
  int64_t h = ms / 3600000;
  int64_t m = (ms / 60000) % 60;
  int64_t s = (ms / 1000) % 60;
  int64_t frac = ms % 1000;
  std::string seconds = std::to_string(s);
  if (frac) {
    char buf[8];
    std::snprintf(buf, sizeof(buf), ".%03lld", static_cast<long long>(frac));
    std::string f = buf;
    while (f.back() == '0') f.pop_back();
    seconds += f;
  }
  std::string out = sign;
  if (h) out += std::to_string(h) + "h";
  if (h || m) out += std::to_string(m) + "m";
  return out + seconds + "s";
}

}  // namespace stead::agent
