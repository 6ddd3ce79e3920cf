#include "controllers/framework/pod_template_hash.h"

#include "controllers/framework/go_spew.h"
#include "core/names.h"

namespace stead::controllers {

std::string ComputePodTemplateHash(const Json& pod_template,
                                   std::optional<int32_t> collision_count) {
  const auto* type = api::schema::Registry::Builtin().Find("io.k8s.api.core.v1.PodTemplateSpec");
  std::string bytes = GoSpewDump(pod_template, *type);
  if (collision_count) {
    uint32_t c = static_cast<uint32_t>(*collision_count);
    char le[8] = {static_cast<char>(c & 0xff),
                  static_cast<char>((c >> 8) & 0xff),
                  static_cast<char>((c >> 16) & 0xff),
                  static_cast<char>((c >> 24) & 0xff),
                  0,
                  0,
                  0,
                  0};
    bytes.append(le, sizeof(le));
  }
  return SafeEncodeString(std::to_string(Fnv1aHash32(bytes)));
}

}  // namespace stead::controllers
