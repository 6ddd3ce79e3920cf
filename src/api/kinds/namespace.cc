// core/v1 Namespace: cluster-scoped, DNS-label names, the
// kubernetes.io/metadata.name label, phase Active on create, the
// "kubernetes" finalizer, spec only changeable through /finalize.
#include "api/kinds/kinds.h"
#include "api/validation/common.h"
#include "api/validation/object_meta.h"

namespace stead::api::kinds {
namespace {

namespace v = validation;

void SetDefaults(Json& ns) {
  std::string name = MetaName(ns);
  if (!name.empty()) Ensure(ns, {"metadata", "labels", "kubernetes.io/metadata.name"}) = name;
  Json& status = Ensure(ns, {"status"});
  if (v::Str(status, "phase").empty()) status["phase"] = "Active";
}

void ValidateCreate(const Json& ns, FieldErrorList& errs) {
  if (const Json* finalizers = Lookup(ns, {"spec", "finalizers"});
      finalizers && finalizers->is_array()) {
    for (const Json& f : *finalizers) {
      v::ValidateFinalizerName(errs, f.is_string() ? f.get<std::string>() : "",
                               FieldPath("spec").Child("finalizers"));
    }
  }
}

void ValidateStatus(const Json& ns, const Json& old, FieldErrorList& errs) {
  std::string phase = GetString(ns, {"status", "phase"});
  FieldPath path = FieldPath("status").Child("Phase");
  if (!MetaDeleting(ns)) {
    if (phase != "Active") {
      errs.push_back(
          v::InvalidString(path, phase, "may only be 'Active' if `deletionTimestamp` is empty"));
    }
  } else if (phase != "Terminating") {
    errs.push_back(v::InvalidString(
        path, phase, "may only be 'Terminating' if `deletionTimestamp` is not empty"));
  }
}

void PrepareCreate(Json& ns) {
  ns["status"] = {{"phase", "Active"}};
  Json& finalizers = Ensure(ns, {"spec", "finalizers"});
  if (!finalizers.is_array()) finalizers = Json::array();
  bool has = false;
  for (const Json& f : finalizers) has = has || f == "kubernetes";
  if (!has) finalizers.push_back("kubernetes");
}

void PrepareUpdate(Json& ns, const Json& old) {
  // The spec (finalizers) only changes through the finalize subresource.
  if (const Json* spec = v::Get(old, "spec")) {
    ns["spec"] = *spec;
  } else {
    ns.erase("spec");
  }
}

}  // namespace

ResourceType Namespace() {
  ResourceType t;
  t.version = "v1";
  t.kind = "Namespace";
  t.plural = "namespaces";
  t.singular = "namespace";
  t.short_names = {"ns"};
  t.namespaced = false;
  t.has_status = true;
  t.name_rule = validation::NameIsDNSLabel;
  t.set_defaults = SetDefaults;
  t.validate_create = ValidateCreate;
  t.validate_status = ValidateStatus;
  t.prepare_create = PrepareCreate;
  t.prepare_update = PrepareUpdate;
  t.field_selectors = {"status.phase"};
  t.field_value = [](const Json& ns, const std::string& field) -> std::optional<std::string> {
    if (field == "status.phase") return GetString(ns, {"status", "phase"});
    return std::nullopt;
  };
  return t;
}

}  // namespace stead::api::kinds
