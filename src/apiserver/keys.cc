#include "apiserver/keys.h"

namespace stead::apiserver {

namespace {
std::string TypePrefix(const api::ResourceType& type) {
  return "/registry/" + type.GroupResource() + "/";
}
}  // namespace

std::string ObjectKey(const api::ResourceType& type, const std::string& ns,
                      const std::string& name) {
  if (!type.namespaced) return TypePrefix(type) + name;
  return TypePrefix(type) + ns + "/" + name;
}

std::string ListPrefix(const api::ResourceType& type, const std::string& ns) {
  if (!type.namespaced || ns.empty()) return TypePrefix(type);
  return TypePrefix(type) + ns + "/";
}

}  // namespace stead::apiserver
