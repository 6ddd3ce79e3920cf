#include "controllers/framework/pod_template.h"

#include "api/kinds/defaults.h"
#include "api/schema/decode.h"
#include "api/schema/schema.h"
#include "core/validation.h"

namespace stead::controllers {
namespace {

void PruneNulls(Json& v) {
  if (v.is_object()) {
    for (auto it = v.begin(); it != v.end();) {
      if (it->is_null()) {
        it = v.erase(it);
      } else {
        PruneNulls(*it);
        ++it;
      }
    }
  } else if (v.is_array()) {
    for (Json& item : v) PruneNulls(item);
  }
}

// The template as today's API server would store it.
Json Canonical(const Json& pod_template) {
  const auto* type = api::schema::Registry::Builtin().Find("io.k8s.api.core.v1.PodTemplateSpec");
  Json out = pod_template;
  if (type != nullptr) {
    auto decoded = api::schema::DecodeValue(pod_template, *type,
                                            api::schema::FieldValidation::kIgnore, nullptr);
    if (decoded.ok()) out = std::move(decoded).value();
  }
  api::kinds::SetPodTemplateDefaults(out);
  PruneNulls(out);
  return out;
}

}  // namespace

bool PodTemplatesEquivalent(const Json& a, const Json& b) { return Canonical(a) == Canonical(b); }

std::string PodsPrefix(std::string_view controller_name) {
  std::string prefix = std::string(controller_name) + "-";
  // ValidatePodName(prefix, true) masks the trailing dash with an "a".
  std::string masked = std::string(controller_name) + "a";
  if (!IsDNS1123Subdomain(masked).empty()) return std::string(controller_name);
  return prefix;
}

Json PodFromTemplate(const Json& pod_template, std::string_view controller_name,
                     const Json& controller_ref) {
  Json pod = {{"apiVersion", "v1"}, {"kind", "Pod"}};
  Json meta = Json::object();
  for (const char* key : {"labels", "annotations"}) {
    const Json* m = Lookup(pod_template, {"metadata", key});
    if (m && m->is_object() && !m->empty()) meta[key] = *m;
  }
  if (const Json* f = Lookup(pod_template, {"metadata", "finalizers"});
      f && f->is_array() && !f->empty()) {
    meta["finalizers"] = *f;
  }
  meta["generateName"] = PodsPrefix(controller_name);
  meta["ownerReferences"] = Json::array({controller_ref});
  pod["metadata"] = std::move(meta);
  const Json* spec = Lookup(pod_template, {"spec"});
  pod["spec"] = spec && spec->is_object() ? *spec : Json::object();
  return pod;
}

}  // namespace stead::controllers
