// The set of resources stead serves (group/version/plural -> ResourceType).
// Immutable after construction; safe to share between threads.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "api/resource.h"

namespace stead::api {

class ResourceRegistry {
 public:
  // Every built-in kind (see src/api/kinds/kinds.h), with Table printers.
  static const ResourceRegistry& Builtin();

  explicit ResourceRegistry(std::vector<ResourceType> types);

  const std::vector<ResourceType>& All() const { return types_; }
  // Lookup by group + plural ("apps", "statefulsets"); version must match if
  // non-empty. nullptr if not served.
  const ResourceType* ByResource(std::string_view group, std::string_view version,
                                 std::string_view plural) const;
  const ResourceType* ByKind(std::string_view group, std::string_view kind) const;
  // Served group versions in discovery order: "v1" first, then named groups.
  std::vector<std::string> GroupVersions() const;

 private:
  std::vector<ResourceType> types_;
};

}  // namespace stead::api
