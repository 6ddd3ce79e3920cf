// apps/v1 StatefulSet: defaults (SetDefaults_StatefulSet with the
// MaxUnavailableStatefulSet feature on), validation as in Kubernetes 1.32 plus
// the later spec.serviceName DNS-label check, and the update rule that only
// replicas, ordinals, template, updateStrategy,
// persistentVolumeClaimRetentionPolicy and minReadySeconds may change.
#include "api/kinds/defaults.h"
#include "api/kinds/kinds.h"
#include "api/validation/common.h"
#include "api/validation/go_format.h"
#include "api/validation/label_selector.h"
#include "api/validation/object_meta.h"
#include "api/validation/pod_spec.h"
#include "api/validation/workload.h"

namespace stead::api::kinds {
namespace {

namespace v = validation;

constexpr const char* kImmutableSpecMessage =
    "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', "
    "'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and "
    "'minReadySeconds' are forbidden";

void SetDefaults(Json& obj) {
  Json& spec = Ensure(obj, {"spec"});
  if (v::Str(spec, "podManagementPolicy").empty()) spec["podManagementPolicy"] = "OrderedReady";
  Json& strategy = Ensure(spec, {"updateStrategy"});
  if (v::Str(strategy, "type").empty()) {
    strategy["type"] = "RollingUpdate";
    if (v::Get(strategy, "rollingUpdate") == nullptr) strategy["rollingUpdate"] = Json::object();
  }
  if (v::Str(strategy, "type") == "RollingUpdate") {
    if (Json* ru = LookupMutable(strategy, {"rollingUpdate"}); ru && ru->is_object()) {
      if (v::Get(*ru, "partition") == nullptr) (*ru)["partition"] = 0;
      // MaxUnavailableStatefulSet is on in this server.
      if (v::Get(*ru, "maxUnavailable") == nullptr) (*ru)["maxUnavailable"] = 1;
    }
  }
  Json& retention = Ensure(spec, {"persistentVolumeClaimRetentionPolicy"});
  if (v::Str(retention, "whenDeleted").empty()) retention["whenDeleted"] = "Retain";
  if (v::Str(retention, "whenScaled").empty()) retention["whenScaled"] = "Retain";
  if (v::Get(spec, "replicas") == nullptr) spec["replicas"] = 1;
  if (v::Get(spec, "revisionHistoryLimit") == nullptr) spec["revisionHistoryLimit"] = 10;
  if (Json* tmpl = LookupMutable(spec, {"template"})) SetPodTemplateDefaults(*tmpl);
  // Deliberately unlike upstream, claim templates are stored as written
  // (no volumeMode / status.phase defaults): upstream's defaults make
  // `kubectl apply` of an unchanged manifest report "configured" forever.
  // The PVCs created from them are defaulted on creation. See README.
}

std::string GoRollingUpdate(const Json& ru) {
  return "apps.RollingUpdateStatefulSetStrategy{Partition:" +
         std::to_string(v::Int(ru, "partition")) +
         ", MaxUnavailable:" + v::GoPointer("intstr.IntOrString", v::Get(ru, "maxUnavailable")) +
         "}";
}

std::string GoUpdateStrategy(const Json& strategy) {
  return "apps.StatefulSetUpdateStrategy{Type:" + v::GoQuote(v::Str(strategy, "type")) +
         ", RollingUpdate:" +
         v::GoPointer("apps.RollingUpdateStatefulSetStrategy", v::Get(strategy, "rollingUpdate")) +
         "}";
}

void ValidateRollingUpdate(FieldErrorList& errs, const Json& ru, const FieldPath& path) {
  v::ValidateNonnegativeField(errs, v::Int(ru, "partition"), path.Child("partition"));
  const Json* mu = v::Get(ru, "maxUnavailable");
  if (mu == nullptr) return;
  FieldPath mp = path.Child("maxUnavailable");
  Append(errs, ValidatePositiveIntOrPercent(*mu, mp));
  if (v::IntOrPercentValue(*mu) == 0) {
    errs.push_back(FieldError::InvalidRaw(mp, v::RenderIntOrString(*mu), "cannot be 0"));
  }
  Append(errs, IsNotMoreThan100Percent(*mu, mp));
}

void ValidateRetentionPolicyType(FieldErrorList& errs, const Json& policy, const char* key,
                                 const FieldPath& path) {
  std::string value = v::Str(policy, key);
  if (value != "Retain" && value != "Delete") {
    errs.push_back(FieldError::NotSupported(path.Child(key), value, {"Retain", "Delete"}));
  }
}

// ValidateStatefulSetSpec (1.32) with the serviceName check of later versions.
void ValidateSpec(FieldErrorList& errs, const Json& spec, bool allow_invalid_service_name) {
  FieldPath path("spec");
  std::string pmp = v::Str(spec, "podManagementPolicy");
  if (pmp.empty()) {
    errs.push_back(FieldError::Required(path.Child("podManagementPolicy")));
  } else if (pmp != "OrderedReady" && pmp != "Parallel") {
    errs.push_back(v::InvalidString(path.Child("podManagementPolicy"), pmp,
                                    "must be 'OrderedReady' or 'Parallel'"));
  }

  const Json* strategy = v::Get(spec, "updateStrategy");
  const Json empty = Json::object();
  const Json& st = strategy ? *strategy : empty;
  std::string type = v::Str(st, "type");
  const Json* ru = v::Get(st, "rollingUpdate");
  FieldPath sp = path.Child("updateStrategy");
  if (type.empty()) {
    errs.push_back(FieldError::Required(sp));
  } else if (type == "OnDelete") {
    if (ru) {
      errs.push_back(FieldError::InvalidRaw(sp.Child("rollingUpdate"), GoRollingUpdate(*ru),
                                            "only allowed for updateStrategy 'RollingUpdate'"));
    }
  } else if (type == "RollingUpdate") {
    if (ru) ValidateRollingUpdate(errs, *ru, sp.Child("rollingUpdate"));
  } else {
    errs.push_back(
        FieldError::InvalidRaw(sp, GoUpdateStrategy(st), "must be 'RollingUpdate' or 'OnDelete'"));
  }

  if (const Json* policy = v::Get(spec, "persistentVolumeClaimRetentionPolicy")) {
    FieldPath pp = path.Child("persistentVolumeClaimRetentionPolicy");
    ValidateRetentionPolicyType(errs, *policy, "whenDeleted", pp);
    ValidateRetentionPolicyType(errs, *policy, "whenScaled", pp);
  }

  v::ValidateNonnegativeField(errs, v::Int(spec, "replicas"), path.Child("replicas"));
  v::ValidateNonnegativeField(errs, v::Int(spec, "minReadySeconds"), path.Child("minReadySeconds"));
  if (const Json* ordinals = v::Get(spec, "ordinals")) {
    v::ValidateNonnegativeField(errs, v::Int(*ordinals, "start"), path.Child("ordinals.start"));
  }
  std::string service_name = v::Str(spec, "serviceName");
  if (!service_name.empty() && !allow_invalid_service_name) {
    v::ValidateDNS1123Label(errs, service_name, path.Child("serviceName"));
  }

  const Json* selector = v::Get(spec, "selector");
  v::ValidateWorkloadSelector(errs, spec, "statefulset", path);
  FieldPath tp = path.Child("template");
  if (!v::SelectorConvertible(selector)) {
    errs.push_back(
        FieldError::InvalidRaw(path.Child("selector"), v::GoSelectorOrNull(selector), ""));
  } else {
    // 1.32 validates only the template's metadata, not its pod spec.
    const Json* tmpl = v::Get(spec, "template");
    const Json& t = tmpl ? *tmpl : empty;
    v::ValidateTemplateMatchesSelector(errs, selector, t, tp);
    const Json* meta = v::Get(t, "metadata");
    v::ValidateLabels(errs, meta ? v::Get(*meta, "labels") : nullptr, tp.Child("labels"));
    v::ValidateAnnotations(errs, meta ? v::Get(*meta, "annotations") : nullptr,
                           tp.Child("annotations"));
    const Json* pod_spec = v::Get(t, "spec");
    v::ValidatePodSpecificAnnotations(errs, meta ? v::Get(*meta, "annotations") : nullptr,
                                      pod_spec ? *pod_spec : empty, tp.Child("annotations"), {});
  }
  std::string restart = GetString(spec, {"template", "spec", "restartPolicy"});
  if (restart != "Always") {
    errs.push_back(
        FieldError::NotSupported(tp.Child("spec").Child("restartPolicy"), restart, {"Always"}));
  }
  if (const Json* ads = Lookup(spec, {"template", "spec", "activeDeadlineSeconds"});
      ads && !ads->is_null()) {
    errs.push_back(FieldError::Forbidden(tp.Child("spec").Child("activeDeadlineSeconds"),
                                         "activeDeadlineSeconds in StatefulSet is not Supported"));
  }
}

const Json& SpecOf(const Json& obj) {
  static const Json kEmpty = Json::object();
  const Json* spec = v::Get(obj, "spec");
  return spec ? *spec : kEmpty;
}

void ValidateCreate(const Json& obj, FieldErrorList& errs) {
  ValidateSpec(errs, SpecOf(obj), false);
}

void ValidateUpdate(const Json& obj, const Json& old, FieldErrorList& errs) {
  const Json& spec = SpecOf(obj);
  const Json& old_spec = SpecOf(old);
  // Ratcheting: an invalid serviceName stored before the check existed may stay.
  std::string old_service = v::Str(old_spec, "serviceName");
  bool allow_invalid_service_name = !old_service.empty() &&
                                    !v::IsDNS1123Label(old_service).empty() &&
                                    v::Str(spec, "serviceName") == old_service;
  ValidateSpec(errs, spec, allow_invalid_service_name);

  Json clone = spec;
  for (const char* key : {"replicas", "template", "updateStrategy", "minReadySeconds", "ordinals",
                          "revisionHistoryLimit", "persistentVolumeClaimRetentionPolicy"}) {
    if (const Json* o = v::Get(old_spec, key)) {
      clone[key] = *o;
    } else {
      clone.erase(key);
    }
  }
  if (!v::SemanticEqual(&clone, &old_spec)) {
    errs.push_back(FieldError::Forbidden(FieldPath("spec"), kImmutableSpecMessage));
  }
}

void ValidateStatus(const Json& obj, const Json& old, FieldErrorList& errs) {
  FieldPath path("status");
  const Json* status_p = v::Get(obj, "status");
  const Json empty = Json::object();
  const Json& status = status_p ? *status_p : empty;
  for (const char* f :
       {"replicas", "readyReplicas", "currentReplicas", "updatedReplicas", "availableReplicas"}) {
    v::ValidateNonnegativeField(errs, v::Int(status, f), path.Child(f));
  }
  for (const char* f : {"observedGeneration", "collisionCount"}) {
    if (v::Get(status, f)) v::ValidateNonnegativeField(errs, v::Int(status, f), path.Child(f));
  }
  int64_t replicas = v::Int(status, "replicas");
  for (const char* f :
       {"readyReplicas", "currentReplicas", "updatedReplicas", "availableReplicas"}) {
    if (v::Int(status, f) > replicas) {
      errs.push_back(FieldError::Invalid(path.Child(f), v::Int(status, f),
                                         "cannot be greater than status.replicas"));
    }
  }
  if (v::Int(status, "availableReplicas") > v::Int(status, "readyReplicas")) {
    errs.push_back(FieldError::Invalid(path.Child("availableReplicas"),
                                       v::Int(status, "availableReplicas"),
                                       "cannot be greater than status.readyReplicas"));
  }
  v::ValidateCollisionCountNotDecremented(errs, obj, old);
}

void Prepare(Json& obj) {
  if (Json* spec = LookupMutable(obj, {"spec", "template", "spec"}))
    DropDisabledPodSpecFields(*spec);
}

}  // namespace

ResourceType StatefulSet() {
  ResourceType t;
  t.group = "apps";
  t.version = "v1";
  t.kind = "StatefulSet";
  t.plural = "statefulsets";
  t.singular = "statefulset";
  t.short_names = {"sts"};
  t.categories = {"all"};
  t.namespaced = true;
  t.has_status = true;
  t.has_scale = true;
  t.tracks_generation = true;
  // Pod hostnames come from the set's name, so it must be a DNS label.
  t.name_rule = validation::NameIsDNSLabel;
  t.set_defaults = SetDefaults;
  t.validate_create = ValidateCreate;
  t.validate_update = ValidateUpdate;
  t.validate_status = ValidateStatus;
  t.prepare_create = Prepare;
  t.prepare_update = [](Json& obj, const Json&) { Prepare(obj); };
  return t;
}

}  // namespace stead::api::kinds
