#include "controllers/endpointslice/trigger_time_tracker.h"

#include <cstdio>

namespace stead::controllers::endpointslice {
namespace {

std::optional<SystemTime> TimeAt(const Json& obj, std::initializer_list<std::string_view> path) {
  SystemTime t;
  std::string s = GetString(obj, path);
  if (s.empty() || !ParseTime(s, &t)) return std::nullopt;
  return t;
}

std::optional<SystemTime> PodTriggerTime(const Json& pod) {
  const Json* conditions = Lookup(pod, {"status", "conditions"});
  if (conditions == nullptr || !conditions->is_array()) return std::nullopt;
  for (const Json& c : *conditions) {
    if (GetString(c, {"type"}) == "Ready") return TimeAt(c, {"lastTransitionTime"});
  }
  return std::nullopt;
}

void Min(std::optional<SystemTime>& current, SystemTime t) {
  if (!current || t < *current) current = t;
}

}  // namespace

std::optional<SystemTime> TriggerTimeTracker::ComputeEndpointLastChangeTriggerTime(
    const Json& service, const std::vector<const Json*>& pods) {
  std::string key = MetaNamespace(service) + "/" + MetaName(service);
  ServiceState state;
  bool known = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = states_.find(key);
    if (it != states_.end()) {
      state = it->second;
      known = true;
    }
  }
  std::optional<SystemTime> min_changed;
  std::map<std::string, SystemTime> pod_triggers;
  for (const Json* pod : pods) {
    std::optional<SystemTime> t = PodTriggerTime(*pod);
    if (!t) continue;
    std::string name = MetaName(*pod);
    pod_triggers[name] = *t;
    auto last = state.last_pod_triggers.find(name);
    if (last == state.last_pod_triggers.end() || *t > last->second) Min(min_changed, *t);
  }
  std::optional<SystemTime> service_trigger = TimeAt(service, {"metadata", "creationTimestamp"});
  if (service_trigger &&
      (!state.last_service_trigger || *service_trigger > *state.last_service_trigger)) {
    Min(min_changed, *service_trigger);
  }
  state.last_pod_triggers = std::move(pod_triggers);
  state.last_service_trigger = service_trigger;
  {
    std::lock_guard<std::mutex> lock(mu_);
    states_[key] = std::move(state);
  }
  if (!known) return service_trigger;
  return min_changed;
}

void TriggerTimeTracker::DeleteService(const std::string& ns, const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  states_.erase(ns + "/" + name);
}

std::string FormatRFC3339Nano(SystemTime t) {
  auto since = t.time_since_epoch();
  auto secs = std::chrono::floor<std::chrono::seconds>(since);
  int64_t nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(since - secs).count();
  std::string base = FormatTime(SystemTime(std::chrono::duration_cast<SystemTime::duration>(secs)));
  if (nanos == 0) return base;
  char frac[16];
  std::snprintf(frac, sizeof(frac), ".%09lld", static_cast<long long>(nanos));
  std::string f(frac);
  while (f.back() == '0') f.pop_back();
  // FormatTime ends in "Z": insert the fraction before it.
  return base.substr(0, base.size() - 1) + f + "Z";
}

}  // namespace stead::controllers::endpointslice
