#include "scheduler/fit.h"

#include <algorithm>

namespace stead::scheduler {

std::string InsufficientResource::Reason() const {
  return name == "pods" ? "Too many pods" : "Insufficient " + name;
}

std::vector<InsufficientResource> InsufficientResources(const Resources& want,
                                                        const NodeInfo& node) {
  std::vector<InsufficientResource> out;
  const Resources& alloc = node.allocatable;
  const Resources& used = node.requested;
  if (node.pod_count + 1 > alloc.pods) out.push_back({"pods", 1, node.pod_count, alloc.pods});
  if (want.milli_cpu == 0 && want.memory == 0 && want.ephemeral_storage == 0 &&
      std::all_of(want.scalar.begin(), want.scalar.end(),
                  [](const auto& kv) { return kv.second == 0; })) {
    return out;
  }
  auto check = [&](const std::string& name, int64_t requested, int64_t in_use, int64_t capacity) {
    if (requested > 0 && requested > capacity - in_use)
      out.push_back({name, requested, in_use, capacity});
  };
  check("cpu", want.milli_cpu, used.milli_cpu, alloc.milli_cpu);
  check("memory", want.memory, used.memory, alloc.memory);
  check("ephemeral-storage", want.ephemeral_storage, used.ephemeral_storage,
        alloc.ephemeral_storage);
  for (const auto& [name, quantity] : want.scalar) {
    auto a = alloc.scalar.find(name);
    auto u = used.scalar.find(name);
    check(name, quantity, u == used.scalar.end() ? 0 : u->second,
          a == alloc.scalar.end() ? 0 : a->second);
  }
  return out;
}

bool PortsConflict(const std::multiset<HostPort>& used, const HostPort& want) {
  for (const HostPort& u : used) {
    if (u.port != want.port || u.protocol != want.protocol) continue;
    if (want.ip == "0.0.0.0" || u.ip == "0.0.0.0" || u.ip == want.ip) return true;
  }
  return false;
}

bool HostPortsFit(const std::vector<HostPort>& want, const NodeInfo& node) {
  return std::none_of(want.begin(), want.end(),
                      [&](const HostPort& hp) { return PortsConflict(node.used_ports, hp); });
}

}  // namespace stead::scheduler
