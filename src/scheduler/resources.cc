#include "scheduler/resources.h"

#include <algorithm>
#include <string_view>

#include "core/quantity.h"

namespace stead::scheduler {

namespace {

// Upstream's IsScalarResourceName: extended (domain-prefixed), prefixed
// native (kubernetes.io/...), hugepages-* and attachable-volumes-*.
bool IsScalarResourceName(std::string_view name) {
  return name.find('/') != std::string_view::npos || name.rfind("hugepages-", 0) == 0 ||
         name.rfind("attachable-volumes-", 0) == 0;
}

int64_t QuantityValue(const Json& value, bool milli) {
  auto q = Quantity::FromJson(value);
  if (!q.ok()) return 0;
  return milli ? q->MilliValue() : q->Value();
}

bool IsRestartableInitContainer(const Json& container) {
  return GetString(container, {"restartPolicy"}) == "Always";
}

// A container's requests; with `non_zero`, missing cpu/memory requests take
// the scheduler's defaults.
Resources ContainerRequests(const Json& container, bool non_zero) {
  const Json* requests = Lookup(container, {"resources", "requests"});
  Resources r = ResourcesFromList(requests);
  if (non_zero) {
    bool has_cpu = requests && requests->is_object() && requests->contains("cpu");
    bool has_memory = requests && requests->is_object() && requests->contains("memory");
    if (!has_cpu) r.milli_cpu = kDefaultMilliCpuRequest;
    if (!has_memory) r.memory = kDefaultMemoryRequest;
  }
  return r;
}

Resources AggregateRequests(const Json& pod, bool non_zero) {
  Resources total;
  if (const Json* containers = Lookup(pod, {"spec", "containers"});
      containers && containers->is_array()) {
    for (const Json& c : *containers) total.Add(ContainerRequests(c, non_zero));
  }
  // While init container i runs, the restartable init containers before it
  // keep running too.
  Resources restartable;
  Resources init_max;
  if (const Json* inits = Lookup(pod, {"spec", "initContainers"}); inits && inits->is_array()) {
    for (const Json& c : *inits) {
      Resources req = ContainerRequests(c, non_zero);
      if (IsRestartableInitContainer(c)) {
        total.Add(req);
        restartable.Add(req);
        init_max.SetMax(restartable);
      } else {
        req.Add(restartable);
        init_max.SetMax(req);
      }
    }
  }
  total.SetMax(init_max);
  total.Add(ResourcesFromList(Lookup(pod, {"spec", "overhead"})));
  return total;
}

}  // namespace

void Resources::Add(const Resources& other) {
  milli_cpu += other.milli_cpu;
  memory += other.memory;
  ephemeral_storage += other.ephemeral_storage;
  pods += other.pods;
  for (const auto& [name, value] : other.scalar) scalar[name] += value;
}

void Resources::Sub(const Resources& other) {
  milli_cpu -= other.milli_cpu;
  memory -= other.memory;
  ephemeral_storage -= other.ephemeral_storage;
  pods -= other.pods;
  for (const auto& [name, value] : other.scalar) {
    auto it = scalar.find(name);
    if (it == scalar.end()) continue;
    it->second -= value;
    if (it->second == 0) scalar.erase(it);
  }
}

void Resources::SetMax(const Resources& other) {
  milli_cpu = std::max(milli_cpu, other.milli_cpu);
  memory = std::max(memory, other.memory);
  ephemeral_storage = std::max(ephemeral_storage, other.ephemeral_storage);
  pods = std::max(pods, other.pods);
  for (const auto& [name, value] : other.scalar) {
    int64_t& mine = scalar[name];
    mine = std::max(mine, value);
  }
}

bool Resources::IsZero() const {
  if (milli_cpu != 0 || memory != 0 || ephemeral_storage != 0 || pods != 0) return false;
  return std::all_of(scalar.begin(), scalar.end(), [](const auto& kv) { return kv.second == 0; });
}

Resources ResourcesFromList(const Json* list) {
  Resources r;
  if (list == nullptr || !list->is_object()) return r;
  for (const auto& [name, value] : list->items()) {
    if (name == "cpu") {
      r.milli_cpu = QuantityValue(value, true);
    } else if (name == "memory") {
      r.memory = QuantityValue(value, false);
    } else if (name == "ephemeral-storage") {
      r.ephemeral_storage = QuantityValue(value, false);
    } else if (name == "pods") {
      r.pods = QuantityValue(value, false);
    } else if (IsScalarResourceName(name)) {
      r.scalar[name] = QuantityValue(value, false);
    }
  }
  return r;
}

Resources NodeAllocatable(const Json& node) {
  const Json* allocatable = Lookup(node, {"status", "allocatable"});
  if (allocatable == nullptr || !allocatable->is_object()) {
    allocatable = Lookup(node, {"status", "capacity"});
  }
  return ResourcesFromList(allocatable);
}

Resources PodRequests(const Json& pod) { return AggregateRequests(pod, false); }

Resources PodNonZeroRequests(const Json& pod) { return AggregateRequests(pod, true); }

}  // namespace stead::scheduler
