#include "api/registry.h"

#include "api/kinds/kinds.h"
#include "api/printers/printers.h"

namespace stead::api {

const ResourceRegistry& ResourceRegistry::Builtin() {
  static const ResourceRegistry* registry = [] {
    std::vector<ResourceType> types = kinds::All();
    for (auto& t : types) printers::Install(t);
    return new ResourceRegistry(std::move(types));
  }();
  return *registry;
}

ResourceRegistry::ResourceRegistry(std::vector<ResourceType> types) : types_(std::move(types)) {}

const ResourceType* ResourceRegistry::ByResource(std::string_view group, std::string_view version,
                                                 std::string_view plural) const {
  for (const auto& t : types_) {
    if (t.group == group && t.plural == plural && (version.empty() || t.version == version)) {
      return &t;
    }
  }
  return nullptr;
}

const ResourceType* ResourceRegistry::ByKind(std::string_view group, std::string_view kind) const {
  for (const auto& t : types_) {
    if (t.group == group && t.kind == kind) return &t;
  }
  return nullptr;
}

std::vector<std::string> ResourceRegistry::GroupVersions() const {
  std::vector<std::string> out;
  for (const auto& t : types_) {
    std::string gv = t.GroupVersion();
    bool seen = false;
    for (const auto& o : out) seen = seen || o == gv;
    if (!seen) out.push_back(gv);
  }
  return out;
}

}  // namespace stead::api
