// Storage keys of API objects:
//   namespaced:     /registry/<resource>[.<group>]/<namespace>/<name>
//   cluster-scoped: /registry/<resource>[.<group>]/<name>
#pragma once

#include <string>

#include "api/resource.h"

namespace stead::apiserver {

std::string ObjectKey(const api::ResourceType& type, const std::string& ns,
                      const std::string& name);
// Prefix of every object of the type in a namespace ("" = all namespaces).
std::string ListPrefix(const api::ResourceType& type, const std::string& ns);

}  // namespace stead::apiserver
