// Resource accounting for scheduling: what a pod requests and what a node
// offers, as integers in the units upstream's scheduler uses (millicores for
// cpu, bytes for memory and ephemeral-storage, counts for pods and for
// extended resources such as example.com/gpu or hugepages-2Mi).
//
// PodRequests follows upstream's resource helper (k8s.io/component-helpers
// resource.PodRequests): the regular containers' requests are summed, each
// init container needs its own request plus the restartable (sidecar) init
// containers started before it, the pod needs the larger of the two, and the
// pod overhead is added on top. Value types; functions are pure.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "core/json.h"

namespace stead::scheduler {

struct Resources {
  int64_t milli_cpu = 0;
  int64_t memory = 0;
  int64_t ephemeral_storage = 0;
  int64_t pods = 0;
  // Extended resources, hugepages and attachable volumes, by name.
  std::map<std::string, int64_t> scalar;

  void Add(const Resources& other);
  void Sub(const Resources& other);
  // Per resource, the larger of this and `other`.
  void SetMax(const Resources& other);
  bool IsZero() const;
  bool operator==(const Resources& other) const = default;
};

// A core/v1 ResourceList ({"cpu": "500m", "memory": "1Gi", ...}); unknown
// native names are ignored, unparsable quantities count as zero.
Resources ResourcesFromList(const Json* list);

// status.allocatable of a node (status.capacity when allocatable is absent).
Resources NodeAllocatable(const Json& node);

// What the scheduler reserves for a pod on its node.
Resources PodRequests(const Json& pod);

// PodRequests where a container that does not request cpu or memory counts
// as requesting 100m cpu and 200Mi memory: used only for scoring, so that
// pods without requests are still spread (upstream's non-zero requests).
Resources PodNonZeroRequests(const Json& pod);

inline constexpr int64_t kDefaultMilliCpuRequest = 100;
inline constexpr int64_t kDefaultMemoryRequest = 200 * 1024 * 1024;

}  // namespace stead::scheduler
