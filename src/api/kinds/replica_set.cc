// apps/v1 ReplicaSet: SetDefaults_ReplicaSet, ValidateReplicaSetSpec/Status,
// immutable selector, and the status.replicas field selector.
#include "api/kinds/defaults.h"
#include "api/kinds/kinds.h"
#include "api/validation/common.h"
#include "api/validation/label_selector.h"
#include "api/validation/workload.h"

namespace stead::api::kinds {
namespace {

namespace v = validation;

const Json& SpecOf(const Json& obj) {
  static const Json kEmpty = Json::object();
  const Json* spec = v::Get(obj, "spec");
  return spec ? *spec : kEmpty;
}

void SetDefaults(Json& obj) {
  Json& spec = Ensure(obj, {"spec"});
  if (v::Get(spec, "replicas") == nullptr) spec["replicas"] = 1;
  if (Json* tmpl = LookupMutable(spec, {"template"})) SetPodTemplateDefaults(*tmpl);
}

void ValidateSpec(FieldErrorList& errs, const Json& spec) {
  FieldPath path("spec");
  v::ValidateNonnegativeField(errs, v::Int(spec, "replicas"), path.Child("replicas"));
  v::ValidateNonnegativeField(errs, v::Int(spec, "minReadySeconds"), path.Child("minReadySeconds"));
  // Upstream's ReplicaSet message says "deployment" too.
  v::ValidateWorkloadSelector(errs, spec, "deployment", path);
  const Json* selector = v::Get(spec, "selector");
  if (!v::SelectorConvertible(selector)) {
    errs.push_back(FieldError::InvalidRaw(path.Child("selector"), v::GoSelectorOrNull(selector),
                                          "invalid label selector"));
  } else {
    v::ValidatePodTemplateSpecForReplicaSet(errs, v::Get(spec, "template"), selector, "ReplicaSet",
                                            path.Child("template"), {});
  }
}

void ValidateCreate(const Json& obj, FieldErrorList& errs) { ValidateSpec(errs, SpecOf(obj)); }

void ValidateUpdate(const Json& obj, const Json& old, FieldErrorList& errs) {
  ValidateSpec(errs, SpecOf(obj));
  const Json* selector = v::Get(SpecOf(obj), "selector");
  v::ValidateImmutableField(errs, selector, v::Get(SpecOf(old), "selector"),
                            FieldPath("spec").Child("selector"), v::GoSelectorOrNull(selector));
}

void ValidateStatus(const Json& obj, const Json& old, FieldErrorList& errs) {
  FieldPath path("status");
  const Json* sp = v::Get(obj, "status");
  const Json empty = Json::object();
  const Json& status = sp ? *sp : empty;
  for (const char* f : {"replicas", "fullyLabeledReplicas", "readyReplicas", "availableReplicas",
                        "observedGeneration"}) {
    v::ValidateNonnegativeField(errs, v::Int(status, f), path.Child(f));
  }
  int64_t replicas = v::Int(status, "replicas");
  for (const char* f : {"fullyLabeledReplicas", "readyReplicas", "availableReplicas"}) {
    if (v::Int(status, f) > replicas) {
      errs.push_back(FieldError::Invalid(path.Child(f), v::Int(status, f),
                                         "cannot be greater than status.replicas"));
    }
  }
  if (v::Int(status, "availableReplicas") > v::Int(status, "readyReplicas")) {
    errs.push_back(FieldError::Invalid(path.Child("availableReplicas"),
                                       v::Int(status, "availableReplicas"),
                                       "cannot be greater than readyReplicas"));
  }
}

void Prepare(Json& obj) {
  if (Json* spec = LookupMutable(obj, {"spec", "template", "spec"}))
    DropDisabledPodSpecFields(*spec);
}

}  // namespace

ResourceType ReplicaSet() {
  ResourceType t;
  t.group = "apps";
  t.version = "v1";
  t.kind = "ReplicaSet";
  t.plural = "replicasets";
  t.singular = "replicaset";
  t.short_names = {"rs"};
  t.categories = {"all"};
  t.namespaced = true;
  t.has_status = true;
  t.has_scale = true;
  t.tracks_generation = true;
  t.set_defaults = SetDefaults;
  t.validate_create = ValidateCreate;
  t.validate_update = ValidateUpdate;
  t.validate_status = ValidateStatus;
  t.prepare_create = Prepare;
  t.prepare_update = [](Json& obj, const Json&) { Prepare(obj); };
  t.field_selectors = {"status.replicas"};
  t.field_value = [](const Json& obj, const std::string& field) -> std::optional<std::string> {
    if (field == "status.replicas") return std::to_string(GetInt(obj, {"status", "replicas"}));
    return std::nullopt;
  };
  return t;
}

}  // namespace stead::api::kinds
