// apps/v1 Deployment: SetDefaults_Deployment, ValidateDeploymentSpec/Status
// and the apps/v1 rule that spec.selector is immutable.
#include "api/kinds/defaults.h"
#include "api/kinds/kinds.h"
#include "api/validation/common.h"
#include "api/validation/go_format.h"
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
  Json& strategy = Ensure(spec, {"strategy"});
  if (v::Str(strategy, "type").empty()) strategy["type"] = "RollingUpdate";
  if (v::Str(strategy, "type") == "RollingUpdate") {
    Json& ru = Ensure(strategy, {"rollingUpdate"});
    if (v::Get(ru, "maxUnavailable") == nullptr) ru["maxUnavailable"] = "25%";
    if (v::Get(ru, "maxSurge") == nullptr) ru["maxSurge"] = "25%";
  }
  if (v::Get(spec, "revisionHistoryLimit") == nullptr) spec["revisionHistoryLimit"] = 10;
  if (v::Get(spec, "progressDeadlineSeconds") == nullptr) spec["progressDeadlineSeconds"] = 600;
  if (Json* tmpl = LookupMutable(spec, {"template"})) SetPodTemplateDefaults(*tmpl);
}

std::string GoStrategy(const Json& strategy) {
  return "apps.DeploymentStrategy{Type:" + v::GoQuote(v::Str(strategy, "type")) +
         ", RollingUpdate:" +
         v::GoPointer("apps.RollingUpdateDeployment", v::Get(strategy, "rollingUpdate")) + "}";
}

void ValidateStrategy(FieldErrorList& errs, const Json& strategy, const FieldPath& path) {
  std::string type = v::Str(strategy, "type");
  const Json* ru = v::Get(strategy, "rollingUpdate");
  if (type == "Recreate") {
    if (ru) {
      errs.push_back(FieldError::Forbidden(
          path.Child("rollingUpdate"), "may not be specified when strategy `type` is 'Recreate'"));
    }
  } else if (type == "RollingUpdate") {
    FieldPath rp = path.Child("rollingUpdate");
    if (ru == nullptr) {
      errs.push_back(FieldError::Required(rp, "this should be defaulted and never be nil"));
      return;
    }
    const Json zero = 0;
    const Json* mu = v::Get(*ru, "maxUnavailable");
    const Json* ms = v::Get(*ru, "maxSurge");
    const Json& max_unavailable = mu ? *mu : zero;
    const Json& max_surge = ms ? *ms : zero;
    Append(errs, ValidatePositiveIntOrPercent(max_unavailable, rp.Child("maxUnavailable")));
    Append(errs, ValidatePositiveIntOrPercent(max_surge, rp.Child("maxSurge")));
    if (v::IntOrPercentValue(max_unavailable) == 0 && v::IntOrPercentValue(max_surge) == 0) {
      errs.push_back(FieldError::InvalidRaw(rp.Child("maxUnavailable"),
                                            v::RenderIntOrString(max_unavailable),
                                            "may not be 0 when `maxSurge` is 0"));
    }
    Append(errs, IsNotMoreThan100Percent(max_unavailable, rp.Child("maxUnavailable")));
  } else {
    errs.push_back(FieldError{FieldErrorType::kNotSupported, path.str(), GoStrategy(strategy),
                              "supported values: \"Recreate\", \"RollingUpdate\""});
  }
}

void ValidateSpec(FieldErrorList& errs, const Json& spec) {
  FieldPath path("spec");
  v::ValidateNonnegativeField(errs, v::Int(spec, "replicas"), path.Child("replicas"));
  v::ValidateWorkloadSelector(errs, spec, "deployment", path);
  const Json* selector = v::Get(spec, "selector");
  if (!v::SelectorConvertible(selector)) {
    errs.push_back(FieldError::InvalidRaw(path.Child("selector"), v::GoSelectorOrNull(selector),
                                          "invalid label selector"));
  } else {
    v::ValidatePodTemplateSpecForReplicaSet(errs, v::Get(spec, "template"), selector, "ReplicaSet",
                                            path.Child("template"), {});
  }
  const Json* strategy = v::Get(spec, "strategy");
  ValidateStrategy(errs, strategy ? *strategy : Json::object(), path.Child("strategy"));
  v::ValidateNonnegativeField(errs, v::Int(spec, "minReadySeconds"), path.Child("minReadySeconds"));
  if (v::Get(spec, "revisionHistoryLimit")) {
    v::ValidateNonnegativeField(errs, v::Int(spec, "revisionHistoryLimit"),
                                path.Child("revisionHistoryLimit"));
  }
  if (v::Get(spec, "progressDeadlineSeconds")) {
    int64_t pds = v::Int(spec, "progressDeadlineSeconds");
    v::ValidateNonnegativeField(errs, pds, path.Child("progressDeadlineSeconds"));
    if (pds <= v::Int(spec, "minReadySeconds")) {
      errs.push_back(FieldError::Invalid(path.Child("progressDeadlineSeconds"), pds,
                                         "must be greater than minReadySeconds"));
    }
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
  for (const char* f : {"observedGeneration", "replicas", "updatedReplicas", "readyReplicas",
                        "availableReplicas", "unavailableReplicas"}) {
    v::ValidateNonnegativeField(errs, v::Int(status, f), path.Child(f));
  }
  if (v::Get(status, "collisionCount")) {
    v::ValidateNonnegativeField(errs, v::Int(status, "collisionCount"),
                                path.Child("collisionCount"));
  }
  int64_t replicas = v::Int(status, "replicas");
  for (const char* f : {"updatedReplicas", "readyReplicas", "availableReplicas"}) {
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
  v::ValidateCollisionCountNotDecremented(errs, obj, old);
}

void Prepare(Json& obj) {
  if (Json* spec = LookupMutable(obj, {"spec", "template", "spec"}))
    DropDisabledPodSpecFields(*spec);
}

}  // namespace

ResourceType Deployment() {
  ResourceType t;
  t.group = "apps";
  t.version = "v1";
  t.kind = "Deployment";
  t.plural = "deployments";
  t.singular = "deployment";
  t.short_names = {"deploy"};
  t.categories = {"all"};
  t.namespaced = true;
  t.has_status = true;
  t.has_scale = true;
  t.tracks_generation = true;
  t.set_defaults = SetDefaults;
  t.validate_create = ValidateCreate;
  t.validate_update = ValidateUpdate;
  t.validate_status = ValidateStatus;
  // deploymentStatusStrategy: the labels stay; annotations (the revision the
  // controller records with its status) go through.
  t.status_keeps_metadata = {"labels"};
  t.prepare_create = Prepare;
  t.prepare_update = [](Json& obj, const Json&) { Prepare(obj); };
  return t;
}

}  // namespace stead::api::kinds
