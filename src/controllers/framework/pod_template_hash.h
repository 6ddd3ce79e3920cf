// The pod-template-hash of a Deployment's ReplicaSets
// (controller.ComputeHash upstream): FNV-1a 32 over the Go dump of the
// v1.PodTemplateSpec (go_spew.h), followed — when the Deployment has a
// status.collisionCount — by that count as 8 little-endian bytes (a uint32
// in the first four), printed in decimal and safe-encoded
// (rand.SafeEncodeString), e.g. "66d4cb8c9c".
//
// Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/json.h"

namespace stead::controllers {

std::string ComputePodTemplateHash(const Json& pod_template,
                                   std::optional<int32_t> collision_count);

}  // namespace stead::controllers
